import { badInput } from '../../errors.js';

/**
 * The rules for what users may write into a document's editable metadata: tags, a title and
 * custom key/value fields. Everything is bounded so one caller cannot bloat rows or indexes, and
 * every violation is a BAD_USER_INPUT naming the field, never a database error. Filters
 * normalise their tags with the same rule, so `Finance` finds what was tagged `finance `.
 */

export const TAG_MAX_LENGTH = 64;
export const TAGS_PER_DOCUMENT = 50;
/** A filter with more tags than a document may carry can never match; refuse it instead. */
export const TAGS_PER_FILTER = TAGS_PER_DOCUMENT;
export const TITLE_MAX_LENGTH = 500;
export const CUSTOM_FIELDS_MAX = 50;
export const CUSTOM_KEY_MAX_LENGTH = 64;
export const CUSTOM_VALUE_MAX_LENGTH = 2000;

// Control characters never belong in a label; the comma separates tags in REST and CLI lists.
const FORBIDDEN_IN_TAG = /[\u0000-\u001f\u007f,]/;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * One tag as stored: NFKC (full-width and ligature forms fold), trimmed, inner whitespace one
 * space, lower case. Case-insensitive matching then is plain equality, which the GIN index serves.
 */
export function normalizeTag(raw: string, field = 'tags'): string {
  const tag = raw.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
  if (!tag) throw badInput(`${field}: a tag cannot be empty`, { field });
  if ([...tag].length > TAG_MAX_LENGTH) throw badInput(`${field}: a tag has at most ${TAG_MAX_LENGTH} characters`, { field });
  if (FORBIDDEN_IN_TAG.test(tag)) throw badInput(`${field}: a tag cannot contain commas or control characters`, { field });
  return tag;
}

/** Normalised, distinct and sorted (so equal sets store equally); null/undefined stays as is. */
export function normalizeTags(raw: readonly string[], field = 'tags'): string[] {
  if (raw.length > 4 * TAGS_PER_DOCUMENT) throw badInput(`${field}: too many tags`, { field });
  return [...new Set(raw.map((t) => normalizeTag(t, field)))].sort();
}

/** A `tags` filter as the repositories take it: normalised, bounded; absent or empty means no filter. */
export function normalizeTagFilter(raw: readonly string[] | null | undefined, field = 'filter.tags'): string[] | undefined {
  if (!raw?.length) return undefined;
  if (raw.length > TAGS_PER_FILTER) throw badInput(`${field} takes at most ${TAGS_PER_FILTER} tags`, { field });
  return normalizeTags(raw, field);
}

/** The title to store: trimmed; empty or null clears the override (the extracted title shows again). */
export function normalizeTitle(raw: string | null): string | null {
  if (raw === null) return null;
  const title = raw.normalize('NFC').trim();
  if (!title) return null;
  if ([...title].length > TITLE_MAX_LENGTH) throw badInput(`title has at most ${TITLE_MAX_LENGTH} characters`, { field: 'title' });
  if (CONTROL.test(title)) throw badInput('title cannot contain control characters', { field: 'title' });
  return title;
}

/**
 * Merges a custom-fields change into the current fields: a string value sets a key, null removes
 * it, keys not named stay. Keys are trimmed; anything but a flat object of strings and nulls is
 * refused, so clients cannot smuggle nested structures the list and REST doors would not show.
 */
export function mergeCustomFields(current: Record<string, string>, change: unknown): Record<string, string> {
  if (typeof change !== 'object' || change === null || Array.isArray(change))
    throw badInput('customFields is an object of string values (null removes a key)', { field: 'customFields' });
  const next: Record<string, string> = { ...current };
  for (const [rawKey, value] of Object.entries(change as Record<string, unknown>)) {
    const key = rawKey.normalize('NFC').trim();
    if (!key || [...key].length > CUSTOM_KEY_MAX_LENGTH || CONTROL.test(key))
      throw badInput(`customFields: keys have 1 to ${CUSTOM_KEY_MAX_LENGTH} characters, no control characters`, { field: 'customFields' });
    if (value === null) {
      delete next[key];
      continue;
    }
    if (typeof value !== 'string') throw badInput(`customFields.${key} must be a string or null`, { field: 'customFields' });
    if ([...value].length > CUSTOM_VALUE_MAX_LENGTH)
      throw badInput(`customFields.${key} has at most ${CUSTOM_VALUE_MAX_LENGTH} characters`, { field: 'customFields' });
    if (CONTROL.test(value)) throw badInput(`customFields.${key} cannot contain control characters`, { field: 'customFields' });
    next[key] = value;
  }
  if (Object.keys(next).length > CUSTOM_FIELDS_MAX)
    throw badInput(`a document has at most ${CUSTOM_FIELDS_MAX} custom fields`, { field: 'customFields' });
  return next;
}
