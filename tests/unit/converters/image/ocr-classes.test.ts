/**
 * OCR of image classes that scored well below the tesseract CLI (issue 15, class 5): table
 * pages, low-resolution scans, pages scanned sideways. The images are made from corpus pages
 * with references by poppler's pdftoppm, and the CLI reads the very same files with the very
 * same models (the npm packages' traineddata, unpacked), so the comparison is of the pipeline,
 * not of the model.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Tesseract from 'tesseract.js';
import { readableText, terminateOcr, unreadableLine } from '../../../../src/converters/image/ocr.js';
import { defaultConvertOptions } from '../../../../src/converters/core/types.js';
import { tokenF1 } from '../../../../src/converters/quality/token-f1.js';
import { convertDetected, corpusRoot, hasCorpus, hasTool } from '../corpus.js';

const LANGUAGES = ['eng', 'deu'];
const tools = hasCorpus && hasTool('pdftoppm', ['-v']) && hasTool('tesseract', ['--version']);

let work = '';
let tessdata = '';

/** The page image pdftoppm makes of a corpus PDF's first page with these flags. */
function pageImage(source: string, flags: string[]): string {
  const out = path.join(work, `${path.basename(source, '.pdf')}-${flags.join('')}`);
  execFileSync('pdftoppm', [...flags, '-f', '1', '-l', '1', '-singlefile', path.join(corpusRoot, source), out]);
  return `${out}.png`;
}

const reference = (source: string) => readFileSync(path.join(corpusRoot, `${source}.expected.md`), 'utf8');

async function ours(image: string): Promise<string> {
  const result = await convertDetected(new Uint8Array(readFileSync(image)), undefined, { ...defaultConvertOptions, languages: LANGUAGES });
  return result.markdown;
}

function cli(image: string): string {
  return execFileSync('tesseract', [image, '-', '--tessdata-dir', tessdata, '-l', LANGUAGES.join('+')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}

beforeAll(() => {
  if (!tools) return;
  work = mkdtempSync(path.join(tmpdir(), 'ocr-classes-'));
  tessdata = path.join(work, 'tessdata');
  mkdirSync(tessdata);
  const require = createRequire(import.meta.url);
  for (const code of LANGUAGES) {
    const pkg = path.dirname(require.resolve(`@tesseract.js-data/${code}/package.json`));
    const data = gunzipSync(readFileSync(path.join(pkg, '4.0.0_best_int', `${code}.traineddata.gz`)));
    writeFileSync(path.join(tessdata, `${code}.traineddata`), data);
  }
});

afterAll(async () => {
  await terminateOcr();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!tools)('image OCR against the tesseract CLI on the same image', () => {
  // Read as one block (tesseract.js's default mode 6) the table's columns ran together: 0.89
  // against the CLI's 0.96. The tolerance covers the two builds' rounding, not that gap.
  it.each([
    ['a table page at 150 dpi', 'pdf/2305.03393v1-pg9.pdf', ['-r', '150', '-png']],
    ['a low-resolution grey scan at 100 dpi', 'pdf/amt_handbook_sample.pdf', ['-r', '100', '-gray', '-png']],
    ['a two-column screenshot at 96 dpi', 'pdf/picture_classification.pdf', ['-r', '96', '-png']],
  ])('reads %s at least as well as the CLI', { timeout: 180_000 }, async (_, source, flags) => {
    const image = pageImage(source, flags);
    const want = reference(source);
    const mine = tokenF1(await ours(image), want).f1;
    const theirs = tokenF1(cli(image), want).f1;
    console.info(source, flags.join(' '), 'ours', mine.toFixed(3), 'CLI', theirs.toFixed(3));
    // Multi-page references (picture_classification) hold both pages: compare, do not threshold.
    expect(mine).toBeGreaterThanOrEqual(theirs - 0.01);
  });

  // A figure's strokes read as letters ("KE: 2a", "e a") are lines tesseract itself scores
  // below 30: the CLI prints them, we drop them, and that alone put this page above the CLI
  // (0.978 against 0.975; 0.974 before).
  it(
    'drops the lines tesseract cannot read, and so reads a 300 dpi page with figures better than the CLI',
    { timeout: 180_000 },
    async () => {
      const source = 'pdf/amt_handbook_sample.pdf';
      const image = pageImage(source, ['-r', '300', '-png']);
      const want = reference(source);
      const mine = tokenF1(await ours(image), want);
      const theirs = tokenF1(cli(image), want);
      console.info(source, '300 dpi: ours', mine.f1.toFixed(4), 'CLI', theirs.f1.toFixed(4));
      expect(mine.precision).toBeGreaterThan(theirs.precision);
      expect(mine.f1).toBeGreaterThan(theirs.f1);
    },
  );

  it("keeps tesseract's own text and layout, less exactly the unreadable lines", { timeout: 180_000 }, async () => {
    const worker = await Tesseract.createWorker(['eng'], Tesseract.OEM.LSTM_ONLY, {
      langPath: tessdata,
      cacheMethod: 'none',
      gzip: false,
      logger: () => undefined,
    });
    try {
      const read = async (source: string) => {
        const image = readFileSync(pageImage(source, ['-r', '300', '-png']));
        const { data } = await worker.recognize(image, { tessedit_pageseg_mode: '3' } as Partial<Tesseract.RecognizeOptions>, {
          text: true,
          blocks: true,
        });
        return { text: data.text, blocks: data.blocks ?? [] };
      };
      // A clean scan has no unreadable line: the same text, byte for byte.
      const clean = await read('ocr/ocr_test.pdf');
      expect(clean.blocks.length).toBeGreaterThan(0);
      expect(readableText(clean.blocks)).toBe(clean.text);
      // The handbook page's figures have some: those go, every other line stays, in order.
      const figures = await read('pdf/amt_handbook_sample.pdf');
      const lines = figures.blocks.flatMap((b) => b.paragraphs.flatMap((p) => p.lines));
      const unreadable = lines.filter(unreadableLine);
      expect(unreadable.length).toBeGreaterThan(0);
      const kept = readableText(figures.blocks).split('\n').filter(Boolean);
      expect(kept).toEqual(lines.filter((line) => !unreadable.includes(line)).map((line) => line.text.replace(/\n+$/, '')));
    } finally {
      await worker.terminate();
    }
  });

  it('turns a page scanned sideways or upside down upright before reading it', { timeout: 180_000 }, async () => {
    for (const turn of [90, 180, 270]) {
      const source = `ocr/ocr_test_rotated_${turn}.pdf`;
      const image = pageImage(source, ['-r', '150', '-png']);
      const { f1 } = tokenF1(await ours(image), reference(source));
      expect(f1, source).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('reads grey LZW TIFF scans of a two-page document', { timeout: 180_000 }, async () => {
    const source = 'pdf/picture_classification.pdf';
    const prefix = path.join(work, 'frames');
    execFileSync('pdftoppm', ['-r', '200', '-gray', '-tiff', '-tiffcompression', 'lzw', path.join(corpusRoot, source), prefix]);
    const pages = readdirSync(work).filter((f) => f.startsWith('frames') && f.endsWith('.tif'));
    expect(pages).toHaveLength(2);
    let text = '';
    for (const page of pages.sort()) text += `${await ours(path.join(work, page))}\n`;
    expect(tokenF1(text, reference(source)).f1).toBeGreaterThanOrEqual(0.9);
  });
});
