import { availableSearchModes, searchChunks } from '../services/search/search-service.js';
import { searchModes, type SearchHit } from '../search/hybrid-search.js';
import { searchSyntaxes } from '../search/types.js';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { badInput } from '../errors.js';
import { builder } from './builder.js';
import { collectionIdOf } from './global-ids.js';
import { ChunkRef, DocumentRef, PageBoxRef } from './document.js';

/** Decoded here rather than by Pothos, so a malformed id is a BAD_USER_INPUT like every other bad filter. */
function documentId(globalId: string): string {
  try {
    const { typename, id } = decodeGlobalID(globalId);
    if (typename === 'Document') return id;
  } catch {
    // fall through
  }
  throw badInput('filter.documentIds must be document ids', { field: 'documentIds' });
}

const SearchModeEnum = builder.enumType('SearchMode', {
  description:
    "LEXICAL: full-text ranked by Okapi BM25 (stemmed in each document's language; headings weigh above body text). SEMANTIC: nearest chunks by embedding. " +
    'HYBRID: both fused by Reciprocal Rank Fusion (k = 60); where semantic search is unavailable it answers lexically.',
  values: searchModes,
});

const SearchSyntaxEnum = builder.enumType('SearchSyntax', {
  description: 'How the query text of the full-text part is read.',
  values: {
    NATURAL: {
      description:
        'The default: words are words ("varenicline or bupropion", "G - quadruplex"), any may match and BM25 ranks. ' +
        'Operators count only where written explicitly: "quoted phrase", OR in capitals, -word with the dash attached (then all other words must match).',
    },
    WEBSEARCH: { description: 'PostgreSQL websearch_to_tsquery as is: every word must match, "quoted phrase", or/OR, -exclusion.' },
  } satisfies Record<(typeof searchSyntaxes)[number], { description: string }>,
});

const SearchFilter = builder.inputType('SearchFilter', {
  description:
    "Narrows a search to some of the documents you may see (yours and your collections'); all given fields must hold. collectionIds also narrows the BM25 statistics to those collections (a knowledge base ranks as its own index); the other fields only narrow the candidates and never change a score.",
  fields: (t) => ({
    documentIds: t.idList({ description: 'Document ids (as returned by the API).' }),
    mimeTypes: t.stringList(),
    createdAfter: t.field({ type: 'DateTime', description: 'Documents uploaded at or after this time.' }),
    createdBefore: t.field({ type: 'DateTime', description: 'Documents uploaded before this time.' }),
    language: t.string({ description: 'ISO 639-1 code of the detected document language, e.g. "de".' }),
    collectionIds: t.idList({
      description:
        'Only the documents of these collections, whoever shared them (you must be a member: NOT_FOUND otherwise); BM25 statistics then cover exactly these collections.',
    }),
    tags: t.stringList({ description: 'Only documents carrying every one of these tags (case-insensitive).' }),
  }),
});

const SearchHitRef = builder.objectRef<SearchHit>('SearchHit').implement({
  description: 'A chunk that answers the query, with what a citation needs (chunk.headings, pages, offsets).',
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
    boxes: t.field({
      type: [PageBoxRef],
      description: "The chunk's page boxes (as chunk.boxes), to highlight the hit on its pages; empty when there are none.",
      resolve: (h) => h.chunk.boxes ?? [],
    }),
    score: t.exposeFloat('score', {
      description:
        'LEXICAL: BM25 (statistics over exactly the documents the search covers: all you may see, or the collections it is narrowed to by filter or API key); SEMANTIC: cosine similarity; HYBRID: the RRF score. Compare only within one result list.',
    }),
    lexicalRank: t.exposeInt('lexicalRank', {
      nullable: true,
      description: '1-based position in the full-text ranking, if the chunk was in it.',
    }),
    semanticRank: t.exposeInt('semanticRank', {
      nullable: true,
      description: '1-based position in the embedding ranking, if the chunk was in it.',
    }),
    snippet: t.exposeString('snippet', {
      description: 'Plain text around the matches; matched words are wrapped in <mark>…</mark>. Escape the rest before rendering as HTML.',
    }),
  }),
});

builder.queryFields((t) => ({
  search: t.withAuth({ user: true }).field({
    type: [SearchHitRef],
    description:
      'Search over your documents, best first. The query is natural language unless `syntax` says otherwise (see SearchSyntax). ' +
      'Asking for SEMANTIC where it is unavailable (see searchModes) fails with BAD_USER_INPUT.',
    args: {
      query: t.arg.string({ required: true }),
      first: t.arg.int({ defaultValue: 10 }),
      mode: t.arg({ type: SearchModeEnum, defaultValue: 'HYBRID' }),
      filter: t.arg({ type: SearchFilter }),
      syntax: t.arg({ type: SearchSyntaxEnum, defaultValue: 'NATURAL' }),
    },
    resolve: (_root, args, ctx) => {
      const f = args.filter;
      return searchChunks(ctx.c, ctx.user, args.query, args.first ?? 10, {
        mode: args.mode,
        syntax: args.syntax,
        filter: f && { ...f, documentIds: f.documentIds?.map(documentId), collectionIds: f.collectionIds?.map(collectionIdOf) },
      });
    },
  }),
  searchModes: t.withAuth({ user: true }).field({
    type: [SearchModeEnum],
    description: 'The search modes this server can serve now (SEMANTIC needs an embeddings provider and pgvector).',
    resolve: (_root, _args, ctx) => availableSearchModes(ctx.c),
  }),
}));
