import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Container } from '../app/container.js';
import { findOwnedDocument } from '../db/repositories/documents-repo.js';
import { appendDocumentEvent } from '../db/repositories/events-repo.js';
import { documents } from '../db/schema/index.js';
import { AppError, ErrorCode, notFound } from '../errors.js';
import type { AuthUser } from './auth-service.js';
import { publish } from '../pipeline/document-transitions.js';

/**
 * Stops a QUEUED or PROCESSING document for real. One conditional update (owner, current
 * generation, still unfinished) marks it FAILED with code CANCELLED and bumps the generation:
 * the bump is what every worker sees, so a waiting job skips itself as stale and a running one
 * aborts its conversion (its watcher polls the generation and kills the sandbox). A document
 * that finished meanwhile is left alone. `reprocessDocument` starts it again.
 */
export async function cancelProcessing(c: Container, user: AuthUser, id: string) {
  const current = await findOwnedDocument(c.db, user.id, id);
  if (!current) throw notFound('Document');
  const done = await c.db.transaction(async (tx) => {
    const [row] = await tx
      .update(documents)
      .set({
        generation: current.generation + 1,
        status: 'FAILED',
        errorCode: ErrorCode.CANCELLED,
        errorMessage: 'Processing was cancelled',
        updatedAt: sql`now()`,
      })
      .where(
        and(
          eq(documents.id, id),
          eq(documents.ownerId, user.id),
          eq(documents.generation, current.generation),
          inArray(documents.status, ['QUEUED', 'PROCESSING']),
        ),
      )
      .returning();
    if (!row) return null;
    return { row, message: await appendDocumentEvent(tx, row, 'DOCUMENT_FAILED') };
  });
  if (!done) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, 'The document is not being processed', { status: current.status });
  }
  c.workers?.cancelLocal(id);
  publish(c, done.message);
  const { markdown: _m, plainText: _t, ...summary } = done.row;
  return summary;
}
