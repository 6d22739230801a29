/**
 * Converts files in a process of its own, so the speed benchmark can pin it to one core, give
 * it a wall-clock limit, and read its peak RSS without counting the parent's memory.
 *
 * Usage: tsx bench/convert-child.ts '{"files":[...],"ocr":"OFF","repeat":3,"warmup":true}'
 * Prints one JSON object on stdout: per-file pages and seconds, plus `maxRssBytes`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { terminateOcr } from '../src/converters/image/ocr.js';
import type { OcrMode } from '../src/converters/core/types.js';
import { extractDocument } from '../src/services/documents/extract-document.js';

export interface ChildJob {
  files: string[];
  ocr: OcrMode;
  languages?: string[];
  /** Times each file is converted; seconds are summed over all of them. */
  repeat?: number;
  /** Convert each file once first, untimed: JIT, font and OCR model loading are start-up costs. */
  warmup?: boolean;
}

export interface ChildFileResult {
  file: string;
  pages: number;
  seconds: number;
  chars: number;
  error?: string;
}

export interface ChildReport {
  results: ChildFileResult[];
  maxRssBytes: number;
}

const job = JSON.parse(process.argv[2] ?? '{}') as ChildJob;
const options = { ocr: job.ocr, languages: job.languages ?? ['eng'] };

async function convertOnce(bytes: Uint8Array, file: string) {
  return extractDocument({ bytes, filename: path.basename(file) }, options);
}

const results: ChildFileResult[] = [];
for (const file of job.files) {
  const bytes = new Uint8Array(await readFile(file));
  try {
    if (job.warmup) await convertOnce(bytes, file);
    let seconds = 0;
    let pages = 0;
    let chars = 0;
    for (let i = 0; i < (job.repeat ?? 1); i++) {
      const start = process.hrtime.bigint();
      const { result } = await convertOnce(bytes, file);
      seconds += Number(process.hrtime.bigint() - start) / 1e9;
      pages += result.pageCount ?? 1;
      chars += result.text.length;
    }
    results.push({ file, pages, seconds, chars });
  } catch (err) {
    results.push({
      file,
      pages: 0,
      seconds: 0,
      chars: 0,
      error: err instanceof Error ? `${(err as { code?: string }).code ?? err.name}: ${err.message}` : String(err),
    });
  }
}
await terminateOcr();
// resourceUsage().maxRSS is in kilobytes.
const report: ChildReport = { results, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
process.stdout.write(`${JSON.stringify(report)}\n`);
