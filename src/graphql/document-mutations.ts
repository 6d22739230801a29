import { cancelProcessing } from '../services/documents/cancel-processing.js';
import { deleteDocument, reprocessDocument } from '../services/documents/documents-service.js';
import { builder } from './builder.js';
import { DocumentRef } from './document.js';

const DeleteDocumentPayload = builder.objectRef<{ id: string }>('DeleteDocumentPayload').implement({
  fields: (t) => ({
    deletedId: t.globalID({ resolve: (p) => ({ type: 'Document', id: p.id }) }),
  }),
});

builder.mutationFields((t) => ({
  deleteDocument: t.withAuth({ user: true }).field({
    type: DeleteDocumentPayload,
    description: 'Removes the document, its chunks and its stored file.',
    args: { id: t.arg.globalID({ required: true, for: DocumentRef }) },
    resolve: async (_root, args, ctx) => deleteDocument(ctx.c, ctx.user, args.id.id),
  }),
  reprocessDocument: t.withAuth({ user: true }).field({
    type: DocumentRef,
    description: 'Runs the pipeline again from the stored original.',
    args: { id: t.arg.globalID({ required: true, for: DocumentRef }) },
    resolve: (_root, args, ctx) => reprocessDocument(ctx.c, ctx.user, args.id.id),
  }),
  cancelProcessing: t.withAuth({ user: true }).field({
    type: DocumentRef,
    description:
      'Stops a queued or running document: the converter running it is killed and the document ends FAILED with error code CANCELLED. reprocessDocument starts it again. BAD_USER_INPUT when it is not queued or processing.',
    args: { id: t.arg.globalID({ required: true, for: DocumentRef }) },
    resolve: (_root, args, ctx) => cancelProcessing(ctx.c, ctx.user, args.id.id),
  }),
}));
