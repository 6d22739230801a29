import type { ConversionResult } from '../converters/core/types.js';
import { markdownDeclaration } from '../converters/web/markdown.declaration.js';
import { observeConversion } from '../metrics/hooks.js';
import { fallbackDocumentLanguage } from '../search/language-fallback.js';
import { extractionCacheKey, readCachedConversion, writeCachedConversion } from './extraction-cache.js';
import type { StageProgress } from './progress.js';
import { StaleJobError, type StageContext } from './stage.js';

/**
 * Reads the stored original, converts it, and commits the Markdown, text and metadata, so later
 * stages (and a retry) work from the saved conversion rather than redoing it. A conversion that
 * is cheap to redo (a small note converted here, or a hit of the extraction cache) is not worth a
 * transaction of its own: it commits with the document's next state change instead.
 *
 * The converter runs in a sandbox process (src/sandbox) under the configured wall-clock and
 * memory limits, so a hostile document is killed with its job failing TIMEOUT or RESOURCE_LIMIT
 * while this worker keeps going. Bytes converted before (by anyone) with the same converter
 * version and options come from the extraction cache instead. Pages converted are reported as
 * the stage's progress.
 */
export async function convertStage(ctx: StageContext, progress: StageProgress): Promise<void> {
  const { c, doc } = ctx;
  const inProcess = convertsInProcess(doc);
  // Converting a small note again costs less than the cache's read and write.
  const key = inProcess ? null : extractionCacheKey(doc.sha256, doc.mimeType, doc.options);
  let result = key ? await readCachedConversion(c.db, key) : null;
  const cached = !!result;
  if (inProcess) {
    // Imported on the first small note, not at start: the Markdown converter brings a DOM library
    // (linkedom, ~16 MB RSS) that an idle server does not need.
    const { markdownConverter } = await import('../converters/web/markdown.converter.js');
    result = await observeConversion(doc.mimeType, doc.sizeBytes, async () => markdownConverter.convert(await inProcessInput(ctx)));
  } else if (!result) {
    result = await convertInSandbox(ctx, progress);
    if (key) {
      // Not fatal (e.g. text jsonb cannot hold, like lone surrogates); never log the content itself.
      await writeCachedConversion(c.db, key, result).catch((err: unknown) =>
        c.log.warn(
          { documentId: doc.id, reason: String((err as { cause?: Error }).cause?.message ?? 'unknown') },
          'extraction cache write failed',
        ),
      );
    }
  }

  const patch = {
    // The state is part of the change: announced, it may be written after later stages' entries.
    status: 'PROCESSING' as const,
    stage: 'convert',
    markdown: result.markdown,
    plainText: result.text,
    title: result.title,
    pageCount: result.pageCount,
    // Too short to detect: the owner's usual language or a restricted guess (language-fallback.ts).
    language: result.language ?? (await fallbackDocumentLanguage(c.db, doc.ownerId, result.text)),
    metadata: {
      ...result.metadata,
      outline: result.outline,
      ...(typeof doc.metadata.path === 'string' ? { path: doc.metadata.path } : {}),
    },
    pages: result.pages.map(({ number, charStart, charEnd, ocr }) => ({ number, charStart, charEnd, ocr })),
    progress: progress.at(1),
  };
  const details = { pageCount: result.pageCount };
  if (cached) c.log.debug({ documentId: doc.id }, 'conversion served from the extraction cache');
  ctx.conversion = result;
  if (inProcess || cached) {
    // Redoing this conversion costs less than a commit of its own: the result rides with the
    // next write (normally the index stage's), its event in order (document-writer.ts); a crash
    // before that converts again from the stored original.
    ctx.writer.announce(patch, 'PROCESSING_STATUS', details);
    const { markdown: _markdown, plainText: _plainText, ...state } = patch;
    ctx.doc = { ...ctx.doc, ...state };
    return;
  }
  // A sandboxed conversion is expensive: commit it now, so a retry starts from it.
  const row = await ctx.writer.transition(patch, 'PROCESSING_STATUS', { details });
  if (!row) throw new StaleJobError();
  ctx.doc = row;
}

/**
 * Formats converted here rather than in a sandbox: Markdown below `IN_PROCESS_MAX_BYTES`. Its
 * conversion is a decode, a front-matter split and a CommonMark parse, with no native code,
 * archive or resource it could blow up, and at this size its worst case (front matter built to
 * hit the slowest path) stays far below a sandbox round trip's cost for every note. Larger
 * Markdown, plain text (its tidying regexes are quadratic on hostile lines) and everything else
 * still go to the sandbox, under its time and memory limits.
 */
const IN_PROCESS_MAX_BYTES = 64 * 1024;

export function convertsInProcess(doc: Pick<StageContext['doc'], 'sizeBytes' | 'mimeType'>): boolean {
  return doc.sizeBytes <= IN_PROCESS_MAX_BYTES && markdownDeclaration.mimeTypes.includes(doc.mimeType);
}

async function inProcessInput(ctx: StageContext) {
  const { c, doc } = ctx;
  const bytes = await c.blobs.read(doc.storageKey);
  return {
    bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    mimeType: doc.mimeType,
    filename: doc.filename,
    options: doc.options,
  };
}

async function convertInSandbox(ctx: StageContext, progress: StageProgress): Promise<ConversionResult> {
  const { c, doc } = ctx;
  const bytes = await c.blobs.read(doc.storageKey);
  const onProgress = ({ page, pageCount }: { page: number; pageCount: number }) =>
    progress.report(pageCount ? page / pageCount : 0, { page, pageCount }, page >= pageCount);

  const watch = ctx.cancels.watch(doc);
  try {
    return await observeConversion(doc.mimeType, bytes.byteLength, () =>
      ctx.sandboxes.convert({
        bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        mimeType: doc.mimeType,
        filename: doc.filename,
        // The OCR pool size is a property of this machine, not of the document (nor of the cache key).
        options: { ...doc.options, ocrWorkers: c.config.ocrWorkers },
        signal: watch.signal,
        onProgress,
      }),
    );
  } catch (err) {
    // Cancelled or reprocessed under us: the new state is already recorded; stop quietly.
    if (watch.signal.aborted) throw new StaleJobError();
    throw err;
  } finally {
    watch.stop();
    await progress.flush();
  }
}
