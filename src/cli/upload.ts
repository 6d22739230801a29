/**
 * `docsphere upload PATH...`: files and whole folders (recursively). Each file is hashed locally
 * first and skipped when the server already has those bytes (asked in batches, before anything
 * is sent); the rest stream up `--concurrency` at a time with a byte progress bar, then a second
 * bar follows processing until every document is INDEXED or FAILED. Ends with a table, and a
 * non-zero exit status if any file failed.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type * as CliProgress from 'cli-progress';
import { Command, Option } from 'commander';
import { ErrorCode, toAppError } from '../errors.js';
import { ApiClient, formatBytes, wholeNumber, type ApiDocument } from './api-client.js';
import { shortId } from './document-ids.js';
import { formatTable } from './table.js';
import { fromFsError } from './errors.js';

interface UploadFlags {
  concurrency: number;
  ocr?: 'auto' | 'force' | 'off';
  lang?: string;
  priority?: 'high' | 'normal' | 'low';
  collection?: string;
  wait: boolean;
  timeout: number;
}

interface LocalFile {
  absolute: string;
  /** As given, folder included (`reports/2024/q1.pdf`): what the table shows. */
  display: string;
  /** The folder below (and including) the one given, e.g. `papers/reports/2024`: sent as the document's path. */
  folder?: string;
  size: number;
  sha256?: string;
  outcome?: 'uploaded' | 'duplicate' | 'skipped' | 'failed';
  doc?: ApiDocument;
  error?: string;
}

const EX_DATAERR = 65;

export function uploadCommand(): Command {
  return new Command('upload')
    .description('Upload files and folders (recursively); skips files the server already has')
    .argument('<paths...>', 'files or folders')
    .option('-c, --concurrency <n>', 'parallel uploads', wholeNumber(1, 64), 4)
    .addOption(new Option('--ocr <mode>', 'OCR for pages without a text layer').choices(['auto', 'force', 'off']))
    .option('--lang <codes>', 'OCR languages, e.g. eng,deu')
    .addOption(
      new Option('--priority <level>', 'process before (high) or after (low) your other waiting documents').choices([
        'high',
        'normal',
        'low',
      ]),
    )
    .option('--collection <id>', 'also put the files into this collection (you must be its editor or owner)')
    .option('--no-wait', 'return once uploaded, without waiting for processing')
    .option('--timeout <seconds>', 'stop waiting for processing after this long', wholeNumber(1), 600)
    .action(runUpload);
}

async function runUpload(paths: string[], flags: UploadFlags): Promise<void> {
  // Loaded here, not at the top: `docsphere extract` and the other commands do not need them.
  const [{ default: PQueue }, progress] = await Promise.all([import('p-queue'), import('cli-progress')]);
  const api = await ApiClient.fromSavedLogin();
  const files = (await Promise.all(paths.map((p) => collect(p)))).flat();
  const hashing = new PQueue({ concurrency: 4 });
  await Promise.all(files.map((f) => hashing.add(async () => (f.sha256 = await sha256Of(f.absolute)))));
  // Into a collection, files the server already has are sent anyway: the server answers with the
  // existing document (no second copy) and puts it into the collection.
  if (!flags.collection) await markKnown(api, files);

  const pending = files.filter((f) => !f.outcome);
  const bars = progressBars(progress);
  const bytesBar = bars.create(
    Math.max(
      1,
      pending.reduce((n, f) => n + f.size, 0),
    ),
    0,
    { task: 'upload ', detail: '' },
  );
  let sent = 0;
  const uploads = new PQueue({ concurrency: flags.concurrency });
  await Promise.all(
    pending.map((f) =>
      uploads.add(async () => {
        try {
          const result = await send(api, f, flags, (n) => {
            sent += n;
            bytesBar.update(sent, { detail: `${formatBytes(sent)} ${f.display}` });
          });
          if (result.error) throw Object.assign(new Error(result.error.message), { code: result.error.code });
          f.doc = result.document!;
          f.outcome = result.duplicate ? 'duplicate' : 'uploaded';
        } catch (err) {
          f.outcome = 'failed';
          f.error = describe(err);
        }
      }),
    ),
  );
  bytesBar.update(Math.max(1, sent), { detail: `${formatBytes(sent)} sent` });

  if (flags.wait) await waitForProcessing(api, files, bars, flags.timeout * 1000);
  bars.stop();
  printSummary(files);
  const failed = files.filter((f) => f.outcome === 'failed' || f.doc?.status === 'FAILED');
  if (failed.length) {
    process.stderr.write(`${failed.length} of ${files.length} files failed\n`);
    process.exitCode = EX_DATAERR;
  }
}

/** A file, or every regular file under a folder (dot-files skipped, symlinks not followed). */
async function collect(given: string): Promise<LocalFile[]> {
  const info = await stat(given).catch((err: unknown) => {
    throw fromFsError(err, given);
  });
  if (info.isFile()) return [{ absolute: path.resolve(given), display: given, size: info.size }];
  const out: LocalFile[] = [];
  const base = path.dirname(path.resolve(given));
  const walk = async (dir: string) => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile()) {
        const folder = path.relative(base, path.resolve(dir)).split(path.sep).join('/');
        out.push({ absolute: path.resolve(full), display: full, folder, size: (await stat(full)).size });
      }
    }
  };
  await walk(given);
  return out;
}

function sha256Of(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** One request per 100 hashes: the server answers with the documents it already has. */
async function markKnown(api: ApiClient, files: LocalFile[]) {
  const hashes = [...new Set(files.map((f) => f.sha256!))];
  const known = new Map<string, ApiDocument>();
  for (let i = 0; i < hashes.length; i += 100) {
    const batch = hashes.slice(i, i + 100);
    const page = await api.request<{ items: ApiDocument[] }>(`/api/documents?first=100&sha256=${batch.join(',')}`);
    for (const doc of page.items) known.set(doc.sha256, doc);
  }
  const seen = new Set<string>();
  for (const f of files) {
    const doc = known.get(f.sha256!);
    if (doc) Object.assign(f, { outcome: 'skipped', doc });
    else if (seen.has(f.sha256!)) f.outcome = 'skipped';
    seen.add(f.sha256!);
  }
}

/** A streamed multipart body, counting bytes as they leave: the file is never read whole into memory. */
async function send(api: ApiClient, f: LocalFile, flags: UploadFlags, onBytes: (n: number) => void) {
  const boundary = `----docsphere${Math.random().toString(16).slice(2)}`;
  const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const name = path.basename(f.absolute).replace(/["\r\n]/g, (c) => encodeURIComponent(c));
  const head =
    (flags.ocr ? field('ocr', flags.ocr.toUpperCase()) : '') +
    (flags.lang ? field('languages', flags.lang) : '') +
    (flags.priority ? field('priority', flags.priority.toUpperCase()) : '') +
    (flags.collection ? field('collectionId', flags.collection) : '') +
    (f.folder ? field('path', f.folder) : '') +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  async function* body() {
    yield Buffer.from(head);
    for await (const chunk of createReadStream(f.absolute)) {
      onBytes((chunk as Buffer).length);
      yield chunk as Buffer;
    }
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  const res = await api.request<{
    results: Array<{ document: ApiDocument | null; duplicate: boolean; error: { code: string; message: string } | null }>;
  }>('/api/documents/upload', {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: body() as unknown as BodyInit,
    duplex: 'half',
  });
  return res.results[0]!;
}

async function waitForProcessing(api: ApiClient, files: LocalFile[], bars: Bars, timeoutMs: number) {
  const docs = new Map(files.filter((f) => f.doc).map((f) => [f.doc!.uuid, f]));
  const done = (f: LocalFile) => f.doc!.status === 'INDEXED' || f.doc!.status === 'FAILED';
  const bar = bars.create(Math.max(1, docs.size), 0, { task: 'process', detail: '' });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = [...docs.values()].filter((f) => !done(f));
    bar.update(docs.size - open.length, { detail: `${docs.size - open.length}/${docs.size} processed` });
    if (!open.length || Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 500));
    for (const f of open) {
      f.doc = await api.request<ApiDocument>(`/api/documents/${f.doc!.uuid}`).catch((err: unknown) => {
        // A passing overload is worth another poll; anything else (server gone, key revoked) ends the run.
        if (toAppError(err).code === ErrorCode.RATE_LIMITED) return f.doc!;
        throw err;
      });
      if (f.doc.status === 'FAILED') bars.log(`${f.display}: ${f.doc.error ? `${f.doc.error.code}: ${f.doc.error.message}` : 'FAILED'}\n`);
    }
  }
}

type Bars = ReturnType<typeof progressBars>;

/** Bars on an interactive terminal only: piped into a file or CI log they would be noise. */
function progressBars({ MultiBar, Presets }: typeof CliProgress) {
  const multi = process.stderr.isTTY
    ? new MultiBar(
        { format: ' {task} [{bar}] {percentage}% | {detail}', hideCursor: true, clearOnComplete: false, stream: process.stderr },
        Presets.shades_classic,
      )
    : null;
  return {
    create(total: number, start: number, payload: Record<string, string>) {
      const bar = multi?.create(total, start, payload);
      return { update: (value: number, p: Record<string, string>) => bar?.update(value, p) };
    },
    /** A line above the bars (or straight to stderr when there are none). */
    log: (line: string) => (multi ? multi.log(line) : process.stderr.write(line)),
    stop: () => multi?.stop(),
  };
}

/** Relative to the working directory when the file is under it (shorter), else as typed. */
function shownPath(f: LocalFile): string {
  const relative = path.relative(process.cwd(), f.absolute);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : f.display;
}

/**
 * The table names each file's error code (it stays within 100 columns); the messages, which
 * say what to do, follow it whole, one per failed file.
 */
function printSummary(files: LocalFile[]) {
  const failures: string[] = [];
  const rows = files.map((f) => {
    const error = f.error ?? (f.doc?.error ? `${f.doc.error.code}: ${f.doc.error.message}` : '');
    const shown = shownPath(f);
    if (error) failures.push(`${shown}: ${error}`);
    return [
      shown,
      f.outcome ?? '',
      f.doc?.status ?? '-',
      f.doc ? formatBytes(f.doc.sizeBytes) : formatBytes(f.size),
      f.doc ? shortId(f.doc) : '-',
      error.split(':')[0]!,
    ];
  });
  const table = formatTable(['FILE', 'RESULT', 'STATUS', 'SIZE', 'ID', 'ERROR'], rows, { 0: 'middle' });
  process.stdout.write(`${table}\n${failures.length ? `\n${failures.join('\n')}\n` : ''}`);
}

function describe(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return `${code}: ${(err as Error).message}`;
  const e = toAppError(err);
  return `${e.code}: ${e.code === 'INTERNAL' && err instanceof Error ? err.message : e.message}`;
}
