import type { Container } from '../../app/container.js';
import { lockEditableMetadata, writeEditableMetadata, type EditableMetadata } from '../../db/repositories/document-metadata-repo.js';
import { appendDocumentEvent } from '../../db/repositories/events-repo.js';
import { badInput, notFound } from '../../errors.js';
import { publish } from '../../pipeline/document-transitions.js';
import type { AuthUser } from '../auth/types.js';
import { audit } from '../auth/audit-log.js';
import { getEditableDocument } from './documents-service.js';
import { withoutContent } from './document-presenter.js';
import { mergeCustomFields, normalizeTags, normalizeTitle, TAGS_PER_DOCUMENT } from './document-metadata.js';

/**
 * `updateDocument`: the owner or an EDITOR of a collection holding the document changes its
 * title, tags and custom fields (a viewer gets FORBIDDEN, anyone else NOT_FOUND). Only what the
 * change names is touched: `undefined` leaves a field alone, `title: null` clears the override.
 */
export interface DocumentChange {
  title?: string | null;
  /** Replaces all tags (applied before addTags and removeTags). */
  tags?: readonly string[] | null;
  addTags?: readonly string[] | null;
  removeTags?: readonly string[] | null;
  /** Merged: a string sets a key, null removes it. */
  customFields?: unknown;
}

/** The new values from the current ones; throws BAD_USER_INPUT before anything is written. */
export function applyChange(current: EditableMetadata, change: DocumentChange): EditableMetadata {
  let tags = change.tags != null ? normalizeTags(change.tags, 'tags') : current.tags;
  if (change.addTags?.length) tags = normalizeTags([...tags, ...normalizeTags(change.addTags, 'addTags')]);
  if (change.removeTags?.length) {
    const gone = new Set(normalizeTags(change.removeTags, 'removeTags'));
    tags = tags.filter((t) => !gone.has(t));
  }
  if (tags.length > TAGS_PER_DOCUMENT) throw badInput(`a document has at most ${TAGS_PER_DOCUMENT} tags`, { field: 'tags' });
  return {
    titleOverride: change.title !== undefined ? normalizeTitle(change.title) : current.titleOverride,
    tags,
    customFields: change.customFields != null ? mergeCustomFields(current.customFields, change.customFields) : current.customFields,
  };
}

/**
 * Reads the current values under a row lock and writes the new ones in one transaction, so
 * concurrent addTags from two editors both land. The DOCUMENT_UPDATED event row commits with the
 * change and is published only after the commit, on the owner's topic like every document event,
 * so the owner and every collection member who may see the document hear it (and a replay after
 * a cursor includes it). The audit row names what changed, not the values (custom fields may
 * hold anything the team typed).
 */
export async function updateDocument(c: Container, user: AuthUser, id: string, change: DocumentChange) {
  await getEditableDocument(c, user, id);
  const updated = await c.db.transaction(async (tx) => {
    const current = await lockEditableMetadata(tx, id);
    if (!current) return null;
    const row = await writeEditableMetadata(tx, id, applyChange(current, change));
    if (!row) return null;
    return { row, message: await appendDocumentEvent(tx, row, 'DOCUMENT_UPDATED') };
  });
  if (!updated) throw notFound('Document');
  const { row } = updated;
  publish(c, updated.message);
  const changed = (['title', 'tags', 'addTags', 'removeTags', 'customFields'] as const).filter((k) => change[k] !== undefined);
  await audit(c, { userId: user.id, action: 'DOCUMENT_UPDATED', documentId: id, details: { changed, tags: row.tags } });
  return withoutContent(row);
}
