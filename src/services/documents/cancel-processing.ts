import type { Container } from '../../app/container.js';
import { cancelAtGeneration } from '../../db/repositories/documents-repo.js';
import { appendDocumentEvent } from '../../db/repositories/events-repo.js';
import { AppError, ErrorCode } from '../../errors.js';
import type { AuthUser } from '../auth/types.js';
import { publish } from '../../pipeline/document-transitions.js';
import { withoutContent } from './document-presenter.js';
import { getEditableDocument } from './documents-service.js';

/**
 * Stops a QUEUED or PROCESSING document for real (its owner or an editor of a collection holding
 * it). One conditional update (current
 * generation, still unfinished) marks it FAILED with code CANCELLED and bumps the generation:
 * the bump is what every worker sees, so a waiting job skips itself as stale and a running one
 * aborts its conversion (its watcher polls the generation and kills the sandbox). A document
 * that finished meanwhile is left alone. `reprocessDocument` starts it again.
 */
export async function cancelProcessing(c: Container, user: AuthUser, id: string) {
  const current = await getEditableDocument(c, user, id);
  const done = await c.db.transaction(async (tx) => {
    const row = await cancelAtGeneration(tx, id, current.generation);
    if (!row) return null;
    return { row, message: await appendDocumentEvent(tx, row, 'DOCUMENT_FAILED') };
  });
  if (!done) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, 'The document is not being processed', { status: current.status });
  }
  c.workers?.cancelLocal(id);
  publish(c, done.message);
  return withoutContent(done.row);
}
