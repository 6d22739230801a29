import type { Executor } from '../client.js';
import { auditLog, documentEvents, jobOutbox, type DocumentRow } from '../schema/index.js';
import type { DocumentEventMessage } from '../../pubsub/topics.js';
import { eventRow, toEventMessage } from './events-repo.js';
import { outboxRow } from './outbox-repo.js';

/**
 * The rows a new upload adds besides the document itself, in one statement: its pending job
 * (outbox), its audit entry and its DOCUMENT_UPLOADED event, whose message is returned (publish
 * it after the commit). Call it in the transaction that inserted `doc`.
 *
 * One statement instead of three separate ones (and, in services mode, the audit entry's own
 * transaction with its role and user settings): each statement is a round trip to PostgreSQL,
 * or on PGlite a trip through its WebAssembly and protocol parser, which was about half of the
 * embedded server's CPU per small document (BENCHMARKS.md, ingest). The audit entry now commits
 * with the document, so it cannot be lost after it (before, a failed audit write was only logged).
 */
export async function recordNewUpload(
  ex: Executor,
  doc: DocumentRow,
  audit: { ip: string | null; details: Record<string, unknown> },
): Promise<DocumentEventMessage> {
  const outbox = ex.$with('outbox').as(ex.insert(jobOutbox).values(outboxRow(doc)).onConflictDoNothing().returning({ id: jobOutbox.id }));
  const audited = ex
    .$with('audited')
    .as(
      ex
        .insert(auditLog)
        .values({ ownerId: doc.ownerId, action: 'DOCUMENT_UPLOADED', documentId: doc.id, ip: audit.ip, details: audit.details })
        .returning({ id: auditLog.id }),
    );
  const [event] = await ex.with(outbox, audited).insert(documentEvents).values(eventRow(doc, 'DOCUMENT_UPLOADED')).returning();
  if (!event) throw new Error('upload event insert returned no row');
  return toEventMessage(event);
}
