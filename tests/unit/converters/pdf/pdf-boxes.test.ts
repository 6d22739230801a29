/**
 * Page boxes of PDF chunks against poppler: the words `pdftotext -bbox` places on a page must
 * fall inside the boxes of the chunk that holds them (recall), and the words inside a chunk's
 * boxes must mostly be that chunk's words (precision, so a box the size of the page fails).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkMarkdown } from '../../../../src/chunker/chunker.js';
import type { PageBox } from '../../../../src/chunker/types.js';
import { pdfConverter } from '../../../../src/converters/pdf/pdf.converter.js';
import { corpusFile, corpusRoot, hasCorpus, hasTool } from '../corpus.js';

const hasPoppler = hasTool('pdftotext', ['-v']);

interface Word {
  page: number;
  text: string;
  x: number;
  y: number;
}

/** Word centres per `pdftotext -bbox` (points, origin top left of each page). */
function popplerWords(file: string): Word[] {
  const html = execFileSync('pdftotext', ['-bbox', path.join(corpusRoot, file), '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const words: Word[] = [];
  let page = 0;
  for (const line of html.split('\n')) {
    if (line.includes('<page ')) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (m) words.push({ page, x: (Number(m[1]) + Number(m[3])) / 2, y: (Number(m[2]) + Number(m[4])) / 2, text: m[5]! });
  }
  return words;
}

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/&amp;/g, '&')
    .replace(/[^\p{L}\p{N}]+/gu, '');
const inside = (w: Word, boxes: readonly PageBox[]) =>
  boxes.some((b) => b.page === w.page && w.x >= b.x - 1 && w.x <= b.x + b.width + 1 && w.y >= b.y - 1 && w.y <= b.y + b.height + 1);

describe.runIf(hasCorpus && hasPoppler)('page boxes of PDF chunks', () => {
  it.each(['pdf/multi_page.pdf', 'pdf/amt_handbook_sample.pdf', 'pdf/normal_4pages.pdf', 'pdf/redp5110_sampled.pdf'])(
    '%s: the words of each chunk lie inside its boxes, and its boxes hold its words',
    async (file) => {
      const result = await pdfConverter.convert({
        bytes: corpusFile(file),
        mimeType: 'application/pdf',
        options: { ocr: 'OFF', languages: ['eng'] },
      });
      const chunks = chunkMarkdown(
        { documentId: 'doc', markdown: result.markdown, pages: result.pages },
        { maxTokens: 128, overlapTokens: 0 },
      );
      const words = popplerWords(file).filter((w) => norm(w.text).length >= 4);
      expect(chunks.length).toBeGreaterThan(2);
      // Words printed once in the document belong to one chunk: it must place them in its boxes.
      const counts = new Map<string, number>();
      for (const w of words) counts.set(norm(w.text), (counts.get(norm(w.text)) ?? 0) + 1);
      const unique = words.filter((w) => counts.get(norm(w.text)) === 1);
      const texts = chunks.map((c) => norm(c.text));
      let found = 0;
      let total = 0;
      for (const w of unique) {
        const holders = chunks.filter((c, i) => texts[i]!.includes(norm(w.text)) && c.pageStart! <= w.page && w.page <= c.pageEnd!);
        if (holders.length !== 1) continue;
        total++;
        if (inside(w, holders[0]!.boxes!)) found++;
      }
      let held = 0;
      let covered = 0;
      chunks.forEach((chunk, i) => {
        expect(chunk.boxes!.length).toBeGreaterThan(0);
        // Precision: what its boxes cover is (mostly) its own text.
        const within = words.filter((w) => inside(w, chunk.boxes!));
        covered += within.length;
        held += within.filter((w) => texts[i]!.includes(norm(w.text))).length;
      });
      expect(total).toBeGreaterThan(50);
      const recall = found / total;
      const precision = held / covered;
      console.info(file, `boxes: recall ${recall.toFixed(3)}, precision ${precision.toFixed(3)}`);
      expect(recall).toBeGreaterThanOrEqual(0.9);
      expect(precision).toBeGreaterThanOrEqual(0.9);
    },
  );

  it('has no boxes on OCR pages and null boxes for documents without line positions', async () => {
    const scan = await pdfConverter.convert({
      bytes: corpusFile('ocr/ocr_test.pdf'),
      mimeType: 'application/pdf',
      options: { ocr: 'OFF', languages: ['eng'] },
    });
    expect(scan.pages[0]!.lines).toEqual([]);
    expect(chunkMarkdown({ documentId: 'doc', markdown: '# Title\n\nSome text.', pages: [] })[0]!.boxes).toBeNull();
  });
});
