/**
 * Which PostgreSQL text-search configuration indexes a document, from its detected language.
 * Stemming in the document's own language is what makes "Häuser" find "Haus"; a language
 * PostgreSQL has no stemmer for (or an unknown one) falls back to `simple`, which still matches
 * exact words. The set is kept small on purpose: a query is parsed once per configuration in use
 * (see lexical-search.ts), so every entry here costs one more GIN probe per search.
 */
const BY_LANGUAGE: Readonly<Record<string, string>> = {
  en: 'english',
  de: 'german',
  fr: 'french',
  es: 'spanish',
  it: 'italian',
  nl: 'dutch',
  pt: 'portuguese',
};

/** ISO 639-1 codes of the languages indexed with a stemmer. */
export const STEMMED_LANGUAGES: readonly string[] = Object.keys(BY_LANGUAGE);

/** Every configuration a chunk can be indexed with; `simple` last as the catch-all. */
export const TEXT_SEARCH_CONFIGS: readonly string[] = [...new Set(Object.values(BY_LANGUAGE)), 'simple'];

export function textSearchConfig(language: string | null | undefined): string {
  return (language && BY_LANGUAGE[language.toLowerCase()]) || 'simple';
}
