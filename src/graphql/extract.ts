/**
 * `extract`: conversion as a service, without storing anything. It is a mutation because
 * uploads are (the multipart spec carries files in mutations), and it requires a user like
 * every other document operation, so an open server is not a free conversion farm.
 */
import type { ConvertedPage, OutlineEntry } from '../converters/core/types.js';
import { extractUpload, serverExtractLimits, type ExtractOutput } from '../services/documents/extract-document.js';
import { builder } from './builder.js';
import { toOptions, UploadOptions } from './upload.js';

const OutlineEntryRef = builder.objectRef<OutlineEntry>('OutlineEntry').implement({
  description: 'A heading of the converted document, in document order.',
  fields: (t) => ({
    level: t.exposeInt('level', { description: '1 for a top-level heading.' }),
    text: t.exposeString('text'),
  }),
});

const ExtractedPageRef = builder.objectRef<ConvertedPage>('ExtractedPage').implement({
  description: 'One physical page (PDF, TIFF frame) and where its text sits in `markdown`.',
  fields: (t) => ({
    number: t.exposeInt('number', { description: '1-based.' }),
    text: t.exposeString('text'),
    ocr: t.exposeBoolean('ocr', { description: 'True when the text came from OCR rather than a text layer.' }),
    charStart: t.exposeInt('charStart', { description: 'Offset into `markdown` where the page starts.' }),
    charEnd: t.exposeInt('charEnd', { description: 'Offset into `markdown` where the page ends (exclusive).' }),
  }),
});

const ExtractionResultRef = builder.objectRef<ExtractOutput>('ExtractionResult').implement({
  description: 'A converted document that was not stored.',
  fields: (t) => ({
    mimeType: t.string({ description: 'Detected from the bytes, not taken from the client.', resolve: (o) => o.format.mimeType }),
    markdown: t.string({ resolve: (o) => o.result.markdown }),
    text: t.string({ description: 'Plain text without Markdown syntax.', resolve: (o) => o.result.text }),
    title: t.string({ nullable: true, resolve: (o) => o.result.title }),
    pageCount: t.int({
      nullable: true,
      description: 'Pages, slides or sheets, where the format has them.',
      resolve: (o) => o.result.pageCount,
    }),
    language: t.string({ nullable: true, description: 'ISO 639-1 code detected from the text.', resolve: (o) => o.result.language }),
    metadata: t.field({ type: 'JSON', resolve: (o) => o.result.metadata }),
    outline: t.field({ type: [OutlineEntryRef], resolve: (o) => o.result.outline }),
    pages: t.field({ type: [ExtractedPageRef], description: 'Empty for formats without pages.', resolve: (o) => o.result.pages }),
  }),
});

builder.mutationField('extract', (t) =>
  t.withAuth({ user: true }).field({
    type: ExtractionResultRef,
    description: 'Converts one file to Markdown and text without storing it.',
    args: { file: t.arg({ type: 'Upload', required: true }), options: t.arg({ type: UploadOptions }) },
    resolve: async (_root, args, ctx) => extractUpload(await args.file, toOptions(args.options), serverExtractLimits(ctx.c)),
  }),
);
