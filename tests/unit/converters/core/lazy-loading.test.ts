/**
 * Converters load lazily: the registry lists declarations, and a converter's implementation
 * (with its libraries) is imported the first time a file of its format is converted. A child
 * process imports the registry, detects and converts one file, and reports every package it
 * loaded (tests/helpers/module-trace.mjs); a Markdown file must not load the PDF engine, OCR or
 * the Office stack. The DOCX and PDF runs show that the trace does see those packages when they
 * are used, so the Markdown check can fail.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { corpusRoot, hasCorpus } from '../corpus.js';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const TRACE = path.join(ROOT, 'tests/helpers/module-trace.mjs');

/** Libraries only some formats need; the package folder names as they appear in paths. */
const HEAVY = [
  'pdfjs-dist',
  '@embedpdf/pdfium',
  '@napi-rs/canvas',
  'tesseract.js',
  'mammoth',
  'jszip',
  '@e965/xlsx',
  'cfb',
  'word-extractor',
  '@kenjiuno/msgreader',
  'postal-mime',
  '@mozilla/readability',
  'turndown',
];

/** Packages loaded while importing the registry, detecting `file` and converting it. */
async function packagesLoadedFor(file: string): Promise<Set<string>> {
  const script = `
    import { readFileSync } from 'node:fs';
    const { convert, detectFormat } = await import(${JSON.stringify(path.join(ROOT, 'src/converters/registry.ts'))});
    const bytes = new Uint8Array(readFileSync(${JSON.stringify(file)}));
    const format = await detectFormat(bytes.subarray(0, 65536), ${JSON.stringify(path.basename(file))}, async () => bytes);
    const result = await convert({ bytes, mimeType: format.mimeType, filename: ${JSON.stringify(path.basename(file))}, options: { ocr: 'OFF', languages: ['eng'] } });
    if (!result.markdown) throw new Error('empty conversion');
  `;
  const { stderr } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--import', TRACE, '--input-type=module', '-e', script],
    { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
  );
  const packages = new Set<string>();
  for (const match of stderr.matchAll(/^LOADED .*node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)) packages.add(match[1]!);
  return packages;
}

const heavyIn = (packages: Set<string>) => HEAVY.filter((name) => packages.has(name));

describe.runIf(hasCorpus)('converters load on first use', () => {
  it('converts Markdown without loading the PDF engine, OCR or Office libraries', async () => {
    const packages = await packagesLoadedFor(path.join(corpusRoot, 'md/duck.md'));
    // The trace works: the Markdown path's own libraries are seen.
    expect(packages.has('marked')).toBe(true);
    expect(heavyIn(packages)).toEqual([]);
  });

  it('converts HTML without loading the PDF engine, OCR or Office libraries', async () => {
    const packages = await packagesLoadedFor(path.join(corpusRoot, 'html/example_03.html'));
    expect(heavyIn(packages)).toEqual(['@mozilla/readability', 'turndown']);
  });

  it('loads the Office stack for a DOCX, and still no PDF engine or OCR', async () => {
    const packages = await packagesLoadedFor(path.join(corpusRoot, 'docx/lorem_ipsum.docx'));
    expect(packages.has('mammoth')).toBe(true);
    expect(packages.has('jszip')).toBe(true);
    expect(heavyIn(packages).filter((name) => /pdf|tesseract|canvas|xlsx/.test(name))).toEqual([]);
  });
});
