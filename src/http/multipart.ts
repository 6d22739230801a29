import type { IncomingMessage, ServerResponse } from 'node:http';
import { processRequest, Upload } from 'graphql-upload-minimal';
import type { Config } from '../config.js';

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
 * Parses a GraphQL multipart request (files stay streams, limited while read) and makes sure the
 * request body is consumed once the response is sent. Without that, a file no resolver read
 * (an unauthenticated upload, a validation error) would stall the parser, and the next request
 * on the same keep-alive connection would hang until the socket timed out.
 */
export async function parseMultipart(req: IncomingMessage, res: ServerResponse, config: Config): Promise<unknown> {
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
  return operations;
}
