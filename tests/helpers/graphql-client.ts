import { openAsBlob } from 'node:fs';
import path from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: { code?: string; [k: string]: unknown } }>;
}

export interface UploadFile {
  /** A path on disk, or bytes made by the test. */
  path?: string;
  bytes?: Uint8Array;
  name?: string;
  type?: string;
}

/** A real HTTP client speaking GraphQL and the GraphQL multipart request spec, as browsers do. */
export class GraphQLHttpClient {
  token?: string;
  constructor(readonly url: string) {}

  private headers(extra: Record<string, string> = {}) {
    return { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...extra };
  }

  async request<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}) {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/json' }),
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, ...((await res.json()) as GraphQLResponse<T>) };
  }

  /** `files` maps variable paths (e.g. "file" or "files.0") to files. */
  async upload<T = Record<string, any>>(query: string, variables: Record<string, unknown>, files: Record<string, UploadFile>) {
    const form = new FormData();
    const entries = Object.entries(files);
    form.append('operations', JSON.stringify({ query, variables }));
    form.append('map', JSON.stringify(Object.fromEntries(entries.map(([p], i) => [String(i), [`variables.${p}`]]))));
    for (const [i, [, f]] of entries.entries()) {
      const blob = f.path
        ? await openAsBlob(f.path, { type: f.type ?? '' })
        : new Blob([(f.bytes ?? new Uint8Array()) as Uint8Array<ArrayBuffer>], { type: f.type ?? '' });
      form.append(String(i), blob, f.name ?? (f.path ? path.basename(f.path) : 'file.bin'));
    }
    // Multipart is a "simple" request browsers send cross-site without preflight: the server
    // requires a CSRF header on it (src/security/csrf.ts).
    const res = await fetch(this.url, { method: 'POST', headers: this.headers({ 'x-graphql-csrf': '1' }), body: form });
    return { status: res.status, ...((await res.json()) as GraphQLResponse<T>) };
  }
}

/** A real graphql-ws client; `events` collects what a subscription delivers. */
export function wsClient(graphqlUrl: string, token?: string): Client {
  return createClient({
    url: graphqlUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {},
  });
}

export function subscribe<T = Record<string, any>>(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const events: T[] = [];
  const errors: unknown[] = [];
  let completed = false;
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        if (value.data) events.push(value.data as T);
        if (value.errors) errors.push(...value.errors);
      },
      error: (err) => errors.push(err),
      complete: () => {
        completed = true;
      },
    },
  );
  return { events, errors, dispose, isCompleted: () => completed };
}

/** Polls `check` until it returns a truthy value; the test fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 60_000, everyMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** A new account's HTTP client, already carrying its token. */
export async function signedUpClient(url: string, email: string, password = 'correct horse battery staple') {
  const { SIGN_UP } = await import('../../client/src/operations.js');
  const client = new GraphQLHttpClient(url);
  const res = await client.request(SIGN_UP, { email, password });
  if (res.errors || !res.data?.signUp?.token) throw new Error(`sign-up of ${email} failed: ${JSON.stringify(res.errors)}`);
  client.token = res.data.signUp.token as string;
  return client;
}
