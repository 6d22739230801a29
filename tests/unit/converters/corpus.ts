/**
 * Access to the shared test corpus (/work/shared/corpus, beside the repository), read in place.
 * The corpus is not part of the repository, so suites skip when it is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ConversionResult, Converter, ConvertOptions } from '../../../src/converters/core/types.js';
import { defaultConvertOptions } from '../../../src/converters/core/types.js';
import { tokenF1 } from '../../../src/converters/quality/token-f1.js';

export const corpusRoot = path.resolve(process.cwd(), '../shared/corpus');
export const hasCorpus = existsSync(corpusRoot);

export function corpusFile(relative: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(corpusRoot, relative)));
}

/** Documents in a corpus folder that have a `.expected.md` reference beside them. */
export function referencedFiles(folder: string): string[] {
  const names = readdirSync(path.join(corpusRoot, folder));
  return names
    .filter((name) => !name.endsWith('.expected.md') && names.includes(`${name}.expected.md`))
    .sort()
    .map((name) => `${folder}/${name}`);
}

export function convertFile(converter: Converter, relative: string): Promise<ConversionResult> {
  return converter.convert({
    bytes: corpusFile(relative),
    mimeType: converter.mimeTypes[0]!,
    filename: path.basename(relative),
    options: defaultConvertOptions,
  });
}

/** Mean token F1 of a converter over every referenced file of a folder, with per-file scores. */
export async function folderF1(converter: Converter, folder: string): Promise<{ mean: number; scores: Record<string, number> }> {
  const scores: Record<string, number> = {};
  for (const file of referencedFiles(folder)) {
    const { markdown } = await convertFile(converter, file);
    const reference = readFileSync(path.join(corpusRoot, `${file}.expected.md`), 'utf8');
    scores[file] = tokenF1(markdown, reference).f1;
  }
  const values = Object.values(scores);
  return { mean: values.reduce((sum, f1) => sum + f1, 0) / values.length, scores };
}

/** Detects the format from the head, as uploads are, and converts through the registry. */
export async function convertDetected(
  bytes: Uint8Array,
  filename?: string,
  options: ConvertOptions = defaultConvertOptions,
): Promise<ConversionResult> {
  const { convert, detectFormat } = await import('../../../src/converters/registry.js');
  const format = await detectFormat(bytes.subarray(0, 64 * 1024), filename);
  if (!format) throw new Error(`${filename ?? 'input'}: format not detected`);
  return convert({ bytes, mimeType: format.mimeType, filename, options });
}
