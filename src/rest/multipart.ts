import { AsyncResource } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { AppError, badInput, ErrorCode, fileTooLarge } from '../errors.js';

export interface MultipartLimits {
  maxFileSize: number;
  maxFiles: number;
}

export interface MultipartFile {
  filename: string;
  /** Busboy marks a file cut at the size limit as truncated; the blob store turns that into FILE_TOO_LARGE. */
  stream: Readable & { truncated?: boolean };
}

/**
 * Streams a multipart/form-data body: each part named `file` is handed to `onFile` while it
 * arrives (one at a time, so a file is on disk before the next is read); other fields are
 * collected. A file the handler did not read to the end is drained, so one failed file cannot
 * stall the rest of the body.
 */
export function readMultipart(
  req: IncomingMessage,
  limits: MultipartLimits,
  onFile: (file: MultipartFile, fields: Record<string, string>) => Promise<void>,
): Promise<{ fields: Record<string, string>; files: number }> {
  if (!req.headers['content-type']?.toLowerCase().startsWith('multipart/form-data')) {
    return Promise.reject(badInput('Expected a multipart/form-data body with one or more `file` parts'));
  }
  // busboy emits files from the socket's 'data' events, outside this request's async context;
  // binding keeps the handler in it (the tenant scope that row-level security reads).
  const handleFile = AsyncResource.bind(onFile);
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let files = 0;
    let chain = Promise.resolve();
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      req.unpipe(bb);
      req.resume();
      reject(err);
    };
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        // Browsers and undici send UTF-8 filenames raw; busboy's default would read them as latin1.
        defParamCharset: 'utf8',
        limits: { fileSize: limits.maxFileSize, files: limits.maxFiles, fields: 50, fieldSize: 64 * 1024, parts: limits.maxFiles + 50 },
      });
    } catch (err) {
      reject(badInput(err instanceof Error ? err.message : 'Malformed multipart body'));
      return;
    }
    bb.on('field', (name, value) => {
      fields[name] = String(value);
    });
    bb.on('file', (name, stream, info) => {
      if (name !== 'file') {
        stream.resume();
        return;
      }
      files += 1;
      chain = chain.then(async () => {
        if (failed) return void stream.resume();
        try {
          await handleFile({ filename: info.filename ?? 'untitled', stream }, fields);
        } finally {
          // A handler that gave up early leaves bytes behind; busboy waits for them to be read.
          if (stream.destroyed && !stream.readableEnded) fail(new AppError(ErrorCode.BAD_USER_INPUT, 'Upload aborted'));
          else stream.resume();
        }
      });
      chain.catch(fail);
    });
    bb.on('filesLimit', () => fail(new AppError(ErrorCode.RESOURCE_LIMIT, `At most ${limits.maxFiles} files per request`)));
    bb.on('error', (err) => fail(badInput(err instanceof Error ? err.message : 'Malformed multipart body')));
    bb.on('close', () => {
      chain.then(() => {
        if (!failed) resolve({ fields, files });
      }, fail);
    });
    req.on('aborted', () => fail(badInput('Request aborted')));
    req.pipe(bb);
  });
}

/** Buffers one file for conversion (converters need all bytes); past the limit it is FILE_TOO_LARGE. */
export async function bufferFile(file: MultipartFile, maxBytes: number): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of file.stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    parts.push(chunk);
  }
  if (file.stream.truncated || size > maxBytes) throw fileTooLarge(maxBytes);
  const bytes = Buffer.concat(parts, size);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
