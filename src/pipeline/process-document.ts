import { observeStage, recordFailure } from '../metrics/hooks.js';
import type { JobContext, JobPayload } from '../jobs/catalogue.js';
import { findDocumentForPipeline } from '../db/repositories/documents-repo.js';
import { toAppError } from '../errors.js';
import { killedAtLimit } from '../sandbox/sandbox.js';
import { semanticAvailable } from '../search/capabilities.js';
import { convertsInProcess } from './convert.stage.js';
import { DocumentWriter, QUICK_ANNOUNCE_AFTER_MS } from './document-writer.js';
import { StageProgress } from './progress.js';
import { StaleJobError, type PipelineDeps, type StageContext } from './stage.js';
import { stageSpan, stageTable } from './stages.js';

/**
 * The `document.process` job: runs the stages of the stage table in order, announcing each.
 * Safe to run twice or late: it re-reads the document, skips a stale generation or a finished
 * document, and every write is idempotent. Permanent errors (corrupt, unsupported, encrypted)
 * fail the document at once; transient ones are rethrown for the queue to retry, and the last
 * attempt records the failure.
 */
export async function processDocument(deps: PipelineDeps, payload: JobPayload<'document.process'>, job: JobContext): Promise<void> {
  const { c } = deps;
  const doc = await findDocumentForPipeline(c.db, payload.documentId);
  if (!doc || doc.generation !== payload.generation || doc.status === 'INDEXED' || doc.status === 'FAILED') {
    return;
  }
  const log = c.log.child({ documentId: doc.id, generation: doc.generation, attempt: job.attempt });
  // A small note without embeddings to fetch runs every stage in milliseconds (document-writer.ts).
  const quick = convertsInProcess(doc) && !semanticAvailable(c);
  const writer = new DocumentWriter(c, doc, quick ? QUICK_ANNOUNCE_AFTER_MS : undefined);
  const ctx: StageContext = { ...deps, doc, writer };
  try {
    for (const { name: stage, run, progressEveryMs } of stageTable) {
      const progress = new StageProgress(writer, log, stageSpan(stage), progressEveryMs);
      // Written with the stage's own commit, or alone if the stage takes a while (document-writer.ts).
      writer.announce({ status: 'PROCESSING', stage, progress: progress.at(0) });
      ctx.doc = { ...ctx.doc, status: 'PROCESSING', stage, progress: progress.at(0) };
      const started = performance.now();
      await observeStage(stage, () => run(ctx, progress));
      log.debug({ stage, ms: Math.round(performance.now() - started) }, 'stage done');
    }
    log.info('document indexed');
  } catch (err) {
    if (err instanceof StaleJobError) {
      log.info('document changed under the job; stopping');
      return;
    }
    const error = toAppError(err);
    // A conversion killed at its wall-clock limit would only burn the limit again on retry.
    if (!error.permanent && !killedAtLimit(error) && job.attempt < job.maxAttempts) {
      log.warn({ err }, 'processing failed; will retry');
      throw err;
    }
    // A locked, broken or oversized file is the document's fault and its owner sees why: one
    // info line. Only a failure we did not foresee is an error with its stack to debug.
    if (error.code === 'INTERNAL') log.error({ err, code: error.code, stage: ctx.doc.stage }, 'processing failed');
    else log.info({ code: error.code, reason: error.message, stage: ctx.doc.stage }, 'document failed');
    const message = error.code === 'INTERNAL' ? 'Processing failed unexpectedly' : error.message;
    recordFailure(error.code);
    await writer.transition({ status: 'FAILED', errorCode: error.code, errorMessage: message }, 'DOCUMENT_FAILED');
  } finally {
    writer.dispose();
  }
}
