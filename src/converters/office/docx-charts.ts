/**
 * Charts of a Word document, which mammoth does not read (a chart is a `w:drawing` whose graphic
 * is a `c:chart` pointing at a `word/charts/chartN.xml` part). A chart's title and the values
 * cached in its part are words and numbers the reader sees, as in PPTX and XLSX, so they come out
 * through the same ooxml-chart.ts: before conversion each chart drawing (or the alternate
 * content holding one, whose Fallback would otherwise be read as a picture) becomes its own
 * paragraph holding a token, and after the HTML → Markdown step the token becomes the chart's
 * caption and table. Tokens are letters and digits only, so no escaping touches them.
 */
import path from 'node:path';
import type JSZip from 'jszip';
import { chartMarkdown } from './ooxml-chart.js';
import { readRelationships } from '../core/zip-xml.js';

const DOCUMENT_PART = 'word/document.xml';
/** An innermost alternate content (Word puts a chart's picture copy in its Fallback), or a drawing. */
const CHART_HOLDER =
  /<mc:AlternateContent\b[^>]*>(?:(?!<\/?mc:AlternateContent\b)[\s\S])*<\/mc:AlternateContent>|<w:drawing>[\s\S]*?<\/w:drawing>/g;

export type ChartTokens = Map<string, string>;

/**
 * Rewrites the main part in place, returning token → chart Markdown for each chart found (empty
 * when there is none, and the package is then left untouched).
 */
export async function replaceCharts(zip: JSZip): Promise<ChartTokens> {
  const tokens: ChartTokens = new Map();
  const part = zip.file(DOCUMENT_PART);
  if (!part) return tokens;
  const xml = await part.async('string');
  if (!xml.includes('<c:chart')) return tokens;
  const rels = await readRelationships(zip, DOCUMENT_PART);
  const targets: string[] = [];
  const rewritten = xml.replace(CHART_HOLDER, (holder) => {
    const id = /<c:chart\b[^>]*?\br:id="([^"]+)"/.exec(holder)?.[1];
    const rel = id ? rels.get(id) : undefined;
    if (!rel || rel.external) return holder;
    const token = `DOCSPHERECHART${targets.length}X`;
    targets.push(rel.target);
    // Drawings and their alternate content sit inside a run, where a text element may stand.
    return `<w:t>${token}</w:t>`;
  });
  for (const [index, target] of targets.entries()) {
    tokens.set(`DOCSPHERECHART${index}X`, await chartMarkdown(zip, path.posix.normalize(target)));
  }
  if (targets.length > 0) zip.file(DOCUMENT_PART, rewritten);
  return tokens;
}

/** Puts the charts back where their tokens ended up in the Markdown, each as a block of its own. */
export function restoreCharts(markdown: string, tokens: ChartTokens): string {
  if (tokens.size === 0) return markdown;
  return markdown
    .replace(/[ \t]*DOCSPHERECHART\d+X[ \t]*/g, (token) => `\n\n${tokens.get(token.trim()) ?? ''}\n\n`)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
