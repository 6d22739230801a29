/**
 * `npm run bench:quality`: how good our conversions are, per format, on the shared corpus,
 * next to the tool a Debian user would reach for, scored the same way.
 *
 * - Files with a `NAME.expected.md` (docling's output) are scored by normalised token F1
 *   (src/converters/quality/token-f1.ts), ours and the reference tool's: `pdftotext` for PDFs,
 *   `pdftoppm` + `tesseract` for scanned PDFs, `pandoc` for DOCX/HTML/ODT/EPUB/RTF.
 * - tika/ and email/ have no references: the check is "non-empty text".
 * - hostile/: the error code each file gets (a clean code, in bounded time, is the pass).
 * - Issue 15's defect classes (bench/quality-classes.ts): a row per class, with real files
 *   from the corpus or made from it by a real tool at bench time, each checked for its defect.
 * Whatever formats the registry supports when it runs are included; files of other types are
 * listed as unsupported. Conversions run in this process, one at a time, with a time limit.
 *
 * The image classes (OCR against the tesseract CLI) are bench/quality-images.ts, written to their
 * own section ("Extraction quality: images").
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { terminateOcr } from '../src/converters/image/ocr.js';
import { tokenF1 } from '../src/converters/quality/token-f1.js';
import { converterFor } from '../src/converters/registry.js';
import { toAppError } from '../src/errors.js';
import { extractDocument, requireSupportedFormat } from '../src/services/documents/extract-document.js';
import { CLASS_CASES, runClassCases } from './quality-classes.js';
import {
  CORPUS,
  corpusFiles,
  ensureTools,
  expectedFor,
  fmt,
  machine,
  mean,
  table,
  tessdataDir,
  timed,
  today,
  writeSection,
} from './tools.js';
import { imageRows, writeImageSection } from './quality-images.js';

const TIMEOUT_MS = 300_000;

const PANDOC_FROM: Readonly<Record<string, string>> = { docx: 'docx', html: 'html', htm: 'html', odt: 'odt', epub: 'epub', rtf: 'rtf' };

interface Outcome {
  file: string;
  group: string;
  supported: boolean;
  pages: number;
  seconds: number;
  text: string;
  markdown: string;
  code?: string;
}

const rel = (file: string) => path.relative(CORPUS, file);
const topFolder = (file: string) => rel(file).split(path.sep)[0]!;

async function convertFile(file: string): Promise<Outcome> {
  const bytes = new Uint8Array(await readFile(file));
  const filename = path.basename(file);
  // The server's gate: the head, and the whole file where the head only says "compound file".
  const format = await requireSupportedFormat(bytes.subarray(0, 64 * 1024), filename, async () => bytes).catch(() => undefined);
  const converter = format ? converterFor(format.mimeType) : undefined;
  const scanned = topFolder(file) === 'ocr' && format?.mimeType === 'application/pdf';
  const group = converter
    ? `${converter.label}${scanned ? ' (scanned)' : ''}`
    : `unsupported .${path.extname(file).slice(1).toLowerCase()}`;
  const start = process.hrtime.bigint();
  try {
    const { result } = await extractDocument({ bytes, filename }, { ocr: 'AUTO', languages: ['eng', 'deu'] }, { timeoutMs: TIMEOUT_MS });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    return { file, group, supported: !!converter, pages: result.pageCount ?? 1, seconds, text: result.text, markdown: result.markdown };
  } catch (err) {
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    return { file, group, supported: !!converter, pages: 0, seconds, text: '', markdown: '', code: toAppError(err).code };
  }
}

/** The reference tool's output for a file, or undefined where Debian has no tool for it. */
async function reference(file: string, group: string, work: string, tessdata: string): Promise<string | undefined> {
  const ext = path.extname(file).slice(1).toLowerCase();
  if (group === 'PDF') {
    const r = await timed('pdftotext', ['-enc', 'UTF-8', file, '-'], { timeoutMs: TIMEOUT_MS });
    return r.code === 0 ? r.stdout : '';
  }
  if (group === 'PDF (scanned)') {
    const prefix = path.join(work, path.basename(file, '.pdf'));
    await timed('pdftoppm', ['-r', '300', '-png', file, prefix], { timeoutMs: TIMEOUT_MS });
    const pages = (await readdir(work)).filter((f) => f.startsWith(path.basename(prefix)) && f.endsWith('.png')).sort();
    let text = '';
    for (const page of pages) {
      const r = await timed('tesseract', [path.join(work, page), 'stdout', '--tessdata-dir', tessdata, '-l', 'eng', '--oem', '1'], {
        timeoutMs: TIMEOUT_MS,
      });
      text += `${r.stdout}\n`;
    }
    return text;
  }
  const from = PANDOC_FROM[ext];
  if (!from) return undefined;
  const r = await timed('pandoc', ['-f', from, '-t', 'gfm', '--wrap=none', file], { timeoutMs: TIMEOUT_MS });
  return r.code === 0 ? r.stdout : '';
}

const REFERENCE_NAME: Readonly<Record<string, string>> = { PDF: 'pdftotext', 'PDF (scanned)': 'tesseract CLI' };

interface GroupRow {
  files: number;
  scored: number;
  ours: number[];
  ref: number[];
  refTool: Set<string>;
  failures: string[];
  pages: number;
  seconds: number;
}

async function referenceFolders(work: string, tessdata: string) {
  const groups = new Map<string, GroupRow>();
  const skip = new Set(['tika', 'email', 'hostile']);
  const files = (await corpusFiles(CORPUS)).filter((f) => !skip.has(topFolder(f)));
  for (const file of files) {
    const o = await convertFile(file);
    process.stderr.write(`${rel(file)}: ${o.code ?? `${o.text.length} chars`} ${o.seconds.toFixed(2)} s\n`);
    const g = groups.get(o.group) ?? { files: 0, scored: 0, ours: [], ref: [], refTool: new Set(), failures: [], pages: 0, seconds: 0 };
    groups.set(o.group, g);
    g.files++;
    if (o.code) g.failures.push(`${path.basename(file)} (${o.code})`);
    else {
      g.pages += o.pages;
      g.seconds += o.seconds;
    }
    const expected = expectedFor(file);
    if (!expected || !o.supported) continue;
    const want = await readFile(expected, 'utf8');
    g.scored++;
    g.ours.push(tokenF1(o.markdown, want).f1);
    const theirs = await reference(file, o.group, work, tessdata);
    if (theirs !== undefined) {
      g.ref.push(tokenF1(theirs, want).f1);
      g.refTool.add(REFERENCE_NAME[o.group] ?? 'pandoc');
    }
  }
  return groups;
}

async function breadth(folder: string) {
  const rows: { file: string; group: string; ok: boolean; detail: string }[] = [];
  for (const file of await corpusFiles(path.join(CORPUS, folder))) {
    const o = await convertFile(file);
    const ok = !o.code && o.text.trim().length > 0;
    rows.push({ file: rel(file), group: o.group, ok, detail: o.code ?? (ok ? `${o.text.length} chars` : 'empty text') });
  }
  return rows;
}

async function hostile() {
  const rows: string[][] = [];
  for (const file of await corpusFiles(path.join(CORPUS, 'hostile'))) {
    const o = await convertFile(file);
    rows.push([path.basename(file), o.code ?? `converted (${o.text.length} chars)`, fmt(o.seconds, 2)]);
  }
  return rows;
}

async function main() {
  ensureTools(['pdftotext', 'pdftoppm', 'pandoc', 'tesseract']);
  const startedAt = today();
  const where = machine();
  const work = await mkdtemp(path.join(tmpdir(), 'docsphere-quality-'));
  try {
    const tessdata = await tessdataDir(work);
    const groups = await referenceFolders(work, tessdata);
    const breadthRows = [...(await breadth('tika')), ...(await breadth('email'))];
    const hostileRows = await hostile();
    const classes = await runClassCases(CLASS_CASES);
    const images = await imageRows();

    const sorted = [...groups.entries()].sort(
      ([a], [b]) => (a.startsWith('unsupported') ? 1 : 0) - (b.startsWith('unsupported') ? 1 : 0) || a.localeCompare(b),
    );
    const qualityRows = sorted
      .filter(([name]) => !name.startsWith('unsupported'))
      .map(([name, g]) => [
        name,
        g.files,
        g.scored,
        fmt(mean(g.ours)),
        g.ref.length ? `${fmt(mean(g.ref))} (${[...g.refTool].join(', ')})` : '—',
        g.failures.length ? `${g.failures.length}: ${g.failures.join(', ')}` : '0',
        fmt(g.pages / g.seconds, 1),
      ]);
    // The issue's target is over the corpus as a whole: every referenced file counts once.
    const supportedGroups = sorted.filter(([name]) => !name.startsWith('unsupported')).map(([, g]) => g);
    const allOurs = supportedGroups.flatMap((g) => g.ours);
    const refGroups = supportedGroups.filter((g) => g.ref.length > 0);
    qualityRows.push([
      '**all referenced files**',
      supportedGroups.reduce((n, g) => n + g.files, 0),
      allOurs.length,
      `**${fmt(mean(allOurs))}**`,
      `${fmt(mean(refGroups.flatMap((g) => g.ours)))} ours vs ${fmt(mean(refGroups.flatMap((g) => g.ref)))} reference, on the ${refGroups.flatMap((g) => g.ref).length} files a tool reads`,
      String(supportedGroups.reduce((n, g) => n + g.failures.length, 0)),
      '',
    ]);
    const unsupported = sorted
      .filter(([name]) => name.startsWith('unsupported'))
      .map(([name, g]) => `${name.replace('unsupported ', '')} (${g.files})`);

    const byGroup = new Map<string, { files: number; ok: number; failed: string[] }>();
    for (const r of breadthRows) {
      const g = byGroup.get(r.group) ?? { files: 0, ok: 0, failed: [] };
      byGroup.set(r.group, g);
      g.files++;
      if (r.ok) g.ok++;
      else g.failed.push(`${path.basename(r.file)} (${r.detail})`);
    }
    const failures = breadthRows.filter((r) => !r.ok).length;

    const body = [
      `Run ${startedAt} on ${where}.`,
      '',
      "`npm run bench:quality`: every file of `../shared/corpus` converted with the default options (OCR auto, languages eng+deu). F1 is normalised token F1 against `NAME.expected.md` (docling's output, so 1.0 is not reachable by design: it measures the same words coming out, not the same Markdown). The reference column scores the Debian tool's output against the same files. Pages/s counts a document without pages as one page and includes OCR where it ran.",
      '',
      table(
        ['format', 'files', 'with reference', 'mean F1 (ours)', 'mean F1 (reference tool)', 'failures', 'pages/s (docs/s where no pages)'],
        qualityRows,
      ),
      '',
      unsupported.length
        ? `Not supported when this ran (by extension, files): ${unsupported.join(', ')}.`
        : 'Every file type in the reference folders was supported.',
      '',
      `### tika/ and email/: non-empty text (${breadthRows.length - failures} of ${breadthRows.length}; ${failures} failures)`,
      '',
      table(
        ['format', 'files', 'non-empty', 'failures'],
        [...byGroup.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, g]) => [name, g.files, g.ok, g.failed.join(', ') || '—']),
      ),
      '',
      '### hostile/: outcome per file',
      '',
      table(['file', 'code', 'seconds'], hostileRows),
      '',
      `### Issue 15 defect classes (${classes.passed} of ${classes.total} files pass)`,
      '',
      'Each row is one class of the issue; its files come from the corpus or are made from corpus files by a real tool while the bench runs (python3 zipfile, iconv, officecrypto-tool), and go through the upload path unless the row says otherwise. What a check expects is read from the file itself (its parts, its UTF-8 original, its OPF metadata).',
      '',
      classes.summary,
      '',
      classes.detail,
      '',
    ].join('\n');
    console.log(body);
    await writeSection('Extraction quality', body);
    console.error('wrote BENCHMARKS.md (## Extraction quality)');
    await writeImageSection(images, startedAt, where);
  } finally {
    await terminateOcr();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
