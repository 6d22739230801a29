/**
 * OCR with tesseract.js, strictly offline. Language data comes from the
 * `@tesseract.js-data/<lang>` npm packages through `langPath`, and only installed languages are
 * ever requested: without a local file tesseract.js falls back to a CDN download, and offline
 * that failure kills the process from inside the worker thread where nothing can catch it.
 * `cacheMethod: 'none'` stops it from writing `.traineddata` files into the working directory.
 * (Passing the data as `{ code, data }` objects is broken in tesseract.js 7: it initialises
 * with the bytes as the language name.)
 *
 * One worker is started lazily and reused, because starting it and loading a language costs
 * more than recognising a page. Calls are serialised: a worker recognises one image at a time,
 * and switching languages must not tear down a worker that is still busy.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import Tesseract from 'tesseract.js';

export interface OcrResult {
  text: string;
  /** Tesseract's mean word confidence, 0–100. */
  confidence: number;
}

const require = createRequire(import.meta.url);
/** The smaller integer "best" models: near-best accuracy at a fraction of the load time. */
const MODEL_DIR = '4.0.0_best_int';

let current: { key: string; worker: Promise<Tesseract.Worker> } | undefined;
let queue: Promise<unknown> = Promise.resolve();

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
    if (!existsSync(link)) await symlink(file, link).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
  }
  return dir;
}

async function startWorker(languages: string[]): Promise<Tesseract.Worker> {
  return Tesseract.createWorker(languages, Tesseract.OEM.LSTM_ONLY, {
    langPath: await languageDir(languages),
    cacheMethod: 'none',
    gzip: true,
    logger: () => undefined,
    // Without a handler tesseract.js rethrows worker errors where they cannot be caught.
    errorHandler: () => undefined,
  });
}

async function workerFor(languages: string[]): Promise<Tesseract.Worker> {
  const key = languages.join('+');
  if (current?.key !== key) {
    await terminateCurrent();
    current = { key, worker: startWorker(languages) };
  }
  const entry = current;
  try {
    return await entry.worker;
  } catch (err) {
    if (current === entry) current = undefined;
    throw err;
  }
}

async function terminateCurrent(): Promise<void> {
  const entry = current;
  current = undefined;
  if (!entry) return;
  const worker = await entry.worker.catch(() => undefined);
  await worker?.terminate().catch(() => undefined);
}

/** Recognise the text in a PNG (or JPEG) image with the given tesseract language codes. */
export function ocrImage(image: Uint8Array | Buffer, languages: string[]): Promise<OcrResult> {
  const run = queue.then(async () => {
    const worker = await workerFor(availableLanguages(languages));
    const { data } = await worker.recognize(Buffer.from(image.buffer, image.byteOffset, image.byteLength));
    return { text: data.text ?? '', confidence: data.confidence ?? 0 };
  });
  queue = run.catch(() => undefined);
  return run;
}

/** Stop the OCR worker (at shutdown, and in tests so the process can exit). */
export function terminateOcr(): Promise<void> {
  const run = queue.then(terminateCurrent);
  queue = run.catch(() => undefined);
  return run;
}
