/**
 * Realistic chunks for the search bench, from the corpus's reference Markdown (real prose,
 * tables, code, several languages) cut by our own chunker. To reach ~100k chunks without 100k
 * documents' worth of conversions, each synthetic document takes the chunk sequence of a real one
 * and splices sentences from another chunk into every passage, so texts (and the tsvector
 * statistics PostgreSQL plans with) stay varied rather than 500 copies of the same rows.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { chunkMarkdown } from '../src/chunker/chunker.js';
import { markdownToPlainText } from '../src/chunker/plain-text.js';
import { detectLanguage } from '../src/converters/core/language.js';
import { textSearchConfig } from '../src/search/text-search-config.js';
import { CORPUS } from './tools.js';

export interface PoolDoc {
  name: string;
  language: string | null;
  chunks: { text: string; content: string; headings: string[] }[];
}

export interface BenchChunk {
  id: string;
  documentId: string;
  index: number;
  content: string;
  text: string;
  headings: string[];
  headingText: string;
  pageStart: number;
  pageEnd: number;
  charStart: number;
  charEnd: number;
  tokenCount: number;
  tsConfig: string;
}

export interface BenchDoc {
  id: string;
  filename: string;
  mimeType: string;
  language: string | null;
  chunks: BenchChunk[];
}

/** Every `*.expected.md` in the corpus with enough text to matter, chunked. */
export async function corpusPool(): Promise<PoolDoc[]> {
  const pool: PoolDoc[] = [];
  for (const dir of (await readdir(CORPUS, { withFileTypes: true })).filter((d) => d.isDirectory())) {
    const folder = path.join(CORPUS, dir.name);
    for (const file of (await readdir(folder)).filter((f) => f.endsWith('.expected.md'))) {
      const markdown = await readFile(path.join(folder, file), 'utf8');
      const chunks = chunkMarkdown({ documentId: file, markdown, pages: [] }).filter((c) => c.text.length > 80);
      if (chunks.length === 0) continue;
      pool.push({
        name: file.replace(/\.expected\.md$/, ''),
        language: detectLanguage(markdownToPlainText(markdown)),
        chunks: chunks.map((c) => ({ text: c.text, content: c.content, headings: c.headings })),
      });
    }
  }
  return pool;
}

/** Deterministic PRNG (mulberry32), so every run builds the same data. */
export function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sentences = (text: string) => text.split(/(?<=[.!?])\s+/).filter((s) => s.length > 0);

/** `total` chunks in documents of ~`perDoc` chunks each. */
export function syntheticDocuments(pool: PoolDoc[], total: number, perDoc = 50, seed = 42): BenchDoc[] {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const docs: BenchDoc[] = [];
  let made = 0;
  while (made < total) {
    const base = pick(pool);
    const id = randomUUID();
    const n = Math.min(perDoc, total - made);
    const chunks: BenchChunk[] = [];
    let offset = 0;
    let page = 1;
    for (let i = 0; i < n; i++) {
      const own = base.chunks[i % base.chunks.length]!;
      const other = pick(pick(pool).chunks);
      const text = [...sentences(own.text), ...sentences(other.text).slice(0, 2)].join(' ');
      const content = `${own.content}\n\n${sentences(other.text).slice(0, 2).join(' ')}`;
      const pageEnd = page + (random() < 0.3 ? 1 : 0);
      chunks.push({
        id: createHash('sha256').update(`${id}\0${i}\0${content}`).digest('hex'),
        documentId: id,
        index: i,
        content,
        text,
        headings: own.headings,
        headingText: own.headings.join(' › '),
        pageStart: page,
        pageEnd,
        charStart: offset,
        charEnd: offset + content.length,
        tokenCount: Math.ceil(text.length / 5),
        tsConfig: textSearchConfig(base.language),
      });
      offset += content.length + 2;
      page = pageEnd;
    }
    docs.push({ id, filename: `${base.name}-${docs.length}.pdf`, mimeType: 'application/pdf', language: base.language, chunks });
    made += n;
  }
  return docs;
}

/**
 * Single words that occur in a large share of the chunks (the worst case for ranking: every
 * match must be scored, and no bound lets a one-word query skip any).
 */
export const COMMON_WORDS = ['data', 'security', 'table', 'system', 'use', 'time', 'new', 'first'];

/**
 * Long claims: `n` sentences of 15 to 30 words taken from the pool's chunks (deterministic), the
 * shape of a fact-checking query. They hold rare and common words alike.
 */
export function longClaims(pool: PoolDoc[], n: number, seed = 7): string[] {
  const random = rng(seed);
  const all = pool.flatMap((d) => d.chunks.flatMap((c) => c.text.split(/\n+/).flatMap(sentences)));
  const fit = all.filter((s) => {
    const words = s.trim().split(/\s+/).length;
    return words >= 15 && words <= 30 && /^[\p{L}\p{N} ,.;:'’()%-]+$/u.test(s.trim());
  });
  const out = new Set<string>();
  for (let i = 0; out.size < Math.min(n, fit.length) && i < n * 50; i++) out.add(fit[Math.floor(random() * fit.length)]!);
  return [...out];
}
