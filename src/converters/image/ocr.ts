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

export interface OcrResult {
  text: string;
  /** Tesseract's mean word confidence, 0–100. */
  confidence: number;
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
    const { data } = await worker.recognize(bytes, params, { text: true });
    return { text: data.text ?? '', confidence: data.confidence ?? 0 };
  } finally {
    release(slot, failed);
  }
}

/** 8-bit grey pixels, one byte each, rows top to bottom. */
export interface GrayPixels {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/**
 * A PGM comment that pads the header past the first 500 bytes: tesseract.js looks for an EXIF
 * orientation tag by pattern in an image's first 500 bytes, and raw pixels could match it.
 */
const PGM_PADDING = `#${' '.repeat(510)}\n`;

/**
 * Recognise grey pixels. They travel as binary PGM, which leptonica reads by copying rows: no
 * compression on our side and no decompression inside the WebAssembly worker.
 */
export async function ocrGray(image: GrayPixels, languages: string[], options: OcrImageOptions = {}): Promise<OcrResult> {
  return ocrImage(encodePgm(image), languages, options);
}

/**
 * RGBA to luma with the integer ITU-R 601 weights (what leptonica uses for RGB input too),
 * composited over white: a transparent pixel would otherwise read as black ink.
 */
export function rgbaToGray(rgba: Uint8Array, pixels: number): Uint8Array {
  const gray = new Uint8Array(pixels);
  for (let i = 0, j = 0; i < pixels; i++, j += 4) {
    const luma = (77 * (rgba[j] ?? 255) + 150 * (rgba[j + 1] ?? 255) + 29 * (rgba[j + 2] ?? 255) + 128) >> 8;
    const alpha = rgba[j + 3] ?? 255;
    gray[i] = (luma * alpha + 255 * (255 - alpha) + 127) / 255;
  }
  return gray;
}

/** Grey pixels as a binary PGM file that tesseract reads without decompressing anything. */
export function encodePgm(image: GrayPixels): Buffer {
  const header = Buffer.from(`P5\n${PGM_PADDING}${image.width} ${image.height}\n255\n`, 'latin1');
  const pgm = Buffer.allocUnsafe(header.length + image.pixels.length);
  header.copy(pgm, 0);
  pgm.set(image.pixels, header.length);
  return pgm;
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
