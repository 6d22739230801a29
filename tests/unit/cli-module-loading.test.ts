/**
 * What `docsphere extract` loads. Its cold start is a user-facing target (BENCHMARKS.md, start
 * and memory), and the easy way to lose it is an innocent import that drags a large library in:
 * the PDF converter once pulled linkedom (~170 modules) in for a title helper, and the extract
 * use-case prom-client for metrics a one-shot process never serves. The real CLI runs on a real
 * corpus file with a module hook that lists every package it loads.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusRoot, hasCorpus } from './converters/corpus.js';

const BIN = path.resolve('bin/docsphere.js');
const work = mkdtempSync(path.join(tmpdir(), 'cli-loads-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Packages (node_modules names) the CLI loaded while converting `file`, and its stdout. */
function packagesLoaded(file: string): { packages: Set<string>; stdout: string } {
  const log = path.join(work, `${path.basename(file)}.log`);
  const hook = path.join(work, 'hook.mjs');
  writeFileSync(
    hook,
    `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(${JSON.stringify(log)}, url + '\\n');
  return next(url, context);
}
`,
  );
  const register = `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hook).href)});`;
  const r = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(register)}`, BIN, 'extract', '--ocr', 'off', file],
    {
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  expect(r.status, r.stderr).toBe(0);
  const packages = new Set<string>();
  for (const url of readFileSync(log, 'utf8').split('\n')) {
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (m) packages.add(m[1]!);
  }
  return { packages, stdout: r.stdout };
}

describe.skipIf(!hasCorpus)('docsphere extract loads only what the file needs', () => {
  it('a PDF loads PDFium but no DOM library, OCR engine or metrics client', () => {
    const { packages, stdout } = packagesLoaded(path.join(corpusRoot, 'pdf', 'multi_page.pdf'));
    expect(stdout.length).toBeGreaterThan(500);
    expect(packages).toContain('@embedpdf/pdfium');
    for (const heavy of ['linkedom', 'htmlparser2', 'tesseract.js', 'prom-client']) expect(packages).not.toContain(heavy);
  });

  it('a Markdown file loads neither PDFium nor a metrics client', () => {
    const file = path.join(work, 'note.md');
    writeFileSync(file, '# Note\n\nA short paragraph about module loading.\n');
    const { packages, stdout } = packagesLoaded(file);
    expect(stdout).toContain('module loading');
    for (const heavy of ['@embedpdf/pdfium', 'tesseract.js', 'prom-client']) expect(packages).not.toContain(heavy);
  });
});
