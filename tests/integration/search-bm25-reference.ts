/**
 * The reference the BM25 ranking test compares with: Okapi BM25F written out from its textbook
 * definition (Robertson & Zaragoza; Lucene's idf), over chunks analysed by PostgreSQL's own
 * to_tsvector, so a difference can only come from the statistics or the scoring, never from
 * tokenisation. Kept apart from the server code on purpose: it shares nothing with the SQL.
 */
export interface RefChunk {
  id: string;
  /** Lexeme → occurrences in the heading path and in the body. */
  head: Map<string, number>;
  body: Map<string, number>;
}

export interface RefParams {
  k1: number;
  b: number;
  headingWeight: number;
}

const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

/** The best `k` chunks holding any of `terms`, by BM25F (to 1e-9, as the server rounds), ties by id. */
export function referenceTop(chunks: RefChunk[], terms: string[], p: RefParams, k: number): { id: string; score: number }[] {
  const n = chunks.length;
  const len = (c: RefChunk) => sum(c.body) + p.headingWeight * sum(c.head);
  const avgdl = chunks.reduce((a, c) => a + len(c), 0) / n;
  const tf = (c: RefChunk, t: string) => (c.body.get(t) ?? 0) + p.headingWeight * (c.head.get(t) ?? 0);
  const df = (t: string) => chunks.filter((c) => c.body.has(t) || c.head.has(t)).length;
  const idf = new Map([...new Set(terms)].map((t) => [t, Math.log(1 + (n - df(t) + 0.5) / (df(t) + 0.5))]));
  return chunks
    .filter((c) => terms.some((t) => c.body.has(t) || c.head.has(t)))
    .map((c) => {
      let score = 0;
      for (const [t, w] of idf) {
        const f = tf(c, t);
        if (f > 0) score += (w * f * (p.k1 + 1)) / (f + p.k1 * (1 - p.b + (p.b * len(c)) / avgdl));
      }
      return { id: c.id, score: Math.round(score * 1e9) / 1e9 };
    })
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .slice(0, k);
}

/** Alice's documents: overlapping health topics, so common words and rare ones compete. */
export const BM25_CORPUS: Record<string, string> = {
  'caffeine-sleep.md': `# Caffeine and sleep quality\n\nCaffeine taken in the evening delays sleep onset and reduces deep sleep in older adults. In a trial of adults over sixty, caffeine after noon cut total sleep time by forty minutes, and sleep quality scores fell.\n`,
  'coffee-use.md': `# Coffee use in the UK\n\nUse of coffee in the UK has grown. People use coffee at work, use it at home and use it when they travel; the use of instant coffee is falling while the use of ground coffee rises. Many adults use it daily.\n`,
  'vitamin-d.md': `# Vitamin D and bone health\n\nVitamin D supplements in older adults reduce the risk of fractures when taken with calcium. Low vitamin D levels are common in winter, and deficiency is linked to weak bones and falls.\n`,
  'statins.md': `# Statins and muscle pain\n\nStatins lower cholesterol and the risk of heart attack. Some patients report muscle pain; in blinded trials the pain was as common with placebo as with statins, which suggests a nocebo effect.\n`,
  'sleep-apnea.md': `# Sleep apnea\n\nObstructive sleep apnea interrupts breathing during sleep. Adults with apnea snore, wake often and feel tired during the day. Weight loss and CPAP treatment improve sleep and daytime alertness.\n`,
  'green-tea.md': `# Green tea\n\nGreen tea contains less caffeine than coffee and is rich in catechins. Studies of green tea and cancer risk disagree; some cohorts in Japan found fewer stomach cancers among heavy tea drinkers.\n`,
  'exercise.md': `# Exercise in older adults\n\nRegular exercise improves balance, muscle strength and sleep in older adults. Walking thirty minutes a day lowers the risk of falls and of heart disease, and resistance training preserves bone density.\n`,
  'nicotine.md': `# Quitting smoking\n\nVarenicline or bupropion help smokers quit: in trials varenicline doubled the quit rate compared with placebo, and bupropion also helped. Nicotine patches work best combined with counselling.\n`,
  'guide.md': `# Reading guide\n\n## Sleep\n\nThis guide lists articles about sleep, caffeine, tea and coffee for readers who want an overview before reading the studies themselves.\n\n## Heart\n\nArticles about statins, exercise and the heart are listed here with short notes on what each trial measured.\n`,
  'g-quadruplex.md': `# G-quadruplex structures\n\nG-quadruplex DNA forms in guanine-rich sequences such as telomeres. Small molecules that stabilise G-quadruplex structures are studied as cancer drugs because they block telomerase.\n`,
};

/**
 * Many chunks holding common words beside one with a rare word, so that the search function's
 * pruning (migration 0009) takes effect at first: 10: the common words' chunks outnumber the limit,
 * and the chunks that only say "water" (a low bound) cannot reach the threshold and are never
 * scored. The ranking must still equal the reference's.
 */
export const PRUNING_CORPUS: Record<string, string> = Object.fromEntries([
  ...Array.from({ length: 12 }, (_, i) => [
    `garden-${i}.md`,
    `# Garden ${i % 5 === 0 ? 'soil' : 'notes'}\n\nGarden soil needs water. ${'Compost and mulch keep the soil moist. '.repeat(i % 4)}Water the garden ${(i % 3) + 1} times a week.\n`,
  ]),
  ...Array.from({ length: 6 }, (_, i) => [
    `water-${i}.md`,
    `# Water ${i}\n\nDrink water. ${'Tap water is safe to drink here. '.repeat(i % 3)}\n`,
  ]),
  ['mycorrhiza.md', `# Roots\n\nMycorrhiza fungi help roots take up water in garden soil.\n`],
]);

export const BM25_QUERIES = [
  'mycorrhiza garden soil water',
  'garden water',
  'How does caffeine affect sleep quality in older adults?',
  'coffee use',
  'varenicline or bupropion',
  'G - quadruplex',
  'vitamin D fractures',
  'muscle pain statins placebo',
  'tea cancer risk',
  'heart',
  'sleep',
];

/** Bob's documents: the query words, many times, in many documents. */
export const FLOOD: Record<string, string> = Object.fromEntries(
  Array.from({ length: 18 }, (_, i) => [
    `flood-${i}.md`,
    `# Caffeine sleep notes ${i}\n\nCaffeine sleep caffeine sleep coffee use tea cancer heart statins placebo vitamin fractures. Note ${i} repeats caffeine and sleep for older adults, with coffee, tea and more coffee.\n`,
  ]),
);
