/**
 * Plain text from Markdown, for display, language detection and the lexical index.
 *
 * The Markdown is rendered to HTML with marked and the text read back from the DOM, instead of
 * stripping syntax with regular expressions: rendering is what decides whether a `#` is a
 * heading or a literal, whether `*` is emphasis, and how raw HTML and entities embedded in the
 * Markdown read, so this stays right for code blocks, escapes and tables.
 */
import { Marked } from 'marked';
import { ELEMENT_NODE, TEXT_NODE, type DomElement, type DomNode, parseHtmlDocument } from './dom.js';

const marked = new Marked({ gfm: true, async: false });

/** Elements whose content is not text a reader sees. */
const INVISIBLE = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'HEAD', 'TITLE', 'SVG']);

/** Elements that start and end a paragraph of their own. */
const PARAGRAPHS = new Set([
  'P',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'PRE',
  'BLOCKQUOTE',
  'TABLE',
  'UL',
  'OL',
  'DL',
  'FIGURE',
  'HR',
  'ADDRESS',
  'DETAILS',
]);

/** Elements that start and end a line. */
const LINES = new Set([
  'DIV',
  'LI',
  'TR',
  'DT',
  'DD',
  'SECTION',
  'ARTICLE',
  'ASIDE',
  'HEADER',
  'FOOTER',
  'NAV',
  'MAIN',
  'FIGCAPTION',
  'CAPTION',
  'SUMMARY',
  'FORM',
  'FIELDSET',
  'LEGEND',
  'THEAD',
  'TBODY',
  'TFOOT',
]);

/** Where the walk is: inside <pre> whitespace is kept; inside a cell a line break is a space. */
interface Context {
  pre: boolean;
  cell: boolean;
}

/**
 * Walks the tree collecting text and break requests (a number: how many newlines). Adjacent
 * breaks merge into the largest, so nested blocks do not stack blank lines.
 */
function collect(node: DomNode, out: Array<string | number>, context: Context): void {
  if (node.nodeType === TEXT_NODE) {
    const text = node.textContent ?? '';
    out.push(context.pre ? text : text.replace(/\s+/g, ' '));
    return;
  }
  if (node.nodeType !== ELEMENT_NODE) return;
  const name = node.nodeName.toUpperCase();
  if (INVISIBLE.has(name)) return;
  if (name === 'BR') {
    out.push(context.cell ? ' ' : '\n');
    return;
  }
  if (name === 'IMG') {
    const alt = (node as DomElement).getAttribute('alt')?.trim();
    if (alt) out.push(` ${alt} `);
    return;
  }
  const boundary = PARAGRAPHS.has(name) ? 2 : LINES.has(name) ? 1 : 0;
  out.push(boundary);
  const cell = name === 'TD' || name === 'TH';
  const inner = { pre: context.pre || name === 'PRE', cell: context.cell || cell };
  for (const child of Array.from(node.childNodes)) collect(child, out, inner);
  if (cell) out.push('\t');
  out.push(boundary);
}

function joinPieces(pieces: ReadonlyArray<string | number>): string {
  let text = '';
  let pending = 0;
  for (const piece of pieces) {
    if (typeof piece === 'number') {
      pending = Math.max(pending, piece);
    } else if (pending > 0 && piece.trim() === '' && piece !== '\n') {
      continue;
    } else {
      if (pending > 0 && text) text += '\n'.repeat(pending);
      pending = 0;
      text += piece;
    }
  }
  return text;
}

/** Text of a DOM subtree with line and paragraph breaks where a browser would put them. */
export function elementText(root: DomNode): string {
  const pieces: Array<string | number> = [];
  collect(root, pieces, { pre: false, cell: false });
  return joinPieces(pieces)
    .split('\n')
    .map((line) => line.replace(/^[ \t]+|[ \t]+$/g, '').replace(/ *\t */g, '\t'))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Renders Markdown (GFM) to a DOM body, for reading text and headings back out of it. */
export function renderMarkdown(markdown: string): DomElement {
  const html = marked.parse(markdown, { async: false });
  return parseHtmlDocument(`<!doctype html><html><head></head><body>${html}</body></html>`).body;
}

/** Plain text of a Markdown document. */
export function markdownToText(markdown: string): string {
  return elementText(renderMarkdown(markdown));
}
