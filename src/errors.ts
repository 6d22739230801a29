/**
 * The one list of error codes clients can rely on. They travel as `extensions.code` in GraphQL
 * errors and as `error.code` on a failed document, so a client handles both with one switch.
 */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  UNSUPPORTED_FORMAT: 'UNSUPPORTED_FORMAT',
  ENCRYPTED_DOCUMENT: 'ENCRYPTED_DOCUMENT',
  CORRUPT_DOCUMENT: 'CORRUPT_DOCUMENT',
  TIMEOUT: 'TIMEOUT',
  RESOURCE_LIMIT: 'RESOURCE_LIMIT',
  /** A document's processing was stopped by its owner (cancelProcessing); reprocess to resume. */
  CANCELLED: 'CANCELLED',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes that will fail the same way on every retry: the pipeline gives up at once on these. */
const PERMANENT: ReadonlySet<ErrorCode> = new Set([
  ErrorCode.UNSUPPORTED_FORMAT,
  ErrorCode.ENCRYPTED_DOCUMENT,
  ErrorCode.CORRUPT_DOCUMENT,
  ErrorCode.FILE_TOO_LARGE,
  ErrorCode.RESOURCE_LIMIT,
  ErrorCode.CANCELLED,
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.NOT_FOUND,
]);

/**
 * An error whose message is safe to show to the caller. Anything that is not an AppError is
 * masked as INTERNAL before it leaves the server, so internals (SQL, paths) never leak.
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get permanent(): boolean {
    return PERMANENT.has(this.code);
  }
}

export const unauthenticated = (message = 'Authentication required') => new AppError(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message = 'You may not do this') => new AppError(ErrorCode.FORBIDDEN, message);
export const notFound = (what = 'Resource') => new AppError(ErrorCode.NOT_FOUND, `${what} not found`);
export const badInput = (message: string, details?: Record<string, unknown>) => new AppError(ErrorCode.BAD_USER_INPUT, message, details);
export const unsupportedFormat = (message: string) => new AppError(ErrorCode.UNSUPPORTED_FORMAT, message);
export const corruptDocument = (message: string, cause?: unknown) =>
  new AppError(ErrorCode.CORRUPT_DOCUMENT, message, undefined, { cause });
export const encryptedDocument = (message = 'The document is encrypted and cannot be opened') =>
  new AppError(ErrorCode.ENCRYPTED_DOCUMENT, message);
export const fileTooLarge = (limitBytes: number) =>
  new AppError(ErrorCode.FILE_TOO_LARGE, `File exceeds the limit of ${limitBytes} bytes`, {
    limitBytes,
  });

/** Narrow any thrown value to an AppError, wrapping unknown failures as INTERNAL. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  return new AppError(ErrorCode.INTERNAL, 'Internal server error', undefined, { cause: err });
}
