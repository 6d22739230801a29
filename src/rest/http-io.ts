import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, badInput, ErrorCode, toAppError } from '../errors.js';
import type { Logger } from '../logger.js';

/**
 * HTTP status per error code. The code in the body is the contract (the same list GraphQL uses);
 * the status lets HTTP tooling (proxies, retries, dashboards) react without parsing JSON. A code
 * added later without a status here answers 500 until someone picks one.
 */
const STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  FILE_TOO_LARGE: 413,
  RESOURCE_LIMIT: 413,
  UNSUPPORTED_FORMAT: 415,
  ENCRYPTED_DOCUMENT: 422,
  CORRUPT_DOCUMENT: 422,
  TIMEOUT: 504,
  CANCELLED: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

export const statusFor = (code: ErrorCode) => STATUS[code] ?? 500;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(JSON.stringify(body));
}

/** `{ error: { code, message, ...details } }`; unexpected errors are logged and masked as INTERNAL. */
export function errorBody(error: AppError) {
  return { error: { code: error.code, message: error.message, ...(error.details ?? {}) } };
}

export function sendError(res: ServerResponse, err: unknown, log: Logger) {
  const error = toAppError(err);
  if (error.code === ErrorCode.INTERNAL) log.error({ err }, 'REST request failed');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const retryAfter = error.details?.retryAfterSeconds;
  sendJson(res, statusFor(error.code), errorBody(error), retryAfter ? { 'retry-after': String(retryAfter) } : {});
}

/**
 * A small JSON request body (PATCH): `application/json` only, which also means a browser on
 * another origin must ask first (CORS preflight), and at most `limitBytes`, read before parsing
 * so an endless body costs nothing but the limit.
 */
export async function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  if (!req.headers['content-type']?.toLowerCase().startsWith('application/json')) {
    req.resume();
    throw badInput('Send the body as application/json');
  }
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of req as AsyncIterable<Buffer>) {
    size += part.length;
    if (size > limitBytes) {
      req.resume();
      throw new AppError(ErrorCode.RESOURCE_LIMIT, `The request body exceeds ${limitBytes} bytes`);
    }
    parts.push(part);
  }
  try {
    return JSON.parse(Buffer.concat(parts).toString('utf8')) as unknown;
  } catch {
    throw badInput('The request body is not valid JSON');
  }
}
