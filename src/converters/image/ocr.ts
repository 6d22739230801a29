/**
 * OCR with tesseract.js, strictly offline. Language data comes from the
 * `@tesseract.js-data/<lang>` npm packages through `langPath`, and only installed languages are
 * ever requested: without a local file tesseract.js falls back to a CDN download, and offline
 * that failure kills the process from inside the worker thread where nothing can catch it.
 * `cacheMethod: 'none'` stops it from writing `.traineddata` files into the working directory.
 * (Passing the data as `{ code, data }` objects is broken in tesseract.js 7: it initialises
 * with the bytes as the language name.)
 *
 * Workers form a small pool, one per CPU by default: tesseract is single-threaded inside its
 * worker, so a multi-page scan or a batch of images only uses the machine with several. Workers
 * start lazily and are kept, because starting one and loading a language costs more than
 * recognising a page. Each recognises one image at a time; a worker whose languages differ from
 * a request is replaced only while it is idle, never under a running recognition.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type Tesseract from 'tesseract.js';
import { terminateOsd } from './osd.js';
import { encodePgm, type GrayPixels } from './pnm.js';

export interface OcrResult {
  /** The text of the lines tesseract could read (see `readableText`). */
  text: string;
  /** Tesseract's mean word confidence, 0–100, over every word it found, dropped lines included. */
  confidence: number;
  /**
   * Whether tesseract found any letter or digit at all, in dropped lines too: a page without
   * any is blank, and no other orientation of it will read better.
   */
  inked: boolean;
}

/**
 * A line tesseract reads with a mean confidence below this, and in which no word has three
 * letters in a row, is not text: strokes of a drawing, photo texture or specks read as letters
 * ("KE: 2a", "e a", "N" inside a figure). The CLI prints them; a reader gets nothing from them.
 * A line with a real word stays however unsure tesseract is ("Page?" at 15, a big "2" misread).
 * On the image classes of the quality bench no line of real text was dropped, while the dropped
 * lines lifted a 300 dpi handbook page from 0.974 to 0.978 (the CLI: 0.975).
 */
export const UNREADABLE_LINE_BELOW = 30;

/** Whether tesseract's line is not text (see `UNREADABLE_LINE_BELOW`). */
export function unreadableLine(line: Pick<Tesseract.Line, 'confidence' | 'text'>): boolean {
  return line.confidence < UNREADABLE_LINE_BELOW && !/\p{L}{3}/u.test(line.text);
}

/**
 * The page's text without its unreadable lines, laid out as tesseract lays out its text output
 * (lines end with a newline, paragraphs with a blank line), so a page without any reads exactly
 * as `data.text`.
 */
export function readableText(blocks: readonly Tesseract.Block[]): string {
  let text = '';
  for (const block of blocks) {
    for (const paragraph of block.paragraphs) {
      const lines = paragraph.lines.filter((line) => !unreadableLine(line));
      if (lines.length === paragraph.lines.length) text += paragraph.text;
      else if (lines.length > 0) {
        const ending = /\n*$/.exec(paragraph.text)![0];
        text += `${lines.map((line) => line.text.replace(/\n+$/, '')).join('\n')}${ending}`;
      }
    }
  }
  return text;
}

const require = createRequire(import.meta.url);
/** The smaller integer "best" models: near-best accuracy at a fraction of the load time. */
const MODEL_DIR = '4.0.0_best_int';

interface Slot {
  key: string;
  worker: Promise<Tesseract.Worker>;
  busy: boolean;
}

const slots: Slot[] = [];
/** Callers waiting for a worker to be released; all are woken and each checks again. */
const waiting: Array<() => void> = [];

function wakeAll(): void {
  for (const wake of waiting.splice(0)) wake();
}

/** The traineddata file of an installed language package, or undefined if not installed. */
function languageFile(code: string): string | undefined {
  // Codes become module paths: accept only tesseract's own shape (eng, chi_sim).
  if (!/^[a-z]{3}(?:_[a-z]{3,4})?$/.test(code)) return undefined;
  try {
    const dir = path.dirname(require.resolve(`@tesseract.js-data/${code}/package.json`));
    const file = path.join(dir, MODEL_DIR, `${code}.traineddata.gz`);
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/** Languages that are installed, in the order asked; English when none of them is. */
export function availableLanguages(requested: readonly string[]): string[] {
  const usable = [...new Set(requested)].filter((code) => languageFile(code) !== undefined);
  return usable.length > 0 ? usable : ['eng'];
}

/**
 * `langPath` is one folder, but each language ships in its own package. One language uses its
 * package folder as is; several get a folder of symlinks in the temp directory, named by the
 * language set so concurrent processes agree on it.
 */
async function languageDir(languages: string[]): Promise<string> {
  const files = languages.map((code) => languageFile(code)!);
  if (files.length === 1) return path.dirname(files[0]!);
  const key = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 16);
  const dir = path.join(os.tmpdir(), `docsphere-tessdata-${key}`);
  await mkdir(dir, { recursive: true });
  for (const file of files) {
    const link = path.join(dir, path.basename(file));
    if (!existsSync(link))
      await symlink(file, link).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'EEXIST') throw err;
      });
  }
  return dir;
}

async function startWorker(languages: string[]): Promise<Tesseract.Worker> {
  // Imported here: a process that never recognises an image (most conversions, the CLI on a
  // text file) should not load tesseract.js at all.
  const { default: tesseract } = await import('tesseract.js');
  return tesseract.createWorker(languages, tesseract.OEM.LSTM_ONLY, {
    langPath: await languageDir(languages),
    cacheMethod: 'none',
    gzip: true,
    logger: () => undefined,
    // Without a handler tesseract.js rethrows worker errors where they cannot be caught.
    errorHandler: () => undefined,
  });
}

/** Pool size: what the caller configured, else one worker per CPU. */
function poolSize(requested: number | undefined): number {
  const size = requested ?? os.availableParallelism();
  return Math.max(1, Math.floor(size));
}

async function stopSlot(slot: Slot): Promise<void> {
  const worker = await slot.worker.catch(() => undefined);
  await worker?.terminate().catch(() => undefined);
}

/**
 * An idle worker for these languages: one that already has them, else a new one while the pool
 * is below its size, else an idle one restarted with them; otherwise waits for a release.
 */
async function acquire(languages: string[], size: number): Promise<Slot> {
  const key = languages.join('+');
  for (;;) {
    const idle = slots.filter((slot) => !slot.busy);
    const same = idle.find((slot) => slot.key === key);
    if (same) {
      same.busy = true;
      return same;
    }
    if (slots.length < size) {
      const slot: Slot = { key, worker: startWorker(languages), busy: true };
      slots.push(slot);
      return slot;
    }
    const other = idle[0];
    if (other) {
      other.busy = true;
      await stopSlot(other);
      other.key = key;
      other.worker = startWorker(languages);
      return other;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
}

function release(slot: Slot, failed: boolean): void {
  slot.busy = false;
  // A worker that failed to start is dropped, so the next request starts a fresh one.
  const index = slots.indexOf(slot);
  if (failed && index >= 0) slots.splice(index, 1);
  wakeAll();
}

export interface OcrImageOptions {
  /** Pool size (config OCR_WORKERS); defaults to the number of CPUs. */
  workers?: number;
  /**
   * Tesseract's page segmentation mode. Unset keeps tesseract.js's default, 6 (the image is one
   * block of text); 3 is the tesseract CLI's default, full layout analysis.
   */
  pageSegMode?: number;
  /** The image's resolution when it is known; tesseract otherwise guesses from text height. */
  dpi?: number;
}

/** Tesseract variables for one recognition; the worker restores its previous values after. */
function recognizeParameters(options: OcrImageOptions): Record<string, string> {
  const params: Record<string, string> = {};
  if (options.pageSegMode !== undefined) params['tessedit_pageseg_mode'] = String(options.pageSegMode);
  if (options.dpi !== undefined) params['user_defined_dpi'] = String(Math.round(options.dpi));
  return params;
}

/** Recognise the text in a PNG, JPEG, BMP, WEBP or PNM image with the given tesseract languages. */
export async function ocrImage(image: Uint8Array | Buffer, languages: string[], options: OcrImageOptions = {}): Promise<OcrResult> {
  const slot = await acquire(availableLanguages(languages), poolSize(options.workers));
  let failed = false;
  try {
    const worker = await slot.worker.catch((err: unknown) => {
      failed = true;
      throw err;
    });
    const bytes = Buffer.from(image.buffer, image.byteOffset, image.byteLength);
    // tesseract.js passes options it does not know itself on to tesseract as variables.
    const params = recognizeParameters(options) as Partial<Tesseract.RecognizeOptions>;
    const { data } = await worker.recognize(bytes, params, { text: true, blocks: true });
    const all = data.text ?? '';
    return {
      text: data.blocks ? readableText(data.blocks) : all,
      confidence: data.confidence ?? 0,
      inked: /[\p{L}\p{N}]/u.test(all),
    };
  } finally {
    release(slot, failed);
  }
}

/**
 * Recognise grey pixels. They travel as binary PGM, which leptonica reads by copying rows: no
 * compression on our side and no decompression inside the WebAssembly worker.
 */
export async function ocrGray(image: GrayPixels, languages: string[], options: OcrImageOptions = {}): Promise<OcrResult> {
  return ocrImage(encodePgm(image), languages, options);
}

/**
 * Stop every OCR worker, the OSD one included (at shutdown, and in tests so the process can exit). Recognitions in
 * progress finish first; a later ocrImage call starts a new pool.
 */
export async function terminateOcr(): Promise<void> {
  const all = slots.splice(0, slots.length);
  await Promise.all(
    all.map(async (slot) => {
      while (slot.busy) await new Promise<void>((resolve) => waiting.push(resolve));
      await stopSlot(slot);
    }),
  );
  await terminateOsd();
  wakeAll();
}
