import { openAsBlob } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { SIGN_UP } from '../../client/src/operations.js';
import { GraphQLHttpClient } from './graphql-client.js';

export interface RestFile {
  path?: string;
  bytes?: Uint8Array;
  name?: string;
}

/** A plain fetch client for the REST door, as curl or any HTTP library would use it. */
export class RestClient {
  constructor(
    readonly baseUrl: string,
    public token?: string,
  ) {}

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...extra };
  }

  fetch(route: string, init: RequestInit = {}) {
    return fetch(`${this.baseUrl}${route}`, { ...init, headers: this.headers(init.headers as Record<string, string>) });
  }

  async json<T = any>(route: string, init: RequestInit = {}) {
    const res = await this.fetch(route, init);
    return { status: res.status, headers: res.headers, body: (await res.json()) as T };
  }

  /** multipart/form-data with `fields` first (so the server sees options before the files), then `file` parts. */
  async form(files: RestFile[], fields: Record<string, string> = {}) {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const f of files) {
      const blob = f.path ? await openAsBlob(f.path) : new Blob([(f.bytes ?? new Uint8Array()) as Uint8Array<ArrayBuffer>]);
      form.append('file', blob, f.name ?? (f.path ? path.basename(f.path) : 'file.bin'));
    }
    return form;
  }

  async post<T = any>(route: string, files: RestFile[], fields: Record<string, string> = {}) {
    return this.json<T>(route, { method: 'POST', body: await this.form(files, fields) });
  }
}

export async function signUpRest(baseUrl: string, email: string, password = 'correct horse battery staple') {
  const gql = new GraphQLHttpClient(`${baseUrl}/graphql`);
  const res = await gql.request(SIGN_UP, { email, password });
  expect(res.errors).toBeUndefined();
  return new RestClient(baseUrl, res.data!.signUp.token as string);
}
