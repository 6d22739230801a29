/**
 * Page boxes over the real API: a PDF uploaded to a running server comes back with chunks whose
 * `boxes` place them on their pages (what the web client highlights), search hits carry the same
 * boxes, and a format without pages answers an empty list. Both deployments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_UP, UPLOAD_DOCUMENT } from '../../client/src/operations.js';
import type { PageBox } from '../../src/chunker/types.js';
import { GraphQLHttpClient, waitFor } from '../helpers/graphql-client.js';
import { deploy, servicesAvailable, type Deployment, type ModeName } from '../helpers/modes.js';
import { corpus } from '../helpers/processes.js';

const PDF = corpus('pdf', 'multi_page.pdf');
const DOCX = corpus('docx', 'word_sample.docx');

const BOX = 'page x y width height pageWidth pageHeight';
const CHUNKS = /* GraphQL */ `
  query Chunks($id: ID!) {
    document(id: $id) {
      status
      pageCount
      chunks(first: 100) { edges { node { text pageStart pageEnd boxes { ${BOX} } } } }
    }
  }
`;
const SEARCH_BOXES = /* GraphQL */ `
  query Hits($query: String!) {
    search(query: $query, first: 3) { document { id } chunk { boxes { ${BOX} } } boxes { ${BOX} } }
  }
`;

type Box = PageBox;

const modes: ModeName[] = ['embedded', 'services'];

for (const mode of modes) {
  describe.skipIf(mode === 'services' && !servicesAvailable())(`chunk page boxes (${mode})`, () => {
    let d: Deployment;
    let alice: GraphQLHttpClient;

    async function indexed(path: string): Promise<{ id: string; doc: any }> {
      const up = await alice.upload(UPLOAD_DOCUMENT, { file: null }, { file: { path } });
      expect(up.errors).toBeUndefined();
      const id = up.data!.uploadDocument.document.id as string;
      const doc = await waitFor(`${path} indexed`, async () => {
        const res = await alice.request(CHUNKS, { id });
        const status = res.data?.document?.status;
        if (status === 'FAILED') throw new Error(`${path} failed`);
        return status === 'INDEXED' ? res.data!.document : undefined;
      });
      return { id, doc };
    }

    beforeAll(async () => {
      d = await deploy(mode);
      alice = new GraphQLHttpClient(d.graphqlUrl);
      const res = await alice.request(SIGN_UP, { email: `boxes-${mode}@example.com`, password: 'correct horse battery staple' });
      expect(res.errors).toBeUndefined();
      alice.token = res.data!.signUp.token;
    });

    afterAll(async () => {
      await d?.stop();
    });

    it('gives every chunk of a PDF boxes on the pages it cites, inside those pages', async () => {
      const { doc } = await indexed(PDF);
      const chunks = doc.chunks.edges.map((e: any) => e.node);
      expect(chunks.length).toBeGreaterThan(1);
      for (const chunk of chunks) {
        const boxes = chunk.boxes as Box[];
        expect(boxes.length).toBeGreaterThan(0);
        for (const box of boxes) {
          expect(box.page).toBeGreaterThanOrEqual(chunk.pageStart);
          expect(box.page).toBeLessThanOrEqual(chunk.pageEnd);
          // multi_page.pdf is A4 portrait.
          expect(box.pageWidth).toBeCloseTo(595.2, 0);
          expect(box.pageHeight).toBeCloseTo(841.9, 0);
          expect(box.x).toBeGreaterThanOrEqual(0);
          expect(box.y).toBeGreaterThanOrEqual(0);
          expect(box.width).toBeGreaterThan(0);
          expect(box.height).toBeGreaterThan(0);
          expect(box.x + box.width).toBeLessThanOrEqual(box.pageWidth);
          expect(box.y + box.height).toBeLessThanOrEqual(box.pageHeight);
        }
      }
      // The first chunk starts with the title, set at the top left of page 1.
      const first = chunks[0].boxes[0] as Box;
      expect(first.page).toBe(1);
      expect(first.y).toBeLessThan(100);
      expect(first.x).toBeCloseTo(72, 0);
    });

    it('puts the same boxes on search hits, and none on a document without pages', async () => {
      const { id: docx, doc } = await indexed(DOCX);
      expect(doc.chunks.edges.every((e: any) => e.node.boxes.length === 0)).toBe(true);
      const res = await alice.request(SEARCH_BOXES, { query: 'typewriter Sholes' });
      expect(res.errors).toBeUndefined();
      const hits = res.data!.search as any[];
      expect(hits.length).toBeGreaterThan(0);
      expect(hits[0].boxes.length).toBeGreaterThan(0);
      for (const hit of hits) {
        expect(hit.boxes).toEqual(hit.chunk.boxes);
        if (hit.document.id === docx) expect(hit.boxes).toEqual([]);
      }
    });
  });
}
