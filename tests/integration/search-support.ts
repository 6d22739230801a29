import { expect } from 'vitest';
import { GraphQLHttpClient, waitFor, type UploadFile } from '../helpers/graphql-client.js';
import { DOCUMENT, SIGN_UP, UPLOAD_DOCUMENT } from '../../client/src/operations.js';

/** Shared by the search integration tests and the bench: sign up, upload and wait, search. */
export const SEARCH_FULL = /* GraphQL */ `
  query SearchFull($query: String!, $first: Int, $mode: SearchMode, $filter: SearchFilter) {
    search(query: $query, first: $first, mode: $mode, filter: $filter) {
      score
      lexicalRank
      semanticRank
      snippet
      document {
        id
        filename
        language
      }
      chunk {
        id
        index
        headings
        pageStart
        pageEnd
        charStart
        charEnd
        text
      }
    }
  }
`;

export const SEARCH_MODES = /* GraphQL */ `
  query {
    searchModes
  }
`;

export interface Hit {
  score: number;
  lexicalRank: number | null;
  semanticRank: number | null;
  snippet: string;
  document: { id: string; filename: string; language: string | null };
  chunk: {
    id: string;
    index: number;
    headings: string[];
    pageStart: number | null;
    pageEnd: number | null;
    charStart: number;
    charEnd: number;
    text: string;
  };
}

export async function signUp(url: string, email: string): Promise<GraphQLHttpClient> {
  const client = new GraphQLHttpClient(url);
  const res = await client.request(SIGN_UP, { email, password: 'correct horse battery staple' });
  expect(res.errors).toBeUndefined();
  client.token = res.data!.signUp.token;
  return client;
}

export async function waitIndexed(client: GraphQLHttpClient, id: string, timeoutMs = 90_000): Promise<Record<string, any>> {
  return waitFor(
    `${id} indexed`,
    async () => {
      const doc = (await client.request(DOCUMENT, { id })).data?.document;
      if (doc?.status === 'FAILED') throw new Error(`${id} failed: ${JSON.stringify(doc.error)}`);
      return doc?.status === 'INDEXED' ? doc : null;
    },
    timeoutMs,
    200,
  );
}

export async function uploadIndexed(client: GraphQLHttpClient, file: UploadFile): Promise<Record<string, any>> {
  const res = await client.upload(UPLOAD_DOCUMENT, { file: null }, { file });
  expect(res.errors).toBeUndefined();
  return waitIndexed(client, res.data!.uploadDocument.document.id);
}

export async function search(
  client: GraphQLHttpClient,
  query: string,
  options: { first?: number; mode?: 'LEXICAL' | 'SEMANTIC' | 'HYBRID'; filter?: Record<string, unknown> } = {},
) {
  return client.request<{ search: Hit[] }>(SEARCH_FULL, { query, ...options });
}

export const markdownFile = (s: string, name = 'note.md'): UploadFile => ({
  bytes: new TextEncoder().encode(s),
  name,
  type: 'text/markdown',
});
