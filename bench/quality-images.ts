/**
 * The image rows of `npm run bench:quality`: OCR of images, ours next to the tesseract CLI on
 * the very same image files with the very same language data (the npm packages' best_int
 * models, unpacked), both scored by token F1 against the corpus reference.
 *
 * The corpus has one image with a reference (webp/), so the other classes are made here from
 * corpus pages that have references, by the tools that make such images in the wild: poppler's
 * `pdftoppm` / `pdftocairo` for scanner output (PNG 300 dpi, TIFF, low-resolution grey), JPEG at
 * photo quality, screen-resolution screenshots, a transparent PNG, and table pages. Apart from
 * quality.ts so that file's other editors and this one do not collide; quality.ts calls
 * `imageRows` and prints its table. Run alone: `npx tsx bench/quality-images.ts`.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { createGunzip } from 'node:zlib';
import { terminateOcr } from '../src/converters/image/ocr.js';
import { tokenF1 } from '../src/converters/quality/token-f1.js';
import { toAppError } from '../src/errors.js';
import { extractDocument } from '../src/services/documents/extract-document.js';
import { CORPUS, fmt, machine, mean, table, timed, today, writeSection } from './tools.js';

/** The languages both sides read with: what the rest of the quality bench uses. */
const LANGUAGES = ['eng', 'deu'];
const TIMEOUT_MS = 300_000;

interface ImageCase {
  /** The image class this case stands for (one table row per class). */
  kind: string;
  /** A corpus file with a `.expected.md` beside it. */
  source: string;
  /** Makes the image file(s) from `source` in `out` (prefix without extension); none: read as is. */
  make?: (source: string, out: string) => Promise<void>;
  /**
   * When `make` leaves two files: the extension of the one we read; the CLI reads the other
   * (leptonica has no HEIC decoder, so it reads the PNG the HEIC was encoded from).
   */
  oursOnly?: string;
}

const run = async (command: string, args: string[]) => {
  const r = await timed(command, args, { timeoutMs: TIMEOUT_MS });
  if (r.code !== 0) throw new Error(`${command} ${args.join(' ')}: ${r.stderr}`);
};
const ppm = (flags: string[]) => (source: string, out: string) => run('pdftoppm', [...flags, source, out]);

const CASES: readonly ImageCase[] = [
  { kind: 'WebP (corpus)', source: 'webp/webp-test.webp' },
  { kind: 'PNG scan, 300 dpi', source: 'ocr/ocr_test.pdf', make: ppm(['-r', '300', '-png']) },
  { kind: 'PNG scan, 300 dpi', source: 'pdf/amt_handbook_sample.pdf', make: ppm(['-r', '300', '-png']) },
  { kind: 'TIFF scan, 300 dpi grey', source: 'ocr/ocr_test.pdf', make: ppm(['-r', '300', '-gray', '-tiff', '-tiffcompression', 'lzw']) },
  {
    kind: 'TIFF scan, 300 dpi grey',
    source: 'pdf/picture_classification.pdf',
    make: ppm(['-r', '300', '-gray', '-tiff', '-tiffcompression', 'lzw']),
  },
  { kind: 'JPEG photo quality', source: 'ocr/ocr_test.pdf', make: ppm(['-r', '200', '-jpeg', '-jpegopt', 'quality=55']) },
  { kind: 'JPEG photo quality', source: 'pdf/code_and_formula.pdf', make: ppm(['-r', '200', '-jpeg', '-jpegopt', 'quality=55']) },
  { kind: 'low-resolution scan, 100 dpi grey', source: 'ocr/ocr_test.pdf', make: ppm(['-r', '100', '-gray', '-png']) },
  { kind: 'low-resolution scan, 100 dpi grey', source: 'pdf/amt_handbook_sample.pdf', make: ppm(['-r', '100', '-gray', '-png']) },
  { kind: 'screenshot, 96 dpi PNG', source: 'pdf/code_and_formula.pdf', make: ppm(['-r', '96', '-png']) },
  { kind: 'screenshot, 96 dpi PNG', source: 'pdf/picture_classification.pdf', make: ppm(['-r', '96', '-png']) },
  { kind: 'table page, 150 dpi PNG', source: 'pdf/2305.03393v1-pg9.pdf', make: ppm(['-r', '150', '-png']) },
  { kind: 'table page, 150 dpi PNG', source: 'pdf/table_mislabeled_as_picture.pdf', make: ppm(['-r', '150', '-png']) },
  {
    kind: 'transparent PNG, 150 dpi',
    source: 'ocr/ocr_test.pdf',
    make: (source, out) => run('pdftocairo', ['-png', '-transp', '-r', '150', source, out]),
  },
  {
    kind: 'transparent PNG, 150 dpi',
    source: 'pdf/amt_handbook_sample.pdf',
    make: (source, out) => run('pdftocairo', ['-png', '-transp', '-r', '150', source, out]),
  },
  {
    kind: 'HEIC photo (heif-enc; CLI reads its PNG)',
    source: 'ocr/ocr_test.pdf',
    make: async (source, out) => {
      await run('pdftoppm', ['-r', '150', '-png', '-singlefile', source, out]);
      await run('heif-enc', ['-q', '90', '-o', `${out}.heic`, `${out}.png`]);
    },
    oursOnly: '.heic',
  },
  {
    kind: 'HEIC photo (heif-enc; CLI reads its PNG)',
    source: 'pdf/amt_handbook_sample.pdf',
    make: async (source, out) => {
      await run('pdftoppm', ['-r', '150', '-png', '-singlefile', source, out]);
      await run('heif-enc', ['-q', '90', '-o', `${out}.heic`, `${out}.png`]);
    },
    oursOnly: '.heic',
  },
];

/** The npm packages' traineddata, unpacked for the CLI: the same models on both sides. */
async function tessdata(work: string): Promise<string> {
  const dir = path.join(work, 'tessdata');
  await mkdir(dir, { recursive: true });
  const require = createRequire(import.meta.url);
  for (const code of LANGUAGES) {
    const pkg = path.dirname(require.resolve(`@tesseract.js-data/${code}/package.json`));
    await pipeline(
      createReadStream(path.join(pkg, '4.0.0_best_int', `${code}.traineddata.gz`)),
      createGunzip(),
      createWriteStream(path.join(dir, `${code}.traineddata`)),
    );
  }
  return dir;
}

async function ours(file: string): Promise<string> {
  const bytes = new Uint8Array(await readFile(file));
  try {
    const { result } = await extractDocument(
      { bytes, filename: path.basename(file) },
      { ocr: 'AUTO', languages: LANGUAGES },
      { timeoutMs: TIMEOUT_MS },
    );
    return result.markdown;
  } catch (err) {
    process.stderr.write(`${file}: ${toAppError(err).code}\n`);
    return '';
  }
}

async function cli(file: string, dir: string): Promise<string> {
  const r = await timed('tesseract', [file, '-', '--tessdata-dir', dir, '-l', LANGUAGES.join('+')], { timeoutMs: TIMEOUT_MS });
  return r.code === 0 ? r.stdout : '';
}

export interface ImageRow {
  kind: string;
  files: string[];
  ours: number;
  cli: number;
}

/** One row per image class: mean token F1 of ours and of the tesseract CLI over its cases. */
export async function imageRows(): Promise<ImageRow[]> {
  const work = await mkdtemp(path.join(tmpdir(), 'docsphere-quality-images-'));
  try {
    const dir = await tessdata(work);
    const rows = new Map<string, { files: string[]; ours: number[]; cli: number[] }>();
    for (const [n, c] of CASES.entries()) {
      const source = path.join(CORPUS, c.source);
      const want = await readFile(`${source}.expected.md`, 'utf8');
      const caseDir = path.join(work, String(n));
      await mkdir(caseDir);
      await c.make?.(source, path.join(caseDir, 'page'));
      const images = c.make ? (await readdir(caseDir)).sort().map((f) => path.join(caseDir, f)) : [source];
      let a = '';
      let b = '';
      for (const image of images) {
        const mine = !c.oursOnly || image.endsWith(c.oursOnly);
        const theirs = !c.oursOnly || !image.endsWith(c.oursOnly);
        if (mine) a += `${await ours(image)}\n`;
        if (theirs) b += `${await cli(image, dir)}\n`;
      }
      const row = rows.get(c.kind) ?? { files: [], ours: [], cli: [] };
      rows.set(c.kind, row);
      row.files.push(path.basename(c.source));
      row.ours.push(tokenF1(a, want).f1);
      row.cli.push(tokenF1(b, want).f1);
      process.stderr.write(`${c.kind} ${c.source}: ours ${fmt(row.ours.at(-1))} cli ${fmt(row.cli.at(-1))}\n`);
    }
    return [...rows.entries()].map(([kind, r]) => ({ kind, files: r.files, ours: mean(r.ours), cli: mean(r.cli) }));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The rows as a Markdown table, with the mean over all classes last. */
export function imageTable(rows: readonly ImageRow[]): string {
  return table(
    ['image class', 'made from (corpus)', 'F1 ours', 'F1 tesseract CLI'],
    [
      ...rows.map((r) => [r.kind, r.files.join(', '), fmt(r.ours), fmt(r.cli)]),
      ['**all classes**', '', fmt(mean(rows.map((r) => r.ours))), fmt(mean(rows.map((r) => r.cli)))],
    ],
  );
}

/** The `## Extraction quality: images` section of BENCHMARKS.md. */
export async function writeImageSection(rows: readonly ImageRow[], startedAt: string, where: string): Promise<void> {
  const body = [
    `Run ${startedAt} on ${where}.`,
    '',
    `Image OCR, ours (the image converter, languages ${LANGUAGES.join('+')} allowed) against \`tesseract IMAGE - -l ${LANGUAGES.join('+')}\` on the same image files with the same models (the npm packages' best_int traineddata, unpacked), token F1 against the corpus reference of the page the image was made from. Images other than the WebP are made from corpus pages by pdftoppm/pdftocairo (bench/quality-images.ts). The HEIC row is not like for like: ours reads the lossy HEIC (heif-enc -q 90), the CLI the lossless PNG it was encoded from, since leptonica has no HEIC decoder.`,
    '',
    imageTable(rows),
  ].join('\n');
  console.log(body);
  await writeSection('Extraction quality: images', body);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const startedAt = today();
    const where = machine();
    await writeImageSection(await imageRows(), startedAt, where);
  } finally {
    await terminateOcr();
  }
}
