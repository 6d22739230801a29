/**
 * Reading one page's text layer into paragraphs. Coordinates go through the page viewport so
 * /Rotate and cropped media boxes come out upright and top-down like the rendered page.
 */
import { Util } from './pdfjs.js';
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { buildParagraphs, type Paragraph } from './blocks.js';
import { dedupeRuns } from './dedupe.js';
import { buildLines, type Line, type Run } from './lines.js';

export interface PageText {
  width: number;
  height: number;
  paragraphs: Paragraph[];
  /** Non-whitespace characters in the text layer, to decide whether OCR is needed. */
  chars: number;
  /** Share of those characters that are replacement, private-use or control characters. */
  garbage: number;
}

type TextContent = Awaited<ReturnType<PDFPageProxy['getTextContent']>>;
type Item = TextContent['items'][number];
type TextItem = Extract<Item, { str: string }>;

/**
 * Weight words in PostScript names, TeX's bold extended faces (CMBX, SFBX) and "Bd"/"Md"
 * suffixes. Medium counts: where a family has it, headings use it to stand out from body text.
 */
const BOLD_FONT = /bold|black|heavy|demi|semibd|medium|cmbx|sfbx|ecbx/i;
const BOLD_SUFFIX = /(?:Bd|Md|-BD)(?:It|Ob|Cn)?$/;

const ITALIC_FONT = /italic|oblique|kursiv|cmti|sfti|ecti|cmsl/i;
const ITALIC_SUFFIX = /(?:It|Ob|-I|-BI)$/;

/** Whether a font's PostScript name says bold (or medium) or italic: emphasis. */
export function isEmphasisFontName(name: string): boolean {
  const bare = name.replace(/^[A-Z]{6}\+/, '');
  return BOLD_FONT.test(bare) || BOLD_SUFFIX.test(bare) || ITALIC_FONT.test(bare) || ITALIC_SUFFIX.test(bare);
}

/**
 * Font-name lookups per document. pdf.js only reveals a font's real name (and so its weight)
 * after the font is loaded for an operator list, so a page whose fonts are all known already
 * skips that extra parse.
 */
export class FontCatalog {
  private readonly emphasis = new Map<string, boolean>();

  async learn(page: PDFPageProxy, fontNames: Iterable<string>): Promise<void> {
    const unknown = [...new Set(fontNames)].filter((f) => !this.emphasis.has(f));
    if (unknown.length === 0) return;
    try {
      await page.getOperatorList();
    } catch {
      // A page whose drawing fails may still have a usable text layer; weights stay unknown.
    }
    for (const f of unknown) {
      let name = '';
      try {
        if (page.commonObjs.has(f)) name = String((page.commonObjs.get(f) as { name?: unknown })?.name ?? '');
      } catch {
        name = '';
      }
      this.emphasis.set(f, isEmphasisFontName(name));
    }
  }

  isEmphasized(fontName: string): boolean {
    return this.emphasis.get(fontName) ?? false;
  }
}

/** Extract a page's text layer as paragraphs in reading order. */
export async function extractPage(page: PDFPageProxy, fonts: FontCatalog): Promise<PageText> {
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  const items = content.items.filter((i): i is TextItem => 'str' in i && i.str.trim() !== '');
  const chars = items.reduce((n, i) => n + i.str.replace(/\s/g, '').length, 0);
  const bad = items.reduce((n, i) => n + (i.str.match(/[\ufffd\ue000-\uf8ff\u0000-\u0008\u000e-\u001f\u0080-\u009f]/gu)?.length ?? 0), 0);
  if (chars > 0)
    await fonts.learn(
      page,
      items.map((i) => i.fontName),
    );

  const runs: Run[] = [];
  const rotated: Line[] = [];
  for (const item of items) {
    const m = Util.transform(viewport.transform, item.transform) as number[];
    const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = m;
    const size = Math.hypot(c, d) || item.height || 1;
    const emphasized = fonts.isEmphasized(item.fontName);
    if (Math.abs(b) > 0.2 * Math.abs(a) || a < 0) {
      rotated.push(rotatedLine(item.str, e, f, size, emphasized));
      continue;
    }
    runs.push({ text: item.str, x0: e, x1: e + item.width, baseline: f, size, emphasized });
  }
  const lines = [...buildLines(dedupeRuns(runs)), ...mergeRotated(rotated)];
  const rtlPage = lines.filter((l) => l.rtl).length * 2 > lines.length;
  return {
    width: viewport.width,
    height: viewport.height,
    paragraphs: buildParagraphs(lines, rtlPage),
    chars,
    garbage: chars ? bad / chars : 0,
  };
}

/**
 * Rotated text (margin stamps, table headers set vertically) is kept as its own lines at its
 * starting point; reading-order geometry for it would add complexity for little text.
 */
function rotatedLine(text: string, x: number, y: number, size: number, emphasized: boolean): Line {
  return { text: text.trim(), x0: x, x1: x + size, top: y - size, bottom: y, baseline: y, size, emphasized, rtl: false };
}

/** Consecutive rotated items usually belong to one string drawn piecewise. */
function mergeRotated(lines: Line[]): Line[] {
  const out: Line[] = [];
  for (const line of lines) {
    const prev = out.at(-1);
    if (prev && Math.abs(prev.x0 - line.x0) < prev.size && Math.abs(prev.size - line.size) < 0.5) {
      prev.text = `${prev.text} ${line.text}`;
      prev.top = Math.min(prev.top, line.top);
      prev.bottom = Math.max(prev.bottom, line.bottom);
    } else {
      out.push({ ...line });
    }
  }
  return out;
}
