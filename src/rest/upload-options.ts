import type { ConvertOptions } from '../converters/core/types.js';
import { documentPriority, type DocumentPriority } from '../db/schema/index.js';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { badInput } from '../errors.js';

const OCR = new Set(['AUTO', 'FORCE', 'OFF']);

/**
 * The client-side folder of an uploaded file (`reports/2024`), normalised to forward slashes. It
 * is display and filter metadata only, never a server path, but `..` and control characters are
 * refused so it cannot mislead a UI either.
 */
export function folderPath(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const parts = raw
    .replace(/\\/g, '/')
    .split('/')
    .filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..') || /[\u0000-\u001f\u007f]/.test(raw) || raw.length > 1024) {
    throw badInput('path: a relative folder like reports/2024', { field: 'path' });
  }
  return parts.length ? parts.join('/') : undefined;
}

const PRIORITIES = new Set<string>(documentPriority.enumValues);

/** The `priority` form field (HIGH, NORMAL or LOW; any case); absent means NORMAL. */
export function uploadPriority(raw: string | undefined): DocumentPriority | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = raw.toUpperCase();
  if (!PRIORITIES.has(value)) throw badInput('priority must be HIGH, NORMAL or LOW', { field: 'priority' });
  return value as DocumentPriority;
}

/** Conversion options from form fields or query parameters (`ocr`, `languages=eng,deu`). */
export function uploadOptions(fields: Record<string, string | undefined>): Partial<ConvertOptions> {
  const options: Partial<ConvertOptions> = {};
  if (fields.ocr) {
    if (!OCR.has(fields.ocr)) throw badInput('ocr must be AUTO, FORCE or OFF', { field: 'ocr' });
    options.ocr = fields.ocr as ConvertOptions['ocr'];
  }
  const languages = fields.languages
    ?.split(',')
    .map((l) => l.trim())
    .filter(Boolean);
  if (languages?.length) {
    if (languages.some((l) => !/^[a-z_]{3,8}$/.test(l))) throw badInput('languages: Tesseract codes like eng,deu', { field: 'languages' });
    options.languages = languages;
  }
  return options;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A `collectionId` field or `collection` parameter: a collection's id as the API returns it (or its bare uuid). */
export function parseCollectionId(raw: string | undefined, field = 'collectionId'): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (UUID.test(raw)) return raw.toLowerCase();
  try {
    const { typename, id } = decodeGlobalID(raw);
    if (typename === 'Collection' && UUID.test(id)) return id.toLowerCase();
  } catch {
    // not base64 of "Type:id"
  }
  throw badInput(`${field} must be a collection id`, { field });
}
