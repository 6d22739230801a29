import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { schema } from '../../../src/graphql/schema.js';
import { costLimitOptions } from '../../../src/security/armor.js';

/** The cost rule exactly as the server configures it, with the default limit. */
function costErrors(query: string): string[] {
  const rejected: string[] = [];
  const rule = costLimitRule({
    ...costLimitOptions(loadConfig({})),
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [(_ctx, error) => rejected.push(error.message)],
  });
  validate(schema, parse(query), [rule]);
  return rejected;
}

describe('operation cost limit', () => {
  it('allows a full page of 100 documents with the fields a client lists', () => {
    const errors = costErrors(`{
      documents(first: 100) {
        edges { cursor node { id filename mimeType sizeBytes status stage progress pageCount chunkCount title language createdAt updatedAt error { code message } } }
        pageInfo { hasNextPage endCursor }
      }
    }`);
    expect(errors).toEqual([]);
  });

  it('still refuses a list nested in a list', () => {
    const errors = costErrors(`{
      documents(first: 100) {
        edges { node { id chunks(first: 100) { edges { node { id text } } } } }
      }
    }`);
    expect(errors).toEqual([expect.stringMatching(/Cost limit of 5000 exceeded/)]);
  });
});
