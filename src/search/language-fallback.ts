/**
 * A language for texts too short for detection (a one-line note, a title-only file). Without
 * one they are indexed with `simple`, so "table" misses "tables" and "Haus" misses "Häuser".
 * What decides, in order: the script (a text that is not mostly Latin letters keeps `simple`:
 * none of the stemmed configurations is for it); franc restricted to the languages we stem,
 * but only when its best guess leaves the others far behind (on three words it is often wrong:
 * "Häuser am Fluss" scores Portuguese first); else the owner's dominant language, since people
 * write their notes in the language of their other documents.
 */
import { francAll } from 'franc-min';
import { dominantLanguage } from '../db/repositories/owner-language-repo.js';
import type { Executor } from '../db/client.js';
import { STEMMED_LANGUAGES } from './text-search-config.js';

const ISO_639_3: Readonly<Record<string, string>> = { eng: 'en', deu: 'de', fra: 'fr', spa: 'es', ita: 'it', nld: 'nl', por: 'pt' };
const SAMPLE_CHARS = 2_000;

/** Share of the text's letters that are Latin; 0 for a text without letters. */
export function latinShare(text: string): number {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  return letters ? (text.match(/\p{Script=Latin}/gu)?.length ?? 0) / letters : 0;
}

/** franc's relative score (best = 1) that the runner-up must stay under for a clear guess. */
const CLEAR_MARGIN = 0.5;

/** A guess among the stemmed languages only, or null when it is not clear. */
export function clearStemmedLanguage(text: string): string | null {
  const only = Object.keys(ISO_639_3).filter((code) => STEMMED_LANGUAGES.includes(ISO_639_3[code]!));
  const [best, second] = francAll(text.slice(0, SAMPLE_CHARS), { minLength: 3, only });
  if (!best || best[0] === 'und' || (second && second[1] >= CLEAR_MARGIN)) return null;
  return ISO_639_3[best[0]] ?? null;
}

/** The language to index an undetected text with, or null to keep `simple`. */
export function fallbackLanguage(text: string, ownerLanguage: string | null): string | null {
  if (latinShare(text) < 0.5) return null;
  return clearStemmedLanguage(text) ?? (ownerLanguage && STEMMED_LANGUAGES.includes(ownerLanguage) ? ownerLanguage : null);
}

/** fallbackLanguage with the owner's dominant language read from the database. */
export async function fallbackDocumentLanguage(ex: Executor, ownerId: string, text: string): Promise<string | null> {
  if (latinShare(text) < 0.5) return null;
  return fallbackLanguage(text, await dominantLanguage(ex, ownerId));
}
