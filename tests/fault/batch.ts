import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type postgres from 'postgres';
import { SIGN_UP, UPLOAD_DOCUMENTS } from '../../client/src/operations.js';
import { GraphQLHttpClient, waitFor } from '../helpers/graphql-client.js';
import { corpus } from '../helpers/processes.js';

/**
 * Shared steps of the fault suites: a fixed small batch from the real corpus, uploads through
 * the real GraphQL API, and checks read straight from the (private) database.
 */

/** N small files of several formats, chosen deterministically so every run uses the same batch. */
export function smallBatch(perType: Record<string, number> = { pdf: 6, docx: 7, html: 4, md: 3 }): string[] {
  const files: string[] = [];
  for (const [dir, count] of Object.entries(perType)) {
    const picked = readdirSync(corpus(dir))
      .filter((f) => f.endsWith(`.${dir}`))
      .map((f) => corpus(dir, f))
      .filter((f) => statSync(f).size < 200_000)
      .sort()
      .slice(0, count);
    files.push(...picked);
  }
  return files;
}

export async function signUp(url: string, email: string) {
  const client = new GraphQLHttpClient(url);
  const res = await client.request(SIGN_UP, { email, password: 'correct horse battery staple' });
  expect(res.errors).toBeUndefined();
  client.token = res.data!.signUp.token;
  return client;
}

/** Uploads in one multipart request (MAX_FILES is 20 by default); returns the document ids. */
export async function uploadAll(client: GraphQLHttpClient, files: string[]): Promise<string[]> {
  const variables = { files: files.map(() => null) };
  const map = Object.fromEntries(files.map((f, i) => [`files.${i}`, { path: f }]));
  const res = await client.upload(UPLOAD_DOCUMENTS, variables, map);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  const results = res.data!.uploadDocuments.results as Array<{ error: unknown; document: { id: string } | null }>;
  expect(results.filter((r) => !r.document || r.error)).toEqual([]);
  return results.map((r) => r.document!.id);
}

export interface DocOutcome {
  filename: string;
  status: string;
  errorCode: string | null;
  chunks: number;
  distinctChunks: number;
  indexedEvents: number;
}

/** Per document of `email`: status, chunk count (and distinct positions), DOCUMENT_INDEXED events. */
export async function outcomes(sql: postgres.Sql, email: string): Promise<DocOutcome[]> {
  const rows = await sql<DocOutcome[]>`
    select d.filename, d.status::text as status, d.error_code as "errorCode",
      (select count(*)::int from chunks c where c.document_id = d.id) as chunks,
      (select count(distinct c.index)::int from chunks c where c.document_id = d.id) as "distinctChunks",
      (select count(*)::int from document_events e where e.document_id = d.id and e.type = 'DOCUMENT_INDEXED') as "indexedEvents"
    from documents d join users u on u.id = d.owner_id
    where u.email = ${email.toLowerCase()}
    order by d.filename`;
  return rows;
}

/** Waits until no document of `email` is QUEUED or PROCESSING. */
export async function settled(sql: postgres.Sql, email: string, count: number, timeoutMs = 90_000) {
  return waitFor(
    `${count} documents of ${email} to finish`,
    async () => {
      const rows = await outcomes(sql, email);
      return rows.length === count && rows.every((r) => r.status === 'INDEXED' || r.status === 'FAILED') ? rows : null;
    },
    timeoutMs,
    250,
  );
}

export const chunkCounts = (rows: DocOutcome[]) => Object.fromEntries(rows.map((r) => [path.basename(r.filename), r.chunks]));

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Direct children of a process (the worker's converter sandboxes). */
export const childPids = (pid: number): number[] => {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
};

/** Running (a zombie waiting to be reaped counts as gone). */
export const alive = (pid: number): boolean => {
  try {
    const state = /\)\s+(\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
    return state !== undefined && state !== 'Z';
  } catch {
    return false;
  }
};
