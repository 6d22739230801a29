import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { documents, type DocumentRow } from '../schema/index.js';

/**
 * The user-editable part of a document: title override, tags and custom fields. The caller has
 * checked the right to edit (`documentAccess` OWNER or EDITOR) and normalised the values
 * (services/documents/document-metadata.ts); these statements only read and write them.
 */

export interface EditableMetadata {
  titleOverride: string | null;
  tags: string[];
  customFields: Record<string, string>;
}

/**
 * The current editable values, row-locked until the transaction ends, so two concurrent
 * `addTags` edits each see the other's result instead of one silently losing its tags.
 */
export async function lockEditableMetadata(ex: Executor, id: string): Promise<EditableMetadata | null> {
  const [row] = await ex
    .select({ titleOverride: documents.titleOverride, tags: documents.tags, customFields: documents.customFields })
    .from(documents)
    .where(eq(documents.id, id))
    .for('update');
  return row ?? null;
}

/** Writes the new editable values; the full row back (for the event and the answer), null when it is gone. */
export async function writeEditableMetadata(ex: Executor, id: string, values: EditableMetadata): Promise<DocumentRow | null> {
  const [row] = await ex
    .update(documents)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(documents.id, id))
    .returning();
  return row ?? null;
}

/** Condition on `documents`: carries every one of `tags` (already normalised). Uses the GIN index. */
export function hasAllTags(tags: readonly string[]) {
  const items = sql.join(
    tags.map((t) => sql`${t}`),
    sql`, `,
  );
  return sql`${documents.tags} @> array[${items}]::text[]`;
}
