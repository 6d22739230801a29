/**
 * How the CLI fails. Scripts branch on the exit status and read the error code from stderr, so
 * both are stable: the status follows BSD sysexits (what `make`, `sendmail` and many Unix tools
 * use), and the first word on stderr is the same code a GraphQL client sees in
 * `extensions.code`.
 */
import { AppError, ErrorCode, toAppError } from '../errors.js';

const EX_USAGE = 64;
const EX_DATAERR = 65;
const EX_NOINPUT = 66;
const EX_UNAVAILABLE = 69;
const EX_SOFTWARE = 70;
const EX_TEMPFAIL = 75;
const EX_NOPERM = 77;

const STATUS: Partial<Record<ErrorCode, number>> = {
  BAD_USER_INPUT: EX_USAGE,
  UNSUPPORTED_FORMAT: EX_DATAERR,
  CORRUPT_DOCUMENT: EX_DATAERR,
  ENCRYPTED_DOCUMENT: EX_DATAERR,
  FILE_TOO_LARGE: EX_DATAERR,
  RESOURCE_LIMIT: EX_DATAERR,
  NOT_FOUND: EX_NOINPUT,
  TIMEOUT: EX_TEMPFAIL,
  RATE_LIMITED: EX_TEMPFAIL,
  UNAUTHENTICATED: EX_NOPERM,
  FORBIDDEN: EX_NOPERM,
};

/**
 * The server did not answer at all (refused, no route, DNS): there is no server error code to
 * print, so the line starts with UNREACHABLE and the status is EX_UNAVAILABLE.
 */
export class ServerUnreachable extends Error {
  constructor(url: string, cause: unknown) {
    const reason = (cause as { cause?: { code?: string; message?: string } } | undefined)?.cause;
    super(`Cannot reach ${url} (${reason?.code ?? reason?.message ?? (cause as Error | undefined)?.message ?? 'no answer'})`);
  }
}

/** Turns an OS error on a local path into the client-facing code it amounts to. */
export function fromFsError(err: unknown, file: string): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new AppError(ErrorCode.NOT_FOUND, `${file}: no such file`);
  if (code === 'EISDIR') return new AppError(ErrorCode.BAD_USER_INPUT, `${file}: is a directory`);
  if (code === 'EACCES' || code === 'EPERM') return new AppError(ErrorCode.FORBIDDEN, `${file}: permission denied`);
  return err;
}

/** Writes `CODE: message` to stderr and returns the exit status for it. */
export function reportError(err: unknown): number {
  if (err instanceof ServerUnreachable) {
    process.stderr.write(`UNREACHABLE: ${err.message}\n`);
    return EX_UNAVAILABLE;
  }
  const error = toAppError(err);
  const detail = error.code === ErrorCode.INTERNAL && err instanceof Error ? ` (${err.message})` : '';
  process.stderr.write(`${error.code}: ${error.message}${detail}\n`);
  if (error.code === ErrorCode.INTERNAL) return EX_SOFTWARE;
  return STATUS[error.code] ?? EX_UNAVAILABLE;
}
