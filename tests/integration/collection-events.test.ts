import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphQLHttpClient, subscribe, waitFor, wsClient } from '../helpers/graphql-client.js';
import { deploy, servicesAvailable, type Deployment, type ModeName } from '../helpers/modes.js';
import { addDocs, createCollection, ok, signUpClient } from './tenancy-sharing.js';

/**
 * Document events of shared documents (issue 17), in both modes, over real graphql-ws clients.
 * Alice owns "Team" holding her document A (her document P stays private); Carol is a VIEWER,
 * Dave an EDITOR, Bob no member. An edit of title or tags (`updateDocument`) is a DOCUMENT_UPDATED
 * event for everyone who may see the document, live and in replay; replay after a cursor
 * includes shared documents by the visibility rule, and a key scoped to Team replays only Team.
 */
const uniq = Math.random().toString(36).slice(2, 8);
const bytes = (word: string) => new TextEncoder().encode(`# Notes\n\nThe word ${word} appears only here.\n`);

interface Ev {
  documentEvents: {
    cursor: string;
    type: string;
    documentId: string;
    document: { id: string; title: string | null; tags: string[] } | null;
  };
}
const EVENTS = `subscription($after: String, $id: ID) {
  documentEvents(after: $after, documentId: $id) { cursor type documentId document { id title tags } }
}`;

const uploadDoc = async (c: GraphQLHttpClient, word: string) =>
  ok(
    await c.upload(
      `mutation($f: Upload!) { uploadDocument(file: $f) { document { id } } }`,
      { f: null },
      { f: { bytes: bytes(word), name: `${word}.md` } },
    ),
  ).uploadDocument.document.id as string;
const update = (c: GraphQLHttpClient, id: string, input: Record<string, unknown>) =>
  c.request(`mutation($id: ID!, $i: UpdateDocumentInput!) { updateDocument(id: $id, input: $i) { id tags title } }`, { id, i: input });
const status = async (c: GraphQLHttpClient, id: string) =>
  (await c.request(`query($id: ID!) { document(id: $id) { status } }`, { id })).data?.document?.status as string | undefined;
const settle = () => new Promise((r) => setTimeout(r, 500));
type Sub = ReturnType<typeof subscribe<Ev>>;
const ofDoc = (events: Ev[], id: string) => events.filter((e) => e.documentEvents.documentId === id);

for (const mode of ['embedded', 'services'] as ModeName[]) {
  describe.skipIf(mode === 'services' && !servicesAvailable())(`events of shared documents (${mode})`, () => {
    let d: Deployment;
    let alice: GraphQLHttpClient, bob: GraphQLHttpClient, carol: GraphQLHttpClient, dave: GraphQLHttpClient;
    let carolId: string;
    let team: string, docA: string, docP: string, docC: string;
    const email = (who: string) => `${who}-events-${mode}-${uniq}@example.com`;

    beforeAll(async () => {
      d = await deploy(mode);
      alice = (await signUpClient(d.graphqlUrl, email('alice'))).c;
      bob = (await signUpClient(d.graphqlUrl, email('bob'))).c;
      const c = await signUpClient(d.graphqlUrl, email('carol'));
      carol = c.c;
      carolId = c.id;
      dave = (await signUpClient(d.graphqlUrl, email('dave'))).c;
      docA = await uploadDoc(alice, `sharedalpha${uniq}`);
      docP = await uploadDoc(alice, `privatepapa${uniq}`);
      docC = await uploadDoc(carol, `carolcharlie${uniq}`);
      team = await createCollection(alice, 'Team');
      ok(await addDocs(alice, team, [docA]));
      const invite = (who: string, role: 'VIEWER' | 'EDITOR') =>
        alice.request(
          `mutation($c: ID!, $e: String!, $r: CollectionRole) { inviteCollectionMember(collectionId: $c, email: $e, role: $r) { id } }`,
          {
            c: team,
            e: email(who),
            r: role,
          },
        );
      ok(await invite('carol', 'VIEWER'));
      ok(await invite('dave', 'EDITOR'));
      // Processing events are over before the edits, so each edit's event stands alone.
      for (const [client, id] of [
        [alice, docA],
        [alice, docP],
        [carol, docC],
      ] as const) {
        await waitFor(`${id} indexed`, async () => (await status(client, id)) === 'INDEXED');
      }
    });
    afterAll(async () => {
      await d?.stop();
    });

    it("an editor's tag edit reaches the owner and the viewer live, once, after commit; a non-member hears nothing", async () => {
      const sockets = [alice, carol, bob].map((c) => wsClient(d.graphqlUrl, c.token));
      try {
        const [toAlice, toCarol, toBob] = sockets.map((ws) => subscribe<Ev>(ws, EVENTS, {})) as [Sub, Sub, Sub];
        await settle();
        ok(await update(dave, docA, { addTags: ['Quarterly'], title: 'Team plan' }));
        ok(await update(alice, docP, { addTags: ['secret'] }));
        for (const [who, sub] of [
          ['alice', toAlice],
          ['carol', toCarol],
        ] as const) {
          const ev = await waitFor(`${who} hears the edit`, () =>
            sub.events.find((e) => e.documentEvents.type === 'DOCUMENT_UPDATED' && e.documentEvents.documentId === docA),
          );
          // The event resolves the document as committed: the new tags and title are there.
          expect(ev.documentEvents.document).toEqual({ id: docA, title: 'Team plan', tags: ['quarterly'] });
        }
        await waitFor('alice hears her private edit', () =>
          ofDoc(toAlice.events, docP).some((e) => e.documentEvents.type === 'DOCUMENT_UPDATED'),
        );
        await settle();
        expect(ofDoc(toAlice.events, docA)).toHaveLength(1);
        expect(toCarol.events.map((e) => e.documentEvents.documentId)).toEqual([docA]);
        expect(toBob.events).toEqual([]);
        for (const s of [toAlice, toCarol, toBob]) s.dispose();
      } finally {
        await Promise.all(sockets.map((ws) => ws.dispose()));
      }
    });

    it('replay after a cursor includes shared documents, each event once and in order, then goes live', async () => {
      const ws = wsClient(d.graphqlUrl, carol.token);
      const bobWs = wsClient(d.graphqlUrl, bob.token);
      try {
        const replay = subscribe<Ev>(ws, EVENTS, { after: '0' });
        const aimed = subscribe<Ev>(ws, EVENTS, { after: '0', id: docA });
        const bobs = subscribe<Ev>(bobWs, EVENTS, { after: '0' });
        await waitFor('carol replays the edit of the shared document', () =>
          replay.events.some((e) => e.documentEvents.documentId === docA && e.documentEvents.type === 'DOCUMENT_UPDATED'),
        );
        const types = ofDoc(replay.events, docA).map((e) => e.documentEvents.type);
        // Its whole history, from the upload on (she may read the document, so its past is no secret).
        expect(types[0]).toBe('DOCUMENT_UPLOADED');
        expect(types).toContain('DOCUMENT_INDEXED');
        // Her own document replays too; Alice's private one does not.
        expect(ofDoc(replay.events, docC).length).toBeGreaterThan(0);
        expect(ofDoc(replay.events, docP)).toEqual([]);

        // Live after replay: the next edit arrives exactly once on both streams.
        const before = replay.events.length;
        ok(await update(alice, docA, { removeTags: ['quarterly'] }));
        await waitFor(
          'the live edit after replay',
          () => replay.events.length > before && aimed.events.at(-1)?.documentEvents.document?.tags.length === 0,
        );
        await settle();
        for (const s of [replay, aimed]) {
          const cursors = s.events.map((e) => Number(e.documentEvents.cursor));
          expect(new Set(cursors).size, 'no event twice').toBe(cursors.length);
          expect(cursors, 'in cursor order').toEqual([...cursors].sort((a, b) => a - b));
        }
        expect(aimed.events.every((e) => e.documentEvents.documentId === docA)).toBe(true);
        expect(
          replay.events.filter((e) => e.documentEvents.type === 'DOCUMENT_UPDATED' && e.documentEvents.documentId === docA),
        ).toHaveLength(2);
        expect(bobs.events).toEqual([]);
        for (const s of [replay, aimed, bobs]) s.dispose();
      } finally {
        await ws.dispose();
        await bobWs.dispose();
      }
    });

    it('a key scoped to Team replays only Team; a removed member replays nothing of it', async () => {
      const created = ok(
        await carol.request(`mutation($c: [ID!]) { createApiKey(name: "rag", collectionIds: $c, readOnly: true) { key } }`, { c: [team] }),
      );
      const ws = wsClient(d.graphqlUrl, created.createApiKey.key);
      try {
        const replay = subscribe<Ev>(ws, EVENTS, { after: '0' });
        await waitFor('the key replays Team', () => ofDoc(replay.events, docA).some((e) => e.documentEvents.type === 'DOCUMENT_UPDATED'));
        await settle();
        // Carol's own document is outside the key's collection.
        expect(new Set(replay.events.map((e) => e.documentEvents.documentId))).toEqual(new Set([docA]));
        replay.dispose();
      } finally {
        await ws.dispose();
      }

      ok(
        await alice.request(`mutation($c: ID!, $u: ID!) { removeCollectionMember(collectionId: $c, userId: $u) { id } }`, {
          c: team,
          u: carolId,
        }),
      );
      const again = wsClient(d.graphqlUrl, carol.token);
      try {
        const replay = subscribe<Ev>(again, EVENTS, { after: '0' });
        await waitFor('carol replays her own document', () =>
          ofDoc(replay.events, docC).some((e) => e.documentEvents.type === 'DOCUMENT_INDEXED'),
        );
        await settle();
        expect(ofDoc(replay.events, docA)).toEqual([]);
        replay.dispose();
      } finally {
        await again.dispose();
      }
    });
  });
}
