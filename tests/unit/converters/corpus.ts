/**
 * Access to the shared test corpus (/work/shared/corpus, beside the repository), read in place.
 * The corpus is not part of the repository, so suites skip when it is absent.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ConversionResult, Converter, ConvertOptions } from '../../../src/converters/core/types.js';
import { defaultConvertOptions } from '../../../src/converters/core/types.js';
import { tokenF1 } from '../../../src/converters/quality/token-f1.js';

export const corpusRoot = path.resolve(process.cwd(), '../shared/corpus');
export const hasCorpus = existsSync(corpusRoot);

/**
 * Whether a reference tool (poppler, qpdf) is on the machine. Tests that compare with one skip
 * without it on a developer's machine; with CI set a missing tool fails the run instead, so a
 * clean machine whose `.ci/run` forgot to install it cannot pass by skipping.
 */
export function hasTool(command: string, versionArgs: readonly string[]): boolean {
  try {
    execFileSync(command, versionArgs, { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI) throw new Error(`${command} is not installed; .ci/run installs it`);
    return false;
  }
}

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

/**
 * Detects the format from the head, as uploads are (the whole file is read only when the head
 * leaves a provisional verdict), and converts through the registry.
 */
export async function convertDetected(
  bytes: Uint8Array,
  filename?: string,
  options: ConvertOptions = defaultConvertOptions,
): Promise<ConversionResult> {
  const { convert, detectFormat } = await import('../../../src/converters/registry.js');
  const format = await detectFormat(bytes.subarray(0, 64 * 1024), filename, async () => bytes);
  if (!format) throw new Error(`${filename ?? 'input'}: format not detected`);
  return convert({ bytes, mimeType: format.mimeType, filename, options });
}

/** python3 zipfile rewriting a package: `first` entries, then the rest largest first, then the telling ones. */
const REPACK = `
import io, json, sys, zipfile
src, dst, streamed, first = sys.argv[1], sys.argv[2], sys.argv[3] == '1', json.loads(sys.argv[4])
LAST = ('[Content_Types].xml', 'mimetype', 'META-INF/manifest.xml', 'META-INF/container.xml')
class NoSeek(io.RawIOBase):
    def __init__(self, f): self.f = f
    def writable(self): return True
    def write(self, b): return self.f.write(b)
with zipfile.ZipFile(src) as z, open(dst, 'wb') as f:
    infos = z.infolist()
    head = [i for name in first for i in infos if i.filename == name]
    last = [i for i in infos if i.filename in LAST and i not in head]
    middle = sorted((i for i in infos if i not in head and i not in last), key=lambda i: -i.file_size)
    with zipfile.ZipFile(NoSeek(f) if streamed else f, 'w', zipfile.ZIP_DEFLATED) as out:
        for i in head + middle + last:
            with out.open(i.filename, 'w') as w:
                w.write(z.read(i))
`;

/**
 * A corpus ZIP package rebuilt by python3's zipfile with its entries in another order: `first`
 * (e.g. `_rels/.rels`) at the start, the largest entries next, and the entries file-type looks
 * for ([Content_Types].xml, mimetype, the manifests) at the end, past a 64 KiB head. `streamed`
 * writes it as a streaming writer does, with sizes in data descriptors after the data.
 */
export function repackedCorpusFile(relative: string, first: readonly string[] = ['_rels/.rels'], streamed = false): Uint8Array {
  const dir = mkdtempSync(path.join(tmpdir(), 'docsphere-repack-'));
  try {
    const target = path.join(dir, path.basename(relative));
    execFileSync('python3', ['-c', REPACK, path.join(corpusRoot, relative), target, streamed ? '1' : '0', JSON.stringify(first)]);
    return new Uint8Array(readFileSync(target));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
