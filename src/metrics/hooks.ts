import { toAppError } from '../errors.js';
import {
  extractionDuration,
  extractionFileSize,
  extractionRequests,
  failures,
  jobDuration,
  ocrPages,
  uploadBytes,
  uploads,
} from './registry.js';

/**
 * One-line hooks for the pipeline, services and doors: callers wrap an edge (a conversion, a
 * stage) instead of reaching into prom-client, so metric names live in one module.
 */

/** Wraps one conversion: counts it by format and outcome, times it, and counts OCR pages. */
export async function observeConversion<T extends { pages: readonly { ocr: boolean }[] }>(
  format: string,
  sizeBytes: number,
  run: () => Promise<T>,
): Promise<T> {
  extractionFileSize.observe({ format }, sizeBytes);
  const end = extractionDuration.startTimer({ format });
  try {
    const result = await run();
    extractionRequests.inc({ format, outcome: 'ok' });
    ocrPages.inc(result.pages.filter((p) => p.ocr).length);
    return result;
  } catch (err) {
    extractionRequests.inc({ format, outcome: toAppError(err).code });
    throw err;
  } finally {
    end();
  }
}

/** Times one pipeline stage; a stale job (document changed underneath) counts as 'stale'. */
export async function observeStage<T>(stage: string, run: () => Promise<T>): Promise<T> {
  const end = jobDuration.startTimer({ stage });
  try {
    const result = await run();
    end({ outcome: 'ok' });
    return result;
  } catch (err) {
    end({ outcome: (err as Error)?.name === 'StaleJobError' ? 'stale' : toAppError(err).code });
    throw err;
  }
}

export function recordFailure(code: string): void {
  failures.inc({ code });
}

export function recordUpload(sizeBytes: number, duplicate: boolean): void {
  uploadBytes.inc(sizeBytes);
  uploads.inc({ outcome: duplicate ? 'duplicate' : 'created' });
}
