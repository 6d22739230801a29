import type { ChunkRow } from '../db/schema/index.js';
import { searchChunks } from '../services/search-service.js';
import { builder } from './builder.js';
import { ChunkRef, DocumentRef } from './document.js';

interface Hit {
  chunk: ChunkRow;
  score: number;
  snippet: string;
}

const SearchHit = builder.objectRef<Hit>('SearchHit').implement({
  fields: (t) => ({
    document: t.field({
      type: DocumentRef,
      resolve: async (h, _a, ctx) => {
        const doc = await ctx.loaders.document.load(h.chunk.documentId);
        if (!doc) throw new Error('hit without its document');
        return doc;
      },
    }),
    chunk: t.field({ type: ChunkRef, resolve: (h) => h.chunk }),
    score: t.exposeFloat('score'),
    snippet: t.exposeString('snippet', {
      description: 'Plain text around the matches; matched words are wrapped in <mark>…</mark>. Escape the rest before rendering as HTML.',
    }),
  }),
});

builder.queryField('search', (t) =>
  t.withAuth({ user: true }).field({
    type: [SearchHit],
    description: 'Full-text search over your documents, best first. Supports "quoted phrases", OR and -exclusion.',
    args: {
      query: t.arg.string({ required: true }),
      first: t.arg.int({ defaultValue: 10 }),
    },
    resolve: (_root, args, ctx) => searchChunks(ctx.c, ctx.user, args.query, args.first ?? 10),
  }),
);
