import { supportedFormats } from '../converters/registry.js';
import { badInput, toAppError } from '../errors.js';
import { extractDocument, serverExtractLimits, type ExtractOutput } from '../services/documents/extract-document.js';
import { sanitizeFilename } from '../services/documents/filename.js';
import { sendJson } from './http-io.js';
import { bufferFile, readMultipart, type MultipartFile } from './multipart.js';
import { commonErrors, defineRoute, jsonResponse, parseInput, type RouteContext } from './route.js';
import { BatchExtractForm, BatchExtractionSchema, ExtractForm, ExtractionSchema, ExtractQuery, FormatsSchema } from './schemas.js';
import { uploadOptions } from './upload-options.js';
import type { z } from 'zod';

type Flags = z.output<typeof ExtractQuery>;

const tags = ['extraction'];

/** The caller picks what it needs; Markdown is always there. */
function extractionJson(filename: string, out: ExtractOutput, flags: Flags) {
  const { result } = out;
  return {
    filename,
    mimeType: out.format.mimeType,
    markdown: result.markdown,
    ...(flags.include_text !== 'false' ? { text: result.text } : {}),
    ...(flags.include_metadata !== 'false'
      ? { title: result.title, pageCount: result.pageCount, language: result.language, metadata: result.metadata }
      : {}),
    ...(flags.include_structure === 'true'
      ? { outline: result.outline, pages: result.pages.map(({ number, ocr, charStart, charEnd }) => ({ number, ocr, charStart, charEnd })) }
      : {}),
  };
}

/** Options from the query string, overridden by form fields sent before the file. */
async function extractOne(ctx: RouteContext<z.ZodObject, typeof ExtractQuery>, file: MultipartFile, fields: Record<string, string>) {
  const flags = parseInput(ExtractQuery, { ...ctx.query, ...fields });
  const filename = sanitizeFilename(file.filename);
  const bytes = await bufferFile(file, ctx.c.config.maxFileSize);
  const out = await extractDocument({ bytes, filename }, uploadOptions(flags), serverExtractLimits(ctx.c));
  return extractionJson(filename, out, flags);
}

const extract = defineRoute({
  method: 'POST',
  path: '/api/v1/extract',
  auth: true,
  query: ExtractQuery,
  spec: {
    tags,
    summary: 'Convert one file to Markdown without storing it',
    description: 'Options go in the query string or as form fields before the file.',
    requestBody: { content: { 'multipart/form-data': { schema: ExtractForm } } },
    responses: { '200': jsonResponse(ExtractionSchema, 'The conversion'), ...commonErrors(413, 415, 422, 504) },
  },
  async handle(ctx) {
    let result: ReturnType<typeof extractionJson> | undefined;
    await readMultipart(ctx.req, { maxFileSize: ctx.c.config.maxFileSize, maxFiles: 1 }, async (file, fields) => {
      result = await extractOne(ctx, file, fields);
    });
    if (!result) throw badInput('No `file` part in the request', { field: 'file' });
    sendJson(ctx.res, 200, result);
  },
});

const batchExtract = defineRoute({
  method: 'POST',
  path: '/api/v1/batch-extract',
  auth: true,
  query: ExtractQuery,
  spec: {
    tags,
    summary: 'Convert several files; each gets a result or an error',
    requestBody: { content: { 'multipart/form-data': { schema: BatchExtractForm } } },
    responses: { '200': jsonResponse(BatchExtractionSchema, 'Per-file results, in request order'), ...commonErrors(413) },
  },
  async handle(ctx) {
    const results: Array<{
      filename: string;
      result: ReturnType<typeof extractionJson> | null;
      error: { code: string; message: string } | null;
    }> = [];
    await readMultipart(ctx.req, ctx.c.config, async (file, fields) => {
      try {
        results.push({ filename: sanitizeFilename(file.filename), result: await extractOne(ctx, file, fields), error: null });
      } catch (err) {
        const error = toAppError(err);
        if (error.code === 'INTERNAL') ctx.log.error({ err }, 'extraction failed');
        results.push({ filename: sanitizeFilename(file.filename), result: null, error: { code: error.code, message: error.message } });
      }
    });
    if (!results.length) throw badInput('No `file` part in the request', { field: 'file' });
    sendJson(ctx.res, 200, { results });
  },
});

const formats = defineRoute({
  method: 'GET',
  path: '/api/v1/formats',
  auth: false,
  spec: { tags, summary: 'Accepted formats and upload limits', security: [], responses: { '200': jsonResponse(FormatsSchema, 'Formats') } },
  async handle({ c, res }) {
    sendJson(res, 200, { formats: supportedFormats(), maxFileSize: c.config.maxFileSize, maxFiles: c.config.maxFiles });
  },
});

export const extractRoutes = [extract, batchExtract, formats];
