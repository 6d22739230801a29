/**
 * What the server-talking subcommands (login, upload, search, ls, rm) share: where the
 * credentials live, and an HTTP client that turns `{ error: { code, message } }` answers into
 * the same AppError codes the server uses, so `reportError` prints and exits the same way.
 */
import { mkdir, readFile, rename, writeFile, chmod } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import { AppError, ErrorCode, unauthenticated, type ErrorCode as Code } from '../errors.js';
import { ServerUnreachable } from './errors.js';

export interface Credentials {
  url: string;
  email: string;
  /** An API key (`dsk_…`): long-lived, revocable on the server, never an interactive password. */
  token: string;
}

/** XDG-aware: $XDG_CONFIG_HOME/docsphere, else the platform's usual config folder. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.XDG_CONFIG_HOME) return path.join(env.XDG_CONFIG_HOME, 'docsphere');
  if (process.platform === 'win32' && env.APPDATA) return path.join(env.APPDATA, 'docsphere');
  if (process.platform === 'darwin') return path.join(homedir(), 'Library', 'Application Support', 'docsphere');
  return path.join(homedir(), '.config', 'docsphere');
}

export const credentialsPath = () => path.join(configDir(), 'credentials.json');

/** Written to a temporary file with mode 0600 and renamed, so the token is never readable by others, even briefly. */
export async function saveCredentials(creds: Credentials): Promise<string> {
  const file = credentialsPath();
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(creds, null, 2)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, file);
  return file;
}

/** `DOCSPHERE_URL` + `DOCSPHERE_TOKEN` (CI, containers) win over the saved login. */
export async function loadCredentials(): Promise<Credentials> {
  const { DOCSPHERE_URL: url, DOCSPHERE_TOKEN: token } = process.env;
  if (url && token) return { url: normaliseUrl(url), token, email: '' };
  try {
    return JSON.parse(await readFile(credentialsPath(), 'utf8')) as Credentials;
  } catch {
    throw unauthenticated('Not logged in: run `docsphere login URL` first');
  }
}

/** `http://host:4000`, `http://host:4000/` and `http://host:4000/graphql` all name the same server. */
export function normaliseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `Not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError(ErrorCode.BAD_USER_INPUT, `Not an http(s) URL: ${raw}`);
  return `${url.origin}${url.pathname.replace(/\/(graphql)?\/?$/, '')}`;
}

const CODES = new Set<string>(Object.values(ErrorCode));

export class ApiClient {
  constructor(
    readonly url: string,
    readonly token?: string,
  ) {}

  static async fromSavedLogin(): Promise<ApiClient> {
    const creds = await loadCredentials();
    return new ApiClient(creds.url, creds.token);
  }

  async request<T = unknown>(route: string, init: RequestInit & { duplex?: 'half' } = {}): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.url}${route}`, {
        ...init,
        headers: { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...(init.headers as Record<string, string>) },
      });
    } catch (err) {
      throw new ServerUnreachable(this.url, err);
    }
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    // Only the HTTP status says whether the request failed: a successful answer may carry an
    // `error` field of its own (a FAILED document's `error { code message }`).
    if (res.status === 401 && this.token) {
      // The saved API key was revoked or has expired: say how to get a new one.
      throw unauthenticated(`${body?.error?.message ?? 'Credentials rejected'}: run \`docsphere login ${this.url}\` again`);
    }
    if (!res.ok) throw toError(res.status, body?.error);
    return body as T;
  }

  /** For the few things only GraphQL offers (logging in, API keys). */
  async graphql<T = Record<string, any>>(query: string, variables: Record<string, unknown>, token = this.token): Promise<T> {
    const res = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    }).catch((err: Error) => {
      throw new ServerUnreachable(this.url, err);
    });
    const body = (await res.json().catch(() => ({}))) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
    const error = body.errors?.[0];
    if (error || !body.data) throw toError(res.status, { code: error?.extensions?.code, message: error?.message });
    return body.data;
  }
}

function toError(status: number, error: { code?: string; message?: string } | undefined): AppError {
  const code = (error?.code && CODES.has(error.code) ? error.code : status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL') as Code;
  return new AppError(code, error?.message ?? `HTTP ${status}`);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** The REST document shape the subcommands print. */
export interface ApiDocument {
  id: string;
  uuid: string;
  filename: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  status: 'QUEUED' | 'PROCESSING' | 'INDEXED' | 'FAILED';
  progress: number;
  error: { code: string; message: string } | null;
  metadata: { path?: string; [key: string]: unknown };
  tags: string[];
  customFields: Record<string, string>;
  createdAt: string;
}

/** A commander option parser that collects a repeated option (`--tag a --tag b`) into a list. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** A commander option parser for whole numbers in [min, max]. */
export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(max === Number.MAX_SAFE_INTEGER ? `expected a whole number ≥ ${min}` : `expected ${min}-${max}`);
    }
    return n;
  };
}
