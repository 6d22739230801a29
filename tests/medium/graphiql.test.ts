import { parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPHIQL_DEFAULT_QUERY } from '../../src/graphql/graphiql-example.js';
import { schema } from '../../src/graphql/schema.js';
import { createYogaServer } from '../../src/graphql/yoga.js';
import { createMediumContainer, type MediumContainer } from './medium-container.js';

/** GraphiQL's first screen answers a new user's first question: where does the token go? */
describe('GraphiQL', () => {
  let m: MediumContainer;
  beforeAll(async () => {
    m = await createMediumContainer({ GRAPHIQL: 'true' });
  }, 120_000);
  afterAll(() => m?.close());

  it('opens with an example operation and says how to authenticate', async () => {
    const res = await createYogaServer(m.c).fetch('http://localhost/graphql', { headers: { accept: 'text/html' } });
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('Headers tab');
    expect(html).toContain('Authorization');
    expect(html).toContain('Bearer YOUR_ACCESS_TOKEN_OR_API_KEY');
    expect(html).toMatch(/mutation LogIn[\s\S]*logIn\(email:/);
    expect(html).toContain('createApiKey');
  });

  it('offers operations that are valid against the schema', () => {
    expect(validate(schema, parse(GRAPHIQL_DEFAULT_QUERY)).map((e) => e.message)).toEqual([]);
  });
});
