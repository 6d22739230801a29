import { eq, getTableColumns, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { auditLog, documentEvents, documents, jobOutbox, type DocumentRow } from '../schema/index.js';
import type { DocumentEventMessage } from '../../pubsub/topics.js';
import { toEventMessage } from './events-repo.js';
import { outboxPriority } from './outbox-repo.js';

type NewDocument = typeof documents.$inferInsert & Required<Pick<typeof documents.$inferInsert, 'sizeBytes'>>;

/**
 * A new upload in one statement: the document row and, only when it was inserted, its pending
 * job (outbox), its audit entry and its DOCUMENT_UPLOADED event, whose message is returned
 * (publish it after the commit). Null when the owner already has these bytes (the insert's
 * unique key finds their copy, or a concurrent upload of them won).
 *
 * One statement is atomic by itself, so an upload outside a collection needs no transaction:
 * on PGlite that is one trip through its WebAssembly and protocol parser instead of five
 * (BEGIN, the tenant scope's setting, two inserts, COMMIT), five of the 12.5 statements a small
 * Markdown document cost, and about 0.3 ms less of PGlite's own work (BENCHMARKS.md, ingest).
 * In services mode the tenant-scoped client still wraps it in a transaction with the user's
 * role and id (security/rls-client.ts).
 * Every row depends on the inserted document through the `doc` CTE, so none is written for a
 * duplicate.
 */
export async function insertUpload(
  ex: Executor,
  values: NewDocument,
  audit: { ip: string | null; details: Record<string, unknown> },
): Promise<{ row: DocumentRow; message: DocumentEventMessage } | null> {
  const doc = ex.$with('doc').as(ex.insert(documents).values(values).onConflictDoNothing().returning());
  // drizzle's insert-from-select wants every column of the table: these three are written out.
  const outbox = ex.$with('outbox', { id: jobOutbox.id }).as(sql`
    insert into ${jobOutbox} (document_id, generation, owner_id, priority)
    select id, generation, owner_id, ${outboxPriority(values.priority ?? 'NORMAL', values.sizeBytes)}::integer from doc
    on conflict do nothing returning id`);
  const audited = ex.$with('audited', { id: auditLog.id }).as(sql`
    insert into ${auditLog} (owner_id, action, document_id, ip, details)
    select owner_id, 'DOCUMENT_UPLOADED', id, ${audit.ip}::text, ${JSON.stringify(audit.details)}::jsonb from doc
    returning id`);
  const event = ex.$with('event', getTableColumns(documentEvents)).as(sql`
    insert into ${documentEvents} (document_id, owner_id, type, status, stage, progress, error_code, error_message)
    select id, owner_id, 'DOCUMENT_UPLOADED', status, stage, progress, error_code, error_message from doc
    returning *`);
  const [found] = await ex
    .with(doc, outbox, audited, event)
    .select({ row: doc._.selectedFields, event: event._.selectedFields })
    .from(doc)
    .innerJoin(event, eq(event.documentId, doc.id));
  if (!found) return null;
  return { row: found.row as DocumentRow, message: toEventMessage(found.event) };
}
