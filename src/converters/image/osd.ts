/**
 * Orientation and script detection (tesseract OSD) for a page before it is read.
 *
 * OSD needs tesseract's legacy engine and the `osd` model (`@tesseract.js-data/osd`), which the
 * LSTM-only recognition workers (ocr.ts) do not load; so it has a worker of its own, started on
 * first use and kept, because starting one costs more than a detection (about 2 s against
 * 0.5-2 s). One worker is enough: detection is a fraction of a recognition's cost, and the
 * worker runs its jobs one after another.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type Tesseract from 'tesseract.js';

export interface PageOsd {
  /** Clockwise degrees that turn the page upright (0, 90, 180 or 270). */
  rotateDegrees: number;
  /** Tesseract's margin for that orientation over the next best; about 2 and up is a clear call. */
  orientationConfidence: number;
  /** Tesseract's script name (`Latin`, `Cyrillic`, `Han`, …), or undefined when it found none. */
  script: string | undefined;
  scriptConfidence: number;
}

const require = createRequire(import.meta.url);

/** The folder holding `osd.traineddata.gz`, or undefined when the package is not installed. */
function osdDir(): string | undefined {
  try {
    const dir = path.join(path.dirname(require.resolve('@tesseract.js-data/osd/package.json')), '4.0.0_best_int');
    return existsSync(path.join(dir, 'osd.traineddata.gz')) ? dir : undefined;
  } catch {
    return undefined;
  }
}

let worker: Promise<Tesseract.Worker> | undefined;

async function startWorker(langPath: string): Promise<Tesseract.Worker> {
  const { default: tesseract } = await import('tesseract.js');
  return tesseract.createWorker('osd', tesseract.OEM.TESSERACT_ONLY, {
    langPath,
    cacheMethod: 'none',
    gzip: true,
    legacyCore: true,
    legacyLang: true,
    logger: () => undefined,
    errorHandler: () => undefined,
  });
}

/**
 * The page's orientation and script, or undefined when OSD is not installed or finds too little
 * text to say (a photo, a blank page): callers then read the page as it is.
 */
export async function detectOsd(image: Uint8Array): Promise<PageOsd | undefined> {
  const dir = osdDir();
  if (!dir) return undefined;
  worker ??= startWorker(dir);
  let data: Tesseract.DetectData;
  try {
    const w = await worker;
    ({ data } = await w.detect(Buffer.from(image.buffer, image.byteOffset, image.byteLength)));
  } catch {
    // A worker that failed to start is dropped so the next page tries again; a page OSD cannot
    // read is read upright.
    const failed = worker;
    worker = undefined;
    await failed.then((w) => w.terminate()).catch(() => undefined);
    return undefined;
  }
  if (data.orientation_degrees === null) return undefined;
  return {
    // Tesseract reports how far the text is turned counter-clockwise; turning it back is the
    // same number of degrees clockwise.
    rotateDegrees: data.orientation_degrees,
    orientationConfidence: data.orientation_confidence ?? 0,
    script: data.script ?? undefined,
    scriptConfidence: data.script_confidence ?? 0,
  };
}

/** Stop the OSD worker (at shutdown, with terminateOcr). */
export async function terminateOsd(): Promise<void> {
  const current = worker;
  worker = undefined;
  await current?.then((w) => w.terminate()).catch(() => undefined);
}
