import type { IncomingMessage, ServerResponse } from 'node:http';
import { processRequest, Upload } from 'graphql-upload-minimal';
import type { Config } from '../config.js';
import { AppError, badInput } from '../errors.js';

function* uploadsIn(value: unknown, seen = new Set<unknown>()): Generator<Upload> {
  if (value instanceof Upload) {
    yield value;
    return;
  }
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  for (const child of Object.values(value)) yield* uploadsIn(child, seen);
}

/**
 * graphql-upload-minimal listens for its busboy parser's first 'error' only; a malformed part
 * header (a NUL byte in a filename does it) makes busboy emit a second one while it is being
 * destroyed, and an 'error' without a listener crashes the process. The request is already
 * answered with the first error, so later ones are swallowed here.
 */
function guardParserErrors(req: IncomingMessage): void {
  const pipe = req.pipe.bind(req);
  req.pipe = ((destination: NodeJS.WritableStream, options?: { end?: boolean }) => {
    destination.on('error', () => {});
    return pipe(destination, options);
  }) as typeof req.pipe;
}

/**
 * Parses a GraphQL multipart request (files stay streams, limited while read) and makes sure the
 * request body is consumed once the response is sent. Without that, a file no resolver read
 * (an unauthenticated upload, a validation error) would stall the parser, and the next request
 * on the same keep-alive connection would hang until the socket timed out.
 */
export async function parseMultipart(req: IncomingMessage, res: ServerResponse, config: Config): Promise<unknown> {
  guardParserErrors(req);
  const operations = await processRequest(req, res, {
    maxFileSize: config.maxFileSize,
    maxFiles: config.maxFiles,
  });
  res.once('finish', () => {
    if (req.complete) return;
    for (const upload of uploadsIn(operations)) {
      upload.promise.then(
        (file) => {
          try {
            file.createReadStream().resume();
          } catch {
            // Already consumed, or failed at its limit: nothing left to drain.
          }
        },
        () => {},
      );
    }
  });
  // A part the parser could not read (malformed headers, a cut-off body) is the client's fault:
  // BAD_USER_INPUT for that file, not INTERNAL.
  for (const upload of uploadsIn(operations)) {
    upload.promise = upload.promise.catch((err: unknown) => {
      if (err instanceof AppError) throw err;
      throw badInput(`Malformed upload: ${err instanceof Error ? err.message : 'unreadable part'}`);
    });
    upload.promise.catch(() => {});
  }
  return operations;
}
