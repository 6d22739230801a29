import { z } from 'zod';
import { documentStatus } from '../db/schema/index.js';
import { ErrorCode } from '../errors.js';

/**
 * The REST contract as zod schemas: the routes parse their input with them and the OpenAPI
 * document is generated from the same objects (`.meta({ id })` makes a named component), so
 * the spec cannot describe a parameter the code does not read.
 */

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
    }),
  })
  .meta({ id: 'Error', description: 'Every failure; `code` is the same list as GraphQL `extensions.code`.' });

const DocumentErrorSchema = z.object({ code: z.string(), message: z.string() }).meta({ id: 'DocumentError' });

export const DocumentSchema = z
  .object({
    id: z.string().meta({ description: 'The GraphQL global ID (base64 of `Document:<uuid>`).' }),
    uuid: z.uuid(),
    filename: z.string(),
    mimeType: z.string().meta({ description: 'Detected from the bytes, not from the client.' }),
    sizeBytes: z.number().int(),
    sha256: z.string(),
    status: z.enum(documentStatus.enumValues),
    stage: z.string().nullable(),
    progress: z.number().min(0).max(1),
    error: DocumentErrorSchema.nullable(),
    title: z.string().nullable(),
    pageCount: z.number().int().nullable(),
    language: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()),
    tags: z.array(z.string()).meta({ description: 'Lower case, trimmed, sorted.' }),
    customFields: z.record(z.string(), z.string()).meta({ description: 'Key/value fields users set (PATCH).' }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Document' });

export const DocumentIdParams = z.object({
  id: z.string().min(1).meta({ description: 'A GraphQL global ID or the raw UUID.' }),
});

export const ListDocumentsQuery = z.object({
  first: z.coerce.number().int().min(1).max(100).default(20).meta({ description: 'Page size (1-100).' }),
  after: z.string().optional().meta({ description: '`pageInfo.endCursor` of the previous page (same sort).' }),
  sort: z.enum(['newest', 'name', 'size']).default('newest').meta({ description: 'newest upload first, filename A-Z, or largest first.' }),
  status: z.array(z.enum(documentStatus.enumValues)).optional().meta({ description: 'Repeat or comma-separate.' }),
  mimeType: z.array(z.string()).optional().meta({ description: 'Repeat or comma-separate.' }),
  filename: z.string().max(255).optional().meta({ description: 'Case-insensitive substring of the filename.' }),
  sha256: z
    .array(z.string().regex(/^[0-9a-f]{64}$/))
    .max(100)
    .optional()
    .meta({ description: 'Only documents with these content hashes (hex SHA-256): check before uploading.' }),
  tag: z.array(z.string()).optional().meta({ description: 'Only documents carrying every one of these tags. Repeat or comma-separate.' }),
});

export const UpdateDocumentBody = z
  .object({
    title: z.string().nullable().optional().meta({ description: 'Shown instead of the extracted title; null or "" shows that again.' }),
    tags: z.array(z.string()).optional().meta({ description: 'Replaces all tags (then addTags and removeTags apply).' }),
    addTags: z.array(z.string()).optional(),
    removeTags: z.array(z.string()).optional(),
    customFields: z
      .record(z.string(), z.string().nullable())
      .optional()
      .meta({ description: 'Merged: a string sets a key, null removes it.' }),
  })
  .strict()
  .meta({ id: 'UpdateDocument' });

export const SearchQuery = z.object({
  q: z
    .string()
    .min(1)
    .max(1000)
    .meta({ description: 'Natural-language words; "quoted phrases", OR (capitals) and -word (dash attached) act as operators.' }),
  first: z.coerce.number().int().min(1).max(100).default(10),
  mode: z.enum(['LEXICAL', 'SEMANTIC', 'HYBRID']).optional(),
  syntax: z.enum(['NATURAL', 'WEBSEARCH']).optional().meta({ description: 'NATURAL (default) or WEBSEARCH (websearch_to_tsquery as is).' }),
  collection: z.string().optional().meta({
    description:
      'Only the documents of this collection, whoever shared them (you must be a member: 404 otherwise); BM25 statistics then cover exactly this collection.',
  }),
  tag: z.array(z.string()).optional().meta({ description: 'Only documents carrying every one of these tags. Repeat or comma-separate.' }),
});

export const SearchResultsSchema = z
  .object({
    hits: z.array(
      z.object({
        document: DocumentSchema,
        chunk: z.object({
          id: z.string(),
          index: z.number().int(),
          content: z.string(),
          headings: z.array(z.string()),
          pageStart: z.number().int().nullable(),
          pageEnd: z.number().int().nullable(),
        }),
        score: z.number(),
        snippet: z.string().meta({ description: 'Matches wrapped in <mark>…</mark>; escape the rest before rendering as HTML.' }),
      }),
    ),
  })
  .meta({ id: 'SearchResults' });

export const DocumentPageSchema = z
  .object({
    items: z.array(DocumentSchema),
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
  })
  .meta({ id: 'DocumentPage' });

const binaryFile = z.string().meta({ format: 'binary', description: 'File contents' });

const ocrField = z.enum(['AUTO', 'FORCE', 'OFF']).optional();
const languagesField = z.string().optional().meta({ description: 'Comma-separated Tesseract codes, e.g. `eng,deu`.' });

export const UploadForm = z.object({
  file: z.union([binaryFile, z.array(binaryFile)]).meta({ description: 'One or more `file` parts.' }),
  ocr: ocrField,
  languages: languagesField,
  path: z.string().max(1024).optional().meta({
    description: 'The folder the files came from (e.g. `reports/2024`), kept as `metadata.path`. Send it before the files.',
  }),
  priority: z.enum(['HIGH', 'NORMAL', 'LOW']).optional().meta({
    description:
      'How urgently to process the files (default NORMAL): HIGH goes before your own waiting documents. Send it before the files.',
  }),
  collectionId: z.string().optional().meta({
    description: 'Also put the documents into this collection (you must be its EDITOR or OWNER). Send it before the files.',
  }),
});

export const UploadResultsSchema = z
  .object({
    results: z.array(
      z.object({
        filename: z.string(),
        document: DocumentSchema.nullable(),
        duplicate: z.boolean().meta({ description: 'You had already uploaded these bytes; `document` is that upload.' }),
        error: DocumentErrorSchema.nullable(),
      }),
    ),
  })
  .meta({ id: 'UploadResults' });

const flag = z.enum(['true', 'false']).optional();
export const ExtractQuery = z.object({
  include_text: flag.meta({ description: 'Plain text (default true).' }),
  include_metadata: flag.meta({ description: 'Title, page count, language, document metadata (default true).' }),
  include_structure: flag.meta({ description: 'Outline and per-page spans (default false).' }),
  ocr: ocrField,
  languages: languagesField,
});

export const ExtractForm = z.object({ file: binaryFile, ...ExtractQuery.shape });
export const BatchExtractForm = z.object({ file: z.array(binaryFile), ...ExtractQuery.shape });

export const ExtractionSchema = z
  .object({
    filename: z.string(),
    mimeType: z.string(),
    markdown: z.string(),
    text: z.string().optional(),
    title: z.string().nullable().optional(),
    pageCount: z.number().int().nullable().optional(),
    language: z.string().nullable().optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    outline: z.array(z.object({ level: z.number().int(), text: z.string() })).optional(),
    pages: z
      .array(z.object({ number: z.number().int(), ocr: z.boolean(), charStart: z.number().int(), charEnd: z.number().int() }))
      .optional(),
  })
  .meta({ id: 'Extraction' });

export const BatchExtractionSchema = z
  .object({
    results: z.array(z.object({ filename: z.string(), result: ExtractionSchema.nullable(), error: DocumentErrorSchema.nullable() })),
  })
  .meta({ id: 'BatchExtraction' });

export const FormatsSchema = z
  .object({
    formats: z.array(z.object({ label: z.string(), mimeTypes: z.array(z.string()), extensions: z.array(z.string()) })),
    maxFileSize: z.number().int(),
    maxFiles: z.number().int(),
  })
  .meta({ id: 'Formats' });

export const DeletedSchema = z.object({ deletedId: z.string(), uuid: z.uuid() }).meta({ id: 'Deleted' });
