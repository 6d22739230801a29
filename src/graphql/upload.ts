import { documentPriority } from '../db/schema/index.js';
import { AppError, toAppError } from '../errors.js';
import type { UploadMeta, UploadResult } from '../services/documents/types.js';
import { uploadDocument } from '../services/documents/upload-document.js';
import { builder } from './builder.js';
import { collectionIdOf } from './global-ids.js';
import { DocumentErrorRef, DocumentRef } from './document.js';

export const OcrModeEnum = builder.enumType('OcrMode', {
  description: 'AUTO runs OCR on pages without a usable text layer; FORCE on every page; OFF never.',
  values: ['AUTO', 'FORCE', 'OFF'] as const,
});

export const UploadPriorityEnum = builder.enumType('UploadPriority', {
  description:
    "How urgently to process an upload. HIGH goes before your own waiting documents (never before other users' turns); LOW after them.",
  values: documentPriority.enumValues,
});

export const UploadOptions = builder.inputType('UploadOptions', {
  fields: (t) => ({
    ocr: t.field({ type: OcrModeEnum, defaultValue: 'AUTO' }),
    priority: t.field({ type: UploadPriorityEnum, defaultValue: 'NORMAL' }),
    languages: t.stringList({ description: 'OCR languages (Tesseract codes), e.g. ["eng", "deu"].' }),
    collectionId: t.id({ description: 'Also put the document into this collection (you must be its EDITOR or OWNER).' }),
  }),
});

const UploadDocumentPayload = builder.objectRef<UploadResult>('UploadDocumentPayload').implement({
  fields: (t) => ({
    document: t.field({ type: DocumentRef, resolve: (r) => r.document }),
    duplicate: t.exposeBoolean('duplicate', {
      description: 'True when you had already uploaded the same bytes; `document` is that earlier upload.',
    }),
  }),
});

interface FileOutcome {
  filename: string;
  result?: UploadResult;
  error?: AppError;
}

const UploadDocumentResult = builder.objectRef<FileOutcome>('UploadDocumentResult').implement({
  description: 'The outcome for one file of a batch: either a document or an error.',
  fields: (t) => ({
    filename: t.exposeString('filename'),
    document: t.field({ type: DocumentRef, nullable: true, resolve: (o) => o.result?.document ?? null }),
    duplicate: t.boolean({ resolve: (o) => o.result?.duplicate ?? false }),
    error: t.field({
      type: DocumentErrorRef,
      nullable: true,
      resolve: (o) => (o.error ? { code: o.error.code, message: o.error.message } : null),
    }),
  }),
});

const UploadDocumentsPayload = builder.objectRef<{ results: FileOutcome[] }>('UploadDocumentsPayload').implement({
  fields: (t) => ({
    results: t.field({ type: [UploadDocumentResult], resolve: (p) => p.results }),
  }),
});

/** The upload's metadata from the options input: its priority and target collection (a global id). */
const toMeta = (input: { priority?: UploadMeta['priority'] | null; collectionId?: string | null } | null | undefined): UploadMeta => ({
  ...(input?.priority ? { priority: input.priority } : {}),
  ...(input?.collectionId ? { collectionId: collectionIdOf(input.collectionId) } : {}),
});

export function toOptions(input: { ocr?: 'AUTO' | 'FORCE' | 'OFF' | null; languages?: string[] | null } | null | undefined) {
  return {
    ...(input?.ocr ? { ocr: input.ocr } : {}),
    ...(input?.languages?.length ? { languages: input.languages } : {}),
  };
}

builder.mutationFields((t) => ({
  uploadDocument: t.withAuth({ user: true }).field({
    type: UploadDocumentPayload,
    args: { file: t.arg({ type: 'Upload', required: true }), options: t.arg({ type: UploadOptions }) },
    resolve: async (_root, args, ctx) => uploadDocument(ctx.c, ctx.user, await args.file, toOptions(args.options), toMeta(args.options)),
  }),
  uploadDocuments: t.withAuth({ user: true }).field({
    type: UploadDocumentsPayload,
    description: "Uploads several files; one file's failure does not fail the others.",
    args: {
      files: t.arg({ type: ['Upload'], required: true }),
      options: t.arg({ type: UploadOptions }),
    },
    resolve: async (_root, args, ctx) => {
      const results: FileOutcome[] = [];
      // In order: multipart streams arrive one after another in the request body.
      for (const pending of args.files) {
        let filename = 'untitled';
        try {
          const file = await pending;
          filename = file.filename;
          results.push({ filename, result: await uploadDocument(ctx.c, ctx.user, file, toOptions(args.options), toMeta(args.options)) });
        } catch (err) {
          const error = toAppError(err);
          if (error.code === 'INTERNAL') ctx.c.log.error({ err }, 'upload failed');
          results.push({ filename, error });
        }
      }
      return { results };
    },
  }),
}));
