/**
 * Token-level F1 between a conversion and a reference Markdown file.
 *
 * References in the corpus come from a different converter (docling), so byte equality is
 * meaningless: two good conversions differ in table syntax, list markers, escaping and
 * whitespace. Comparing bags of normalised words measures what matters for retrieval, namely
 * whether the same words came out, while ignoring how they were marked up.
 */

export interface TokenScore {
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Lower-cases, drops HTML tags and comments (raw HTML is legal Markdown, and a tag name is not
 * content), and splits on anything that is not a letter or digit, which removes Markdown
 * punctuation (`#`, `*`, `|`, `[]()`, `---`) together with ordinary punctuation on both sides
 * alike.
 */
export function scoringTokens(markdown: string): string[] {
  return markdown
    .normalize('NFKC')
    .toLowerCase()
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<\/?[a-z][^>]*>/g, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 0);
}

function countTokens(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}

/** Multiset F1 (as in SQuAD): each token counts as often as it occurs on both sides. */
export function tokenF1(candidate: string, reference: string): TokenScore {
  const produced = scoringTokens(candidate);
  const expected = scoringTokens(reference);
  if (produced.length === 0 && expected.length === 0) return { precision: 1, recall: 1, f1: 1 };
  if (produced.length === 0 || expected.length === 0) return { precision: 0, recall: 0, f1: 0 };

  const expectedCounts = countTokens(expected);
  let overlap = 0;
  for (const [token, count] of countTokens(produced)) {
    overlap += Math.min(count, expectedCounts.get(token) ?? 0);
  }
  const precision = overlap / produced.length;
  const recall = overlap / expected.length;
  const f1 = overlap === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}
