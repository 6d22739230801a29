import type { LexicalQuery, SearchSyntax } from './types.js';

/**
 * What a user's query text means to lexical search: which words, and whether operators count.
 * The BM25 statement that runs it is in db/repositories/search/lexical-repo.ts.
 */
/** A quote, OR in capitals between words, or a dash attached to the start of a word. */
const EXPLICIT_OPERATOR = /"|(^|\s)OR(\s|$)|(^|\s)-[\p{L}\p{N}]/u;

/**
 * The statement's reading of a user query. A NATURAL query with explicit operators keeps them and
 * drops what websearch_to_tsquery would read as operators by accident (a lowercase "or", a dash
 * standing alone between spaces), so the user's prose is never turned into logic.
 */
export function lexicalQuery(input: string, syntax: SearchSyntax = 'NATURAL'): LexicalQuery {
  const query = splitJoinedWords(input);
  if (syntax === 'WEBSEARCH') return anyWord(query, /\s+or\s+/i) ?? { text: query, websearch: true };
  if (!EXPLICIT_OPERATOR.test(query)) return { text: query, websearch: false };
  const text = query
    .replace(/(^|\s)or(?=\s|$)/gi, (m, pre: string) => (m.trim() === 'OR' ? m : pre))
    .replace(/(^|\s)-(?=\s|$)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  return anyWord(text, /\s+OR\s+/) ?? { text, websearch: true };
}

/**
 * Single words joined only by OR ("duck OR goose") ask for chunks holding any of them, which is
 * what a natural-language query means: read as one, the query ranks through the impact lists
 * (exact top k from a few hundred chunks) instead of scoring every chunk that holds a word, and
 * the operator word itself never counts as a term (the `simple` configuration keeps "or").
 * `or`: the operator as the syntax reads it (websearch_to_tsquery takes any case).
 */
function anyWord(text: string, or: RegExp): LexicalQuery | null {
  const words = text.trim().split(or);
  if (words.length < 2 || !words.every((w) => /^[^\s"-][^\s"]*$/u.test(w))) return null;
  return { text: words.join(' '), websearch: false };
}

/**
 * Words joined by a slash or a hyphen become separate words, as the database does to chunk text
 * (docsphere_search_text, migration 0008): "osteomalacia/rickets" finds both, and
 * "alkali-processed" counts as the two words it is (as Lucene's tokenizer reads it), not as
 * three lexemes with the compound. A dash that starts a word ("-word") is untouched.
 */
export function splitJoinedWords(text: string): string {
  return text.replace(/([\p{L}\p{N}_])[-/](?=[\p{L}\p{N}_])/gu, '$1 ');
}
