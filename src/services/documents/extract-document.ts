import type { Container } from '../../app/container.js';
import { convert, detectFormat, resolveConverter } from '../../converters/registry.js';
import {
  defaultConvertOptions,
  type ConversionResult,
  type ConvertInput,
  type ConvertOptions,
  type DetectedFormat,
} from '../../converters/core/types.js';
import { AppError, ErrorCode, badInput, fileTooLarge, unsupportedFormat } from '../../errors.js';
import { isSizeLimitError } from '../../storage/local-blob-store.js';
import { sanitizeFilename } from './filename.js';
import type { IncomingFile } from './types.js';

export interface ExtractInput {
  bytes: Uint8Array;
  /** Display name only; used solely to tell text formats apart (.md vs .txt). */
  filename?: string;
}

export interface ExtractOutput {
  format: DetectedFormat;
  result: ConversionResult;
}

/**
 * Detects the format from the first bytes, and refuses what no converter takes with the reason
 * the registry gives (UNSUPPORTED_FORMAT, ENCRYPTED_DOCUMENT for a password-protected Office
 * file); an empty file is BAD_USER_INPUT. A ZIP package or an OLE compound file (legacy
 * DOC/XLS/PPT, Outlook MSG, encrypted OOXML) lists its entries in a directory that may lie
 * anywhere in the file, so when the head leaves such a verdict, `readAll` is asked for the whole
 * file before deciding.
 */
export async function requireSupportedFormat(
  head: Uint8Array,
  filename?: string,
  readAll?: () => Promise<Uint8Array>,
): Promise<DetectedFormat> {
  if (head.length === 0) throw badInput('The file is empty');
  let whole: Uint8Array | undefined;
  const format = await detectFormat(head, filename, readAll && (async () => (whole ??= await readAll())));
  if (!format) throw unsupportedFormat('The file type could not be recognised or is not supported');
  resolveConverter({ bytes: whole ?? head, mimeType: format.mimeType });
  return format;
}

/**
 * Conversion without storage: the `extract` mutation, `POST /api/v1/extract` and
 * `docsphere extract FILE` all come through here, so the three doors cannot drift apart. The
 * format is detected from the bytes, exactly as for stored uploads.
 */
export async function extractDocument(
  input: ExtractInput,
  options: Partial<ConvertOptions> = {},
  limits: ExtractLimits = {},
): Promise<ExtractOutput> {
  if (limits.maxBytes !== undefined && input.bytes.byteLength > limits.maxBytes) throw fileTooLarge(limits.maxBytes);
  const format = await requireSupportedFormat(input.bytes.subarray(0, 64 * 1024), input.filename, async () => input.bytes);
  const run = (signal?: AbortSignal) =>
    (limits.convert ?? convert)({
      bytes: input.bytes,
      mimeType: format.mimeType,
      filename: input.filename,
      options: { ...defaultConvertOptions, ...limits.defaults, ...options },
      signal,
    });
  const go = () => (limits.timeoutMs === undefined ? run(limits.signal) : withTimeout(run, limits.timeoutMs, limits.signal));
  // Loaded on use: prom-client and its default collectors are a tenth of the CLI's cold start,
  // and a one-shot `docsphere extract` has no /metrics to serve them on.
  const result =
    limits.metrics === false
      ? await go()
      : await (await import('../../metrics/hooks.js')).observeConversion(format.mimeType, input.bytes.byteLength, go);
  return { format, result };
}

/** Longer than any sane interactive conversion; a hostile file answers TIMEOUT instead of hanging. */
const SERVER_EXTRACT_TIMEOUT_MS = 120_000;

/**
 * What the server's doors (GraphQL `extract`, `POST /api/v1/extract`) convert under: the upload
 * limit, a deadline for a request someone is waiting on, and the sandbox that stored documents
 * are converted in, since the bytes are just as untrusted.
 */
export function serverExtractLimits(c: Container): ExtractLimits & { maxBytes: number } {
  return {
    maxBytes: c.config.maxFileSize,
    timeoutMs: SERVER_EXTRACT_TIMEOUT_MS,
    defaults: { languages: c.config.ocrLanguages },
    convert: (input) => c.sandboxes.convert(input),
  };
}

export interface ExtractLimits {
  maxBytes?: number;
  /** The server's configured defaults (OCR_LANGUAGES), as for uploads; the request's options win. */
  defaults?: Partial<ConvertOptions>;
  signal?: AbortSignal;
  /** An interactive request must not hold a connection (and a CPU) for ever on a hostile file. */
  timeoutMs?: number;
  /**
   * Where the converter runs. The server passes its sandbox pool (a killable child process with
   * memory and time limits, as for stored documents); the CLI converts in its own process.
   */
  convert?: (input: ConvertInput) => Promise<ConversionResult>;
  /** Count and time the conversion in the process's Prometheus registry (default true). */
  metrics?: boolean;
}

/**
 * Converters check their signal between pages, but one pdf.js call can hang on a malformed
 * file; racing the timer answers the caller with TIMEOUT even then.
 */
async function withTimeout<T>(run: (signal: AbortSignal) => Promise<T>, timeoutMs: number, outer?: AbortSignal): Promise<T> {
  const abort = new AbortController();
  const onOuterAbort = () => abort.abort(outer?.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new AppError(ErrorCode.TIMEOUT, `Conversion took longer than ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([run(abort.signal), timeout]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

/**
 * Reads an upload stream into memory, failing with FILE_TOO_LARGE as soon as it passes
 * `maxBytes`: the converters need the whole file, but a hostile client must not make us buffer
 * more than the configured limit before we notice.
 */
export async function readLimited(openSource: IncomingFile['createReadStream'], maxBytes: number): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    const source = openSource();
    for await (const chunk of source as AsyncIterable<Buffer | string>) {
      const part = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += part.byteLength;
      if (size > maxBytes) {
        source.destroy();
        throw fileTooLarge(maxBytes);
      }
      parts.push(part);
    }
    // busboy ends a file cut at its own limit as if it were complete, flagging it as truncated.
    if ((source as { truncated?: boolean }).truncated) throw fileTooLarge(maxBytes);
  } catch (err) {
    throw isSizeLimitError(err) ? fileTooLarge(maxBytes) : err;
  }
  const bytes = Buffer.concat(parts, size);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** `extractDocument` for a streamed upload (GraphQL multipart, REST): nothing touches disk. */
export async function extractUpload(
  file: IncomingFile,
  options: Partial<ConvertOptions>,
  limits: ExtractLimits & { maxBytes: number },
): Promise<ExtractOutput> {
  const bytes = await readLimited(() => file.createReadStream(), limits.maxBytes);
  return extractDocument({ bytes, filename: sanitizeFilename(file.filename) }, options, limits);
}
