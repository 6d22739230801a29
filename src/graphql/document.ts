import { resolveCursorConnection, resolveOffsetConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { documentStatus } from '../db/schema/index.js';
import { pipelineStages } from '../pipeline/stages.js';
import { badInput } from '../errors.js';
import { displayTitle, documentError } from '../services/documents/document-presenter.js';
import { countChunks, countDocuments, listChunks, listDocuments } from '../services/documents/documents-service.js';
import type { DocumentError, DocumentSummary } from '../services/documents/types.js';
import type { ChunkView } from '../search/types.js';
import type { PageBox } from '../chunker/types.js';
import { decodeDocumentCursor, encodeDocumentCursor } from '../services/documents/document-cursor.js';
import { isId } from '../services/collections/collection-access.js';
import { builder } from './builder.js';

export const DocumentStatusEnum = builder.enumType('DocumentStatus', { values: documentStatus.enumValues });

export const PipelineStageEnum = builder.enumType('PipelineStage', {
  description: 'The pipeline step a document is in (or last went through).',
  values: Object.fromEntries(pipelineStages.map((s) => [s.toUpperCase(), { value: s }])),
});

export const DocumentErrorRef = builder.objectRef<DocumentError>('DocumentError').implement({
  fields: (t) => ({
    code: t.exposeString('code', { description: 'One of the error codes used in `extensions.code`.' }),
    message: t.exposeString('message'),
  }),
});

export const PageBoxRef = builder.objectRef<PageBox>('PageBox').implement({
  description:
    'A region of a page that a chunk covers, in PDF points from the top left corner of the page as displayed (after its rotation). Scale by a rendering width ÷ pageWidth.',
  fields: (t) => ({
    page: t.exposeInt('page', { description: '1-based page number.' }),
    x: t.exposeFloat('x'),
    y: t.exposeFloat('y'),
    width: t.exposeFloat('width'),
    height: t.exposeFloat('height'),
    pageWidth: t.exposeFloat('pageWidth', { description: 'Width of the page in points.' }),
    pageHeight: t.exposeFloat('pageHeight', { description: 'Height of the page in points.' }),
  }),
});

export const ChunkRef = builder.objectRef<ChunkView>('Chunk').implement({
  description: 'A retrieval unit of a document, with provenance for citations.',
  fields: (t) => ({
    id: t.exposeID('id'),
    index: t.exposeInt('index'),
    content: t.exposeString('content', { description: 'The chunk as Markdown.' }),
    text: t.exposeString('text', { description: 'Plain text of the chunk.' }),
    headings: t.exposeStringList('headings', { description: 'Heading path from the top.' }),
    pageStart: t.exposeInt('pageStart', { nullable: true }),
    pageEnd: t.exposeInt('pageEnd', { nullable: true }),
    charStart: t.exposeInt('charStart', { description: "Offset into the document's Markdown." }),
    charEnd: t.exposeInt('charEnd'),
    tokenCount: t.exposeInt('tokenCount'),
    boxes: t.field({
      type: [PageBoxRef],
      description:
        'Where the chunk stands on its pages, for highlighting; empty for formats without page positions (all but PDF text layers).',
      resolve: (c) => c.boxes ?? [],
    }),
  }),
});

export const DocumentRef = builder.objectRef<DocumentSummary>('Document');

builder.node(DocumentRef, {
  id: { resolve: (doc) => doc.id },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.document.load(id))),
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'sha256' in value && 'storageKey' in value,
  fields: (t) => ({
    filename: t.exposeString('filename'),
    mimeType: t.exposeString('mimeType', { description: 'Detected from the bytes, not from the client.' }),
    sizeBytes: t.exposeFloat('sizeBytes'),
    sha256: t.exposeString('sha256'),
    status: t.field({ type: DocumentStatusEnum, resolve: (d) => d.status }),
    stage: t.field({
      type: PipelineStageEnum,
      nullable: true,
      resolve: (d) => (d.stage as (typeof pipelineStages)[number] | null) ?? null,
    }),
    progress: t.exposeFloat('progress', { description: 'Overall progress from 0 to 1.' }),
    error: t.field({
      type: DocumentErrorRef,
      nullable: true,
      resolve: (d) => documentError(d),
    }),
    title: t.string({
      nullable: true,
      description: 'The title set with updateDocument, else the one extracted from the file.',
      resolve: (d) => displayTitle(d),
    }),
    tags: t.stringList({
      description: 'Lower case, trimmed, sorted. Set with updateDocument; filter with DocumentFilter.tags and SearchFilter.tags.',
      resolve: (d) => d.tags,
    }),
    customFields: t.field({
      type: 'JSON',
      description: 'Key/value fields users set with updateDocument (string values), apart from the extracted `metadata`.',
      resolve: (d) => d.customFields,
    }),
    pageCount: t.exposeInt('pageCount', { nullable: true }),
    language: t.exposeString('language', { nullable: true }),
    metadata: t.field({ type: 'JSON', resolve: (d) => d.metadata }),
    markdown: t.string({
      nullable: true,
      resolve: async (d, _a, ctx) => (await ctx.loaders.content.load(d.id))?.markdown ?? null,
    }),
    text: t.string({
      nullable: true,
      resolve: async (d, _a, ctx) => (await ctx.loaders.content.load(d.id))?.plainText ?? null,
    }),
    chunks: t.connection(
      {
        type: ChunkRef,
        resolve: (d, args, ctx) =>
          resolveOffsetConnection({ args, defaultSize: 20, maxSize: 100 }, ({ offset, limit }) => listChunks(ctx.c, d, offset, limit)),
      },
      { name: 'ChunkConnection' },
      { name: 'ChunkEdge' },
    ),
    chunkCount: t.int({ resolve: (d, _a, ctx) => countChunks(ctx.c, d) }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const DocumentFilter = builder.inputType('DocumentFilter', {
  fields: (t) => ({
    status: t.field({ type: [DocumentStatusEnum] }),
    mimeTypes: t.stringList(),
    filename: t.string({ description: 'Case-insensitive substring of the filename.' }),
    collectionIds: t.globalIDList({
      description: 'Only documents of these collections (of those you are a member of; others match nothing).',
    }),
    tags: t.stringList({ description: 'Only documents carrying every one of these tags (case-insensitive).' }),
  }),
});

const DocumentSortEnum = builder.enumType('DocumentSort', {
  description: 'Order of the documents list; every order breaks ties by id, so paging is stable.',
  values: {
    NEWEST: { value: 'newest', description: 'Latest upload first (the default).' },
    NAME: { value: 'name', description: 'Filename A to Z, ignoring case.' },
    SIZE: { value: 'size', description: 'Largest file first.' },
  } as const,
});

/** The connection carries how to count it, so totalCount costs a query only when asked for. */
interface Counted {
  count: () => Promise<number>;
}

builder.queryFields((t) => ({
  document: t.withAuth({ user: true }).field({
    type: DocumentRef,
    nullable: true,
    args: { id: t.arg.globalID({ required: true, for: DocumentRef }) },
    resolve: (_root, args, ctx) => ctx.loaders.document.load(args.id.id),
  }),
  documents: t.withAuth({ user: true }).connection(
    {
      type: DocumentRef,
      args: { filter: t.arg({ type: DocumentFilter }), sort: t.arg({ type: DocumentSortEnum, defaultValue: 'newest' }) },
      resolve: async (_root, args, ctx) => {
        if (args.before || args.last) throw badInput('Only forward pagination (first, after) is supported');
        const { collectionIds, ...rest } = args.filter ?? {};
        const filter = { ...rest, ...(collectionIds ? { collectionIds: collectionIds.map((g) => g.id).filter(isId) } : {}) };
        const sort = args.sort ?? 'newest';
        const connection = await resolveCursorConnection(
          { args, toCursor: (d: DocumentSummary) => encodeDocumentCursor(d, sort), defaultSize: 20, maxSize: 100 },
          ({ after, limit }: ResolveCursorConnectionArgs) =>
            listDocuments(ctx.c, ctx.user, filter, { sort, after: after ? decodeDocumentCursor(after, sort) : null, limit }),
        );
        return Object.assign(connection, { count: () => countDocuments(ctx.c, ctx.user, filter) } satisfies Counted);
      },
    },
    {
      name: 'DocumentConnection',
      fields: (t) => ({
        totalCount: t.int({
          description: 'Documents matching the filter across all pages.',
          resolve: (connection) => (connection as unknown as Counted).count(),
        }),
      }),
    },
    { name: 'DocumentEdge' },
  ),
}));
