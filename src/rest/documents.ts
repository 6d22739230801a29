import { encodeGlobalID } from '@pothos/plugin-relay';
import { toAppError, type AppError } from '../errors.js';
import { decodeDocumentCursor, encodeDocumentCursor } from '../services/documents/document-cursor.js';
import { deleteDocument, getDocument, listDocuments } from '../services/documents/documents-service.js';
import { presentDocument } from '../services/documents/document-presenter.js';
import type { DocumentSummary, UploadResult } from '../services/documents/types.js';
import { uploadDocument } from '../services/documents/upload-document.js';
import { attachmentHeaders } from '../security/csrf.js';
import { updateDocument } from '../services/documents/update-document.js';
import { errorBody, readJsonBody, sendJson, statusFor } from './http-io.js';
import { readMultipart } from './multipart.js';
import { commonErrors, defineRoute, jsonResponse, parseDocumentId, parseInput } from './route.js';
import {
  DeletedSchema,
  DocumentIdParams,
  DocumentPageSchema,
  DocumentSchema,
  ListDocumentsQuery,
  UploadForm,
  UpdateDocumentBody,
  UploadResultsSchema,
} from './schemas.js';
import { folderPath, uploadOptions, uploadPriority, parseCollectionId } from './upload-options.js';

/** The JSON shape of a document: GraphQL's fields, with the global ID as `id` so IDs are interchangeable. */
export function documentJson(d: DocumentSummary) {
  const { id, createdAt, updatedAt, ...view } = presentDocument(d);
  return {
    id: encodeGlobalID('Document', id),
    uuid: id,
    ...view,
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
}

const tags = ['documents'];

interface Outcome {
  filename: string;
  result?: UploadResult;
  error?: AppError;
}

const upload = defineRoute({
  method: 'POST',
  path: '/api/documents/upload',
  auth: true,
  spec: {
    tags,
    summary: 'Upload one or more documents',
    description: 'Streams each `file` part to storage and queues it. Same bytes as an earlier upload: that document, `duplicate: true`.',
    requestBody: { content: { 'multipart/form-data': { schema: UploadForm } } },
    responses: {
      '201': jsonResponse(UploadResultsSchema, 'At least one document was created'),
      '200': jsonResponse(UploadResultsSchema, 'Every file was a duplicate, or some failed'),
      ...commonErrors(413, 415, 422),
    },
  },
  async handle({ c, req, res, user, log }) {
    const outcomes: Outcome[] = [];
    await readMultipart(req, c.config, async (file, fields) => {
      try {
        outcomes.push({
          filename: file.filename,
          result: await uploadDocument(c, user, { filename: file.filename, createReadStream: () => file.stream }, uploadOptions(fields), {
            path: folderPath(fields.path),
            priority: uploadPriority(fields.priority),
            collectionId: parseCollectionId(fields.collectionId),
          }),
        });
      } catch (err) {
        const error = toAppError(err);
        if (error.code === 'INTERNAL') log.error({ err }, 'upload failed');
        outcomes.push({ filename: file.filename, error });
      }
    });
    const first = outcomes[0];
    if (!first) return sendJson(res, 400, { error: { code: 'BAD_USER_INPUT', message: 'No `file` part in the request' } });
    const results = outcomes.map((o) => ({
      filename: o.filename,
      document: o.result ? documentJson(o.result.document) : null,
      duplicate: o.result?.duplicate ?? false,
      error: o.error ? { code: o.error.code, message: o.error.message } : null,
    }));
    // All failed: the status of the first failure, so `curl -f` and HTTP tooling see it.
    if (outcomes.every((o) => o.error)) return sendJson(res, statusFor(first.error!.code), { ...errorBody(first.error!), results });
    sendJson(res, outcomes.some((o) => o.result && !o.result.duplicate) ? 201 : 200, { results });
  },
});

const list = defineRoute({
  method: 'GET',
  path: '/api/documents',
  auth: true,
  query: ListDocumentsQuery,
  spec: {
    tags,
    summary: 'List your documents, newest first unless sorted otherwise',
    responses: { '200': jsonResponse(DocumentPageSchema, 'One page'), ...commonErrors() },
  },
  async handle({ c, res, user, query }) {
    const rows = await listDocuments(
      c,
      user,
      { status: query.status, mimeTypes: query.mimeType, filename: query.filename, sha256: query.sha256, tags: query.tag },
      { sort: query.sort, after: query.after ? decodeDocumentCursor(query.after, query.sort) : null, limit: query.first + 1 },
    );
    const items = rows.slice(0, query.first);
    const last = items.at(-1);
    sendJson(res, 200, {
      items: items.map(documentJson),
      pageInfo: { hasNextPage: rows.length > query.first, endCursor: last ? encodeDocumentCursor(last, query.sort) : null },
    });
  },
});

const get = defineRoute({
  method: 'GET',
  path: '/api/documents/{id}',
  auth: true,
  params: DocumentIdParams,
  spec: { tags, summary: 'One document', responses: { '200': jsonResponse(DocumentSchema, 'The document'), ...commonErrors(404) } },
  async handle({ c, res, user, params }) {
    sendJson(res, 200, documentJson(await getDocument(c, user, parseDocumentId(params.id))));
  },
});

const download = defineRoute({
  method: 'GET',
  path: '/api/documents/{id}/file',
  auth: true,
  params: DocumentIdParams,
  spec: {
    tags,
    summary: 'Download the original file',
    responses: {
      '200': {
        description: 'The stored original, as an attachment',
        content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
      },
      ...commonErrors(404),
    },
  },
  async handle({ c, req, res, user, params, log }) {
    const doc = await getDocument(c, user, parseDocumentId(params.id));
    if (!(await c.blobs.exists(doc.storageKey))) throw toAppError(new Error(`stored file missing for ${doc.id}`));
    res.writeHead(200, {
      ...attachmentHeaders(doc.filename, doc.mimeType),
      'content-length': String(doc.sizeBytes),
      etag: `"${doc.sha256}"`,
    });
    if (req.method === 'HEAD') return void res.end();
    const stream = c.blobs.createReadStream(doc.storageKey);
    stream.on('error', (err) => {
      log.error({ err, documentId: doc.id }, 'reading stored file failed');
      res.destroy(err);
    });
    stream.pipe(res);
  },
});

const remove = defineRoute({
  method: 'DELETE',
  path: '/api/documents/{id}',
  auth: true,
  params: DocumentIdParams,
  spec: {
    tags,
    summary: 'Delete a document, its chunks and its file',
    responses: { '200': jsonResponse(DeletedSchema, 'Deleted'), ...commonErrors(404) },
  },
  async handle({ c, res, user, params }) {
    const doc = await deleteDocument(c, user, parseDocumentId(params.id));
    sendJson(res, 200, { deletedId: encodeGlobalID('Document', doc.id), uuid: doc.id });
  },
});

/** Largest PATCH body: 50 custom fields of 2,000 characters (4 bytes each at worst) and the rest fit. */
const PATCH_BODY_LIMIT = 512 * 1024;

const patch = defineRoute({
  method: 'PATCH',
  path: '/api/documents/{id}',
  auth: true,
  params: DocumentIdParams,
  spec: {
    tags,
    summary: "Edit a document's title, tags and custom fields (owner or collection EDITOR)",
    requestBody: { content: { 'application/json': { schema: UpdateDocumentBody } } },
    responses: { '200': jsonResponse(DocumentSchema, 'The updated document'), ...commonErrors(403, 404, 413) },
  },
  async handle({ c, req, res, user, params }) {
    const id = parseDocumentId(params.id);
    const change = parseInput(UpdateDocumentBody, await readJsonBody(req, PATCH_BODY_LIMIT));
    sendJson(res, 200, documentJson(await updateDocument(c, user, id, change)));
  },
});

export const documentRoutes = [upload, list, get, download, remove, patch];
