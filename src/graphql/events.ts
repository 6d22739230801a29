import { notFound } from '../errors.js';
import { documentError } from '../services/documents/document-presenter.js';
import { hasEventHistory, replayThenLive } from '../services/events/event-replay.js';
import type { DocumentEventMessage } from '../pubsub/topics.js';
import { documentEventType } from '../db/schema/index.js';
import { builder } from './builder.js';
import { DocumentErrorRef, DocumentRef, DocumentStatusEnum, PipelineStageEnum } from './document.js';

const DocumentEventTypeEnum = builder.enumType('DocumentEventType', { values: documentEventType });

const DocumentEventRef = builder.objectRef<DocumentEventMessage>('DocumentEvent').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor', { description: 'Increases with every event; resume after it.' }),
    type: t.field({ type: DocumentEventTypeEnum, resolve: (e) => e.type }),
    documentId: t.globalID({ resolve: (e) => ({ type: 'Document', id: e.documentId }) }),
    document: t.field({
      type: DocumentRef,
      nullable: true,
      description: 'The document as it is now; null once deleted.',
      // A subscription lives long: never answer from a cached, older state of the document.
      resolve: (e, _a, ctx) => ctx.loaders.document.clear(e.documentId).load(e.documentId),
    }),
    status: t.field({ type: DocumentStatusEnum, resolve: (e) => e.status as 'QUEUED' }),
    stage: t.field({
      type: PipelineStageEnum,
      nullable: true,
      resolve: (e) => (e.stage as 'convert' | null) ?? null,
    }),
    progress: t.exposeFloat('progress'),
    page: t.exposeInt('page', { nullable: true }),
    pageCount: t.exposeInt('pageCount', { nullable: true }),
    error: t.field({
      type: DocumentErrorRef,
      nullable: true,
      resolve: (e) => documentError(e),
    }),
    occurredAt: t.field({ type: 'DateTime', resolve: (e) => new Date(e.occurredAt) }),
  }),
});

builder.subscriptionField('documentEvents', (t) =>
  t.withAuth({ user: true }).field({
    type: DocumentEventRef,
    description:
      'Events for one document you may see, or for all of them (your own and those shared with you ' +
      'through collections) when documentId is omitted. With `after` (the cursor of the last event you ' +
      'saw), the stored events after it are sent first, then live ones, each exactly once; events of ' +
      'your documents deleted since are included. DOCUMENT_UPDATED follows an edit of title, tags or ' +
      'custom fields.',
    args: {
      documentId: t.arg.globalID({ for: DocumentRef }),
      after: t.arg.string(),
    },
    subscribe: async (_root, args, ctx) => {
      const documentId = args.documentId?.id;
      if (documentId && !(await ctx.loaders.document.load(documentId)) && !(await hasEventHistory(ctx.c, ctx.user.id, documentId))) {
        throw notFound('Document');
      }
      // Live topics and replayed rows are those the visibility rule grants the caller (event-replay.ts).
      return replayThenLive(ctx.c, ctx.user.id, { documentId, after: args.after });
    },
    resolve: (event) => event,
  }),
);
