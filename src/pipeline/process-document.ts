import type { Container } from '../app/container.js';
import { observeStage, recordFailure } from '../metrics/hooks.js';
import type { JobContext, JobPayload } from '../jobs/catalogue.js';
import { overallProgress, pipelineStages } from '../jobs/flow.js';
import { findDocumentForPipeline } from '../db/repositories/documents-repo.js';
import { toAppError } from '../errors.js';
import { transition } from '../services/document-transitions.js';
import { chunkStage } from './chunk.stage.js';
import { convertStage } from './convert.stage.js';
import { embedStage } from './embed.stage.js';
import { indexStage } from './index.stage.js';
import { killedAtLimit } from '../sandbox/sandbox.js';
import { StaleJobError, type StageContext, type StageRunners } from './stage.js';

const runners: StageRunners = { convert: convertStage, chunk: chunkStage, embed: embedStage, index: indexStage };

/**
 * The `document.process` job: runs the stages in the order jobs/flow.ts gives, announcing each.
 * Safe to run twice or late: it re-reads the document, skips a stale generation or a finished
 * document, and every write is idempotent. Permanent errors (corrupt, unsupported, encrypted)
 * fail the document at once; transient ones are rethrown for the queue to retry, and the last
 * attempt records the failure.
 */
export async function processDocument(
  c: Container,
  payload: JobPayload<'document.process'>,
  job: JobContext,
): Promise<void> {
  const doc = await findDocumentForPipeline(c.db, payload.documentId);
  if (!doc || doc.generation !== payload.generation || doc.status === 'INDEXED' || doc.status === 'FAILED') {
    return;
  }
  const log = c.log.child({ documentId: doc.id, generation: doc.generation, attempt: job.attempt });
  const ctx: StageContext = { c, doc };
  try {
    for (const stage of pipelineStages) {
      const row = await transition(
        c,
        ctx.doc,
        { status: 'PROCESSING', stage, progress: overallProgress(stage, 0) },
        'PROCESSING_STATUS',
      );
      if (!row) throw new StaleJobError();
      ctx.doc = row;
      const started = performance.now();
      await observeStage(stage, () => runners[stage](ctx));
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
    log.warn({ err, code: error.code }, 'processing failed');
    const message = error.code === 'INTERNAL' ? 'Processing failed unexpectedly' : error.message;
    recordFailure(error.code);
    await transition(
      c,
      ctx.doc,
      { status: 'FAILED', errorCode: error.code, errorMessage: message },
      'DOCUMENT_FAILED',
    );
  }
}
