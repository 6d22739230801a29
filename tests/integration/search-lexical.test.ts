import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLHttpClient } from '../helpers/graphql-client.js';
import { deploy, servicesAvailable, type Deployment, type ModeName } from '../helpers/modes.js';
import { startFakeEmbeddings, type FakeEmbeddings } from './search-embeddings-server.js';
import { markdownFile, search, SEARCH_MODES, signUp, uploadIndexed } from './search-support.js';

/**
 * Full-text search in the document's language, and what happens where semantic search cannot
 * run: services mode here is PostgreSQL without pgvector, configured with an embeddings provider
 * anyway; the embedded run has no provider. Both must start, say so once, and answer lexically.
 */
const GERMAN = `# Wohnen in der Altstadt

Die alten Häuser am Fluss wurden im neunzehnten Jahrhundert gebaut. Viele Familien wohnen seit
Generationen in diesen Gebäuden, und die Straßen zwischen ihnen sind so schmal, dass kein Lastwagen
hindurchpasst. Im Sommer sitzen die Nachbarn abends vor den Türen und erzählen sich Geschichten.
`;
const ENGLISH = `# Living by the river

The old houses by the river were built in the nineteenth century. Many families have lived in these
buildings for generations, and the streets between them are so narrow that no lorry fits through.
`;

/**
 * Korean has no stemmer here, so this is indexed with `simple`; it carries `tabl`, which is what
 * the English stemmer makes of "table", and "zebra", which every configuration parses alike.
 */
const KOREAN = `# 동물원 안내

동물원에는 얼룩말 zebra 와 기린이 있습니다. 입구의 안내판 tabl 에서 지도를 받을 수 있습니다.
관람객은 오전 아홉 시부터 오후 여섯 시까지 입장할 수 있으며, 먹이 주기는 금지되어 있습니다.
`;
const ZOO = `# A day at the zoo

The zebra enclosure is next to the picnic tables, where families eat their lunch between the
exhibits. Children like to watch the animals from the benches, and the keepers answer questions
about what the zebras eat and how old they are. The café closes an hour before the gates do.
`;

const modes: ModeName[] = ['embedded', 'services'];

for (const mode of modes) {
  describe.skipIf(mode === 'services' && !servicesAvailable())(`lexical search and the fallback (${mode})`, () => {
    let d: Deployment;
    let fake: FakeEmbeddings | undefined;
    let alice: GraphQLHttpClient;
    const ids = { de: '', en: '', ko: '', zoo: '' };

    beforeAll(async () => {
      if (mode === 'services') fake = await startFakeEmbeddings();
      d = await deploy(mode, fake ? { EMBEDDINGS_URL: fake.url } : {});
      alice = await signUp(d.graphqlUrl, `alice-lexical-${mode}@example.com`);
      const de = await uploadIndexed(alice, markdownFile(GERMAN, 'altstadt.md'));
      const en = await uploadIndexed(alice, markdownFile(ENGLISH, 'river.md'));
      expect(de.language).toBe('de');
      expect(en.language).toBe('en');
      ids.de = de.id;
      ids.en = en.id;
      const ko = await uploadIndexed(alice, markdownFile(KOREAN, 'zoo-ko.md'));
      const zoo = await uploadIndexed(alice, markdownFile(ZOO, 'zoo.md'));
      // No stemmer for it (whether detected as Korean or not at all): indexed with `simple`.
      expect(['en', 'de', 'fr', 'es', 'it', 'nl', 'pt']).not.toContain(ko.language);
      expect(zoo.language).toBe('en');
      ids.ko = ko.id;
      ids.zoo = zoo.id;
    });

    afterAll(async () => {
      await d?.stop();
      await fake?.close();
    });

    it('stems each document in its own language', async () => {
      // German stemming: "Haus" finds "Häuser", "Gebäude" finds "Gebäuden"; the English stemmer would not.
      for (const q of ['Haus', 'Gebäude', 'Straße']) {
        const res = await search(alice, q, { mode: 'LEXICAL' });
        expect(res.errors, q).toBeUndefined();
        expect(
          res.data!.search.map((h) => h.document.id),
          q,
        ).toEqual([ids.de]);
      }
      const houses = await search(alice, 'house', { mode: 'LEXICAL' });
      expect(houses.data!.search.map((h) => h.document.id)).toEqual([ids.en]);
      const hit = houses.data!.search[0]!;
      expect(hit.snippet).toMatch(/<mark>houses<\/mark>/);
      expect(hit.chunk.headings).toEqual(['Living by the river']);
      expect(hit.chunk.charEnd).toBeGreaterThan(hit.chunk.charStart);
      const german = await search(alice, 'Häuser OR houses', { mode: 'LEXICAL', filter: { language: 'de' } });
      expect(german.data!.search.map((h) => h.document.id)).toEqual([ids.de]);
    });

    it('matches each chunk only through the parse of its own configuration', async () => {
      // "table" parses to `tabl` in English but `table` in simple: the index probe takes both, and
      // the Korean chunk's literal `tabl` must not match through the English parse.
      const table = await search(alice, 'table', { mode: 'LEXICAL' });
      expect(table.errors).toBeUndefined();
      expect(table.data!.search.map((h) => h.document.id)).toEqual([ids.zoo]);
      // "zebra" parses alike everywhere, so no recheck is needed: both languages match.
      const zebra = await search(alice, 'zebra', { mode: 'LEXICAL' });
      expect(new Set(zebra.data!.search.map((h) => h.document.id))).toEqual(new Set([ids.ko, ids.zoo]));
    });

    it('serves HYBRID lexically and refuses SEMANTIC with a typed error', async () => {
      expect((await alice.request(SEARCH_MODES)).data!.searchModes).toEqual(['LEXICAL', 'HYBRID']);
      const hybrid = await search(alice, 'narrow streets');
      expect(hybrid.errors).toBeUndefined();
      expect(hybrid.data!.search[0]!.document.id).toBe(ids.en);
      expect(hybrid.data!.search.every((h) => h.semanticRank === null && h.lexicalRank !== null)).toBe(true);
      const semantic = await search(alice, 'narrow streets', { mode: 'SEMANTIC' });
      expect(semantic.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      // Nothing was embedded: the embed stage is skipped without vectors or a provider.
      expect(fake?.inputs ?? []).toEqual([]);
    });

    it('says once at start why semantic search is off', () => {
      const said = d.api.lines.filter((l) => /semantic search is (off|unavailable)/.test(l));
      expect(said).toHaveLength(1);
      if (mode === 'services') expect(said[0]).toMatch(/pgvector is not installed/);
    });
  });
}
