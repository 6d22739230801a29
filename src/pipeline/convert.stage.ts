import { convert } from '../converters/registry.js';
import { overallProgress } from '../jobs/flow.js';
import { AppError, ErrorCode } from '../errors.js';
import { transition } from '../services/document-transitions.js';
import { StaleJobError, type StageContext } from './stage.js';

/** Per-page progress is written and published at most this often. */
const PROGRESS_INTERVAL_MS = 250;
/** A conversion that takes longer than this is abandoned (hard isolation comes with sandboxing). */
const CONVERT_TIMEOUT_MS = 5 * 60_000;

/**
 * Reads the stored original, converts it, and commits the Markdown, text and metadata, so later
 * stages (and a retry) work from the saved conversion rather than redoing it.
 */
export async function convertStage(ctx: StageContext): Promise<void> {
  const { c, doc } = ctx;
  const bytes = await c.blobs.read(doc.storageKey);
  const abort = new AbortController();
  let lastWrite = 0;
  let writing: Promise<unknown> = Promise.resolve();

  const onProgress = ({ page, pageCount }: { page: number; pageCount: number }) => {
    const now = Date.now();
    if (page < pageCount && now - lastWrite < PROGRESS_INTERVAL_MS) return;
    lastWrite = now;
    const progress = overallProgress('convert', pageCount ? page / pageCount : 0);
    writing = writing.then(() =>
      transition(c, doc, { progress }, 'PROCESSING_STATUS', { details: { page, pageCount } }).catch(
        (err: unknown) => c.log.warn({ err, documentId: doc.id }, 'progress update failed'),
      ),
    );
  };

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new AppError(ErrorCode.TIMEOUT, 'Conversion took too long'));
    }, CONVERT_TIMEOUT_MS);
  });
  let result;
  try {
    result = await Promise.race([
      convert({
        bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        mimeType: doc.mimeType,
        filename: doc.filename,
        options: doc.options,
        signal: abort.signal,
        onProgress,
      }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
    await writing;
  }

  const row = await transition(
    c,
    doc,
    {
      markdown: result.markdown,
      plainText: result.text,
      title: result.title,
      pageCount: result.pageCount,
      language: result.language,
      metadata: { ...result.metadata, outline: result.outline },
      pages: result.pages.map(({ number, charStart, charEnd, ocr }) => ({ number, charStart, charEnd, ocr })),
      progress: overallProgress('convert', 1),
    },
    'PROCESSING_STATUS',
    { details: { pageCount: result.pageCount } },
  );
  if (!row) throw new StaleJobError();
  ctx.doc = row;
  ctx.conversion = result;
}
