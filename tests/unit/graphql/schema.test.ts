import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { printedSchema } from '../../../src/graphql/print-schema.js';

describe('schema.graphql', () => {
  it('matches the Pothos schema (run `npm run schema` and commit the result)', async () => {
    const committed = await readFile(new URL('../../../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printedSchema());
  });

  it('keeps the contract clients rely on', () => {
    const sdl = printedSchema();
    for (const piece of [
      'uploadDocument(file: Upload!',
      'uploadDocuments(files: [Upload!]!',
      'signUp(email: String!, password: String!): AuthPayload!',
      'logIn(email: String!, password: String!): AuthPayload!',
      'search(filter: SearchFilter, first: Int = 10, mode: SearchMode = HYBRID, query: String!, syntax: SearchSyntax = NATURAL): [SearchHit!]!',
      'documentEvents(after: String, documentId: ID): DocumentEvent!',
      'supportedFormats: [SupportedFormat!]!',
      'interface Node',
    ]) {
      expect(sdl).toContain(piece);
    }
  });
});
