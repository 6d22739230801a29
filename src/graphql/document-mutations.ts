import { cancelProcessing } from '../services/documents/cancel-processing.js';
import { deleteDocument, reprocessDocument } from '../services/documents/documents-service.js';
import { updateDocument } from '../services/documents/update-document.js';
import { builder } from './builder.js';
import { DocumentRef } from './document.js';

const DeleteDocumentPayload = builder.objectRef<{ id: string }>('DeleteDocumentPayload').implement({
  fields: (t) => ({
    deletedId: t.globalID({ resolve: (p) => ({ type: 'Document', id: p.id }) }),
  }),
});

const UpdateDocumentInput = builder.inputType('UpdateDocumentInput', {
  description: 'What to change; fields left out stay as they are.',
  fields: (t) => ({
    title: t.string({ description: 'A title to show instead of the extracted one; null or "" shows the extracted one again.' }),
    tags: t.stringList({
      description: 'Replaces all tags (then addTags and removeTags apply). At most 50, 64 characters each, no commas.',
    }),
    addTags: t.stringList(),
    removeTags: t.stringList(),
    customFields: t.field({
      type: 'JSON',
      description: 'Merged into the custom fields: a string value sets a key, null removes it. At most 50 keys.',
    }),
  }),
});

builder.mutationFields((t) => ({
  updateDocument: t.withAuth({ user: true }).field({
    type: DocumentRef,
    description:
      "Edits a document's title, tags and custom fields: its owner or an EDITOR of a collection holding it may (a viewer gets FORBIDDEN). Recorded in the audit log.",
    args: {
      id: t.arg.globalID({ required: true, for: DocumentRef }),
      input: t.arg({ type: UpdateDocumentInput, required: true }),
    },
    resolve: (_root, args, ctx) => updateDocument(ctx.c, ctx.user, args.id.id, args.input),
  }),
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
