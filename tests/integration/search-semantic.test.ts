import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPROCESS_DOCUMENT } from '../../client/src/operations.js';
import type { GraphQLHttpClient } from '../helpers/graphql-client.js';
import { deploy, type Deployment } from '../helpers/modes.js';
import { reciprocalRankFusion } from '../../src/search/rrf.js';
import { startFakeEmbeddings, type FakeEmbeddings } from './search-embeddings-server.js';
import { markdownFile, search, SEARCH_MODES, signUp, uploadIndexed, waitIndexed } from './search-support.js';

/**
 * Semantic and hybrid search on the embedded default (PGlite has pgvector), against a real
 * OpenAI-compatible server on loopback whose vectors a test can predict: "automobile", "car"
 * and "vehicle" share one bucket, so only the vector path can connect them.
 */
const GARAGE = `# Garage notes

## Tyres
The car needs new winter tyres before November. Check the tread depth of every tyre, including the spare
wheel in the boot, and replace any tyre with less than four millimetres of tread. Tyre pressure drops in
the cold, so check it once a month at the petrol station and write the readings into the logbook that
lives in the glove compartment. Summer tyres go to the storage service in town until April.

## Oil
Change the engine oil of the car every fifteen thousand kilometres or once a year, whichever comes first.
Use the grade printed in the handbook, replace the oil filter at the same time, and take the old oil to
the recycling centre: it must never go down the drain. Note the date and the odometer reading on the
sticker inside the bonnet so the next change is not forgotten.
`;
const KITCHEN = `# Kitchen notes

## Bread
Bake the sourdough bread at two hundred and thirty degrees for forty minutes. Let the dough rest overnight
in the fridge, shape it in the morning, and score the top with a sharp blade just before it goes in. A tray
of water on the bottom shelf gives the crust its shine. Feed the starter every evening with equal weights
of flour and water, and keep a spoonful aside in case the main jar spoils.

## Soup
A winter soup of leeks and potatoes needs an hour on a low flame. Sweat the leeks in butter first, add the
potatoes and a litre of stock, and blend only half of it so some pieces remain. Season with salt, white
pepper and a little nutmeg, and serve it with the bread from the morning and a spoon of cream on top.
`;
const GARDEN = `# Garden notes

## Winter
Cover the roses before the first frost of winter and store the garden hose in the shed. Drain the water
butt, bring the terracotta pots inside so they do not crack, and leave the seed heads on the grasses for
the birds. Sharpen and oil the shears before they are put away, and write down which bulbs were planted
where, because by spring nobody remembers.
`;

describe('semantic and hybrid search (embedded, pgvector)', () => {
  let d: Deployment;
  let fake: FakeEmbeddings;
  let alice: GraphQLHttpClient;
  let bob: GraphQLHttpClient;
  const ids = { garage: '', kitchen: '', garden: '' };

  beforeAll(async () => {
    fake = await startFakeEmbeddings({ dimensions: 64, synonyms: { automobile: 'car', vehicle: 'car', cars: 'car' } });
    d = await deploy('embedded', { EMBEDDINGS_URL: fake.url, EMBEDDINGS_MODEL: 'hash-64' });
    alice = await signUp(d.graphqlUrl, 'alice-semantic@example.com');
    bob = await signUp(d.graphqlUrl, 'bob-semantic@example.com');
    // The first requests fail as a busy or broken provider would: the stage retries them.
    fake.failNext([429, 503]);
    ids.garage = (await uploadIndexed(alice, markdownFile(GARAGE, 'garage.md'))).id;
    ids.kitchen = (await uploadIndexed(alice, markdownFile(KITCHEN, 'kitchen.md'))).id;
    ids.garden = (await uploadIndexed(alice, markdownFile(GARDEN, 'garden.md'))).id;
  });

  afterAll(async () => {
    await d?.stop();
    await fake?.close();
  });

  it('offers every mode, and embedded the chunks with their heading path despite provider errors', async () => {
    const modes = await alice.request(SEARCH_MODES);
    expect(modes.data!.searchModes).toEqual(['LEXICAL', 'SEMANTIC', 'HYBRID']);
    expect(fake.inputs.some((t) => t.startsWith('Garage notes › Tyres\n\n'))).toBe(true);
    expect(d.api.lines.some((l) => l.includes('semantic search is on'))).toBe(true);
  });

  it('ranks by the vectors: a synonym only the embedding knows finds the passage', async () => {
    const lexical = await search(alice, 'automobile', { mode: 'LEXICAL' });
    expect(lexical.errors).toBeUndefined();
    expect(lexical.data!.search).toEqual([]);

    const semantic = await search(alice, 'automobile', { mode: 'SEMANTIC', first: 3 });
    expect(semantic.errors).toBeUndefined();
    const top = semantic.data!.search[0]!;
    expect(top.document.id).toBe(ids.garage);
    expect(top.semanticRank).toBe(1);
    expect(top.lexicalRank).toBeNull();
    expect(top.chunk.headings[0]).toBe('Garage notes');
    const scores = semantic.data!.search.map((h) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);

    const hybrid = await search(alice, 'automobile');
    expect(hybrid.data!.search[0]!.document.id).toBe(ids.garage);
    expect(hybrid.data!.search[0]!.semanticRank).toBe(1);
  });

  it('fuses both rankings with reciprocal rank fusion (k = 60)', async () => {
    const query = 'winter OR tyres OR oil';
    const lex = await search(alice, query, { mode: 'LEXICAL', first: 50 });
    const sem = await search(alice, query, { mode: 'SEMANTIC', first: 50 });
    const hyb = await search(alice, query, { mode: 'HYBRID', first: 50 });
    const lexIds = lex.data!.search.map((h) => h.chunk.id);
    const semIds = sem.data!.search.map((h) => h.chunk.id);
    expect(lexIds.length).toBeGreaterThan(1);
    const expected = reciprocalRankFusion(lexIds, semIds);
    const hits = hyb.data!.search;
    expect(hits.map((h) => h.chunk.id)).toEqual(expected.map((h) => h.id));
    for (const h of hits) {
      const want = (h.lexicalRank ? 1 / (60 + h.lexicalRank) : 0) + (h.semanticRank ? 1 / (60 + h.semanticRank) : 0);
      expect(h.score).toBeCloseTo(want, 6);
    }
    // The chunk both lists put first wins the fusion.
    expect(hits[0]!.chunk.headings).toEqual(['Garage notes', 'Tyres']);
    expect(hits[0]!.snippet).toMatch(/<mark>tyres<\/mark>/i);
  });

  it("filters by document, and stays inside the caller's documents", async () => {
    const onlyKitchen = await search(alice, 'winter', { mode: 'SEMANTIC', filter: { documentIds: [ids.kitchen] } });
    expect(onlyKitchen.data!.search.length).toBeGreaterThan(0);
    expect(onlyKitchen.data!.search.every((h) => h.document.id === ids.kitchen)).toBe(true);
    for (const mode of ['LEXICAL', 'SEMANTIC', 'HYBRID'] as const) {
      const res = await search(bob, 'car winter tyres', { mode });
      expect(res.errors).toBeUndefined();
      expect(res.data!.search).toEqual([]);
      const foreign = await search(bob, 'car', { mode, filter: { documentIds: [ids.garage] } });
      expect(foreign.data!.search).toEqual([]);
    }
  });

  it('re-embeds nothing when an unchanged document is reprocessed', async () => {
    const before = fake.inputs.length;
    const res = await alice.request(REPROCESS_DOCUMENT, { id: ids.garage });
    expect(res.errors).toBeUndefined();
    await new Promise((r) => setTimeout(r, 300));
    await waitIndexed(alice, ids.garage);
    expect(fake.inputs.length).toBe(before);
    const again = await search(alice, 'automobile', { mode: 'SEMANTIC', first: 1 });
    expect(again.data!.search[0]!.document.id).toBe(ids.garage);
  });

  it('rejects bad input with typed errors', async () => {
    const bad = await search(alice, 'car', { filter: { documentIds: ['not-an-id'] } });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const order = await search(alice, 'car', { filter: { createdAfter: '2030-01-01T00:00:00Z', createdBefore: '2020-01-01T00:00:00Z' } });
    expect(order.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const lang = await search(alice, 'car', { filter: { language: 'english' } });
    expect(lang.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
