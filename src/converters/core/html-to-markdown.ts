/**
 * HTML → Markdown, shared by every converter whose source is or becomes HTML (web pages, DOCX
 * via mammoth). One path means one set of decisions about what is content, how tables and
 * images come out, and which links survive, whatever the upload format was.
 */
import TurndownService from 'turndown';
import { gfm } from '@joplin/turndown-plugin-gfm';
import { all, squash, type DomElement } from './dom.js';
import { flattenTables } from './html-tables.js';
import { unwrapRedirect } from './redirect-links.js';
import { pictureMarkdown } from './picture-markdown.js';

/**
 * Never content: code, styling, embedded browsing contexts, navigation chrome and form controls.
 * Checkboxes stay because task lists render them as `[x]`.
 */
const NOT_CONTENT = [
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'canvas',
  'svg',
  'math annotation',
  'nav',
  'link',
  'meta',
  'head',
  'title',
  'button',
  'select',
  'textarea',
  'dialog',
  'input:not([type=checkbox])',
  '[hidden]',
  '[aria-hidden=true]',
  '[style*="display:none"]',
  '[style*="display: none"]',
].join(', ');

/** Link targets worth keeping; anything else (javascript:, data:) keeps only its text. */
const SAFE_LINK = /^(https?:|mailto:|tel:|#|\/|\.{0,2}\/|[\w%.~-]+(?:[/?#]|$))/i;

/**
 * Inline markup nested in markup of the same meaning (`<b><strong>`, `<i><em>`), which turndown
 * would double into `****` or turn into `__` (bold) instead of italics.
 */
const REDUNDANT_NESTING = [
  ['b', 'strong'],
  ['i', 'em', 'cite', 'var', 'dfn'],
  ['s', 'del', 'strike'],
].flatMap((tags) => tags.flatMap((outer) => tags.map((inner) => `${outer} ${inner}`)));

/** Stand-in for an image whose bytes are not kept, so readers and chunks know one was there. */
function imagePlaceholder(alt: string | null | undefined): string {
  const text = squash(alt).replace(/[[\]]/g, '');
  return text ? `[Image: ${text}]` : '[Image]';
}

const SUPERSCRIPTS: Record<string, string> = Object.fromEntries([...'0123456789+-−=()'].map((char, i) => [char, '⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾'[i]!]));
const SUBSCRIPTS: Record<string, string> = Object.fromEntries([...'0123456789+-−=()'].map((char, i) => [char, '₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎'[i]!]));

/** A sub- or superscript's Markdown: its Unicode form when every character has one, else its text. */
function scriptText(content: string, forms: Record<string, string>): string {
  const chars = [...content.trim()];
  if (chars.length > 0 && chars.every((char) => forms[char])) return chars.map((char) => forms[char]).join('');
  return content;
}

/**
 * The attribute marking a note reference (`<span data-docsphere-note="1">`), which comes out as
 * the Markdown footnote reference `[^1]`; the converter that made it writes the definitions.
 */
export const NOTE_MARK = 'data-docsphere-note';

/**
 * The attribute marking an office document's picture (`<img data-docsphere-picture src="image1.png">`),
 * which comes out in the office form `![description](file)` (core/picture-markdown.ts) instead of
 * a web page's placeholder, so DOCX and PPTX pictures read alike.
 */
export const PICTURE_MARK = 'data-docsphere-picture';

function createTurndown(): TurndownService {
  const service = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
    emDelimiter: '_',
    hr: '---',
  });
  service.use(gfm);
  // Text that looks like a tag or an entity ("use <div> here", "&copy;") would be read back as
  // HTML by every Markdown renderer, losing it or worse: written escaped, it stays text.
  const escapeMarkdown = service.escape.bind(service);
  service.escape = (text) =>
    escapeMarkdown(text)
      .replace(/&(?=#?\w+;)/g, '&amp;')
      .replace(/<(?=[A-Za-z/!?])/g, '&lt;');
  // Image bytes are not kept and remote URLs are noise in a search index: a placeholder keeps
  // the alt text, which is the only part of an image a reader of the text can use.
  service.addRule('image', {
    filter: 'img',
    replacement: (_content, node) => {
      const image = node as unknown as DomElement;
      if (image.getAttribute(PICTURE_MARK) === null) return imagePlaceholder(image.getAttribute('alt'));
      // Inline pictures side by side or before text stay apart: `![a](x.png) ![b](y.png) Text`.
      const picture = pictureMarkdown(image.getAttribute('alt'), image.getAttribute('src'));
      const next = node.nextSibling;
      return picture && next && !/^\s/.test(next.textContent ?? '') ? `${picture} ` : picture;
    },
  });
  // A checkbox is a state the reader sees (a Word form's ticked option, a web form): `[x]` or
  // `[ ]` wherever it stands, as task lists write it, not only as the first child of a list item.
  service.addRule('checkbox', {
    filter: (node) => node.nodeName === 'INPUT' && (node as unknown as DomElement).getAttribute('type')?.toLowerCase() === 'checkbox',
    replacement: (_content, node) => {
      const box = (node as unknown as DomElement).getAttribute('checked') !== null ? '[x]' : '[ ]';
      return /^\s/.test(node.nextSibling?.textContent ?? '') ? box : `${box} `;
    },
  });
  // Sub- and superscripts have no Markdown syntax and raw HTML is not kept: numbers become
  // Unicode sub- and superscripts (x², H₂O), anything else (a reference marker, "1st") its text.
  service.addRule('script', {
    filter: ['sub', 'sup'],
    replacement: (content, node) => scriptText(content, node.nodeName === 'SUP' ? SUPERSCRIPTS : SUBSCRIPTS),
  });
  // A note reference made by a converter (DOCX footnotes, endnotes, comments): `[^label]`.
  service.addRule('noteReference', {
    filter: (node) => node.nodeName === 'SPAN' && (node as unknown as DomElement).getAttribute(NOTE_MARK) !== null,
    replacement: (_content, node) => `[^${(node as unknown as DomElement).getAttribute(NOTE_MARK)}]`,
  });
  // Compact list markers ("- ", "1. ") instead of turndown's "-   ": nested content is indented
  // by the marker's width, which is all CommonMark needs.
  service.addRule('listItem', {
    filter: 'li',
    replacement: (content, node) => {
      const parent = node.parentNode as unknown as DomElement | null;
      let prefix = '- ';
      if (parent?.nodeName === 'OL') {
        const start = Number(parent.getAttribute('start') ?? 1) || 1;
        prefix = `${start + Array.from(parent.children).indexOf(node as unknown as DomElement)}. `;
      }
      const body = content.replace(/^\n+/, '').replace(/\n+$/, /\n$/.test(content) ? '\n' : '');
      const indented = body.replace(/\n/g, `\n${' '.repeat(prefix.length)}`);
      return prefix + indented + (node.nextSibling ? '\n' : '');
    },
  });
  // <pre> without <code> (mammoth's code styles, many web pages) is a code block too.
  service.addRule('preformatted', {
    filter: (node) => node.nodeName === 'PRE' && node.firstChild?.nodeName !== 'CODE',
    replacement: (_content, node) => {
      const code = (node.textContent ?? '').replace(/\n$/, '');
      const longestRun = Math.max(2, ...(code.match(/`+/g) ?? []).map((run) => run.length));
      const fence = '`'.repeat(longestRun + 1);
      return `\n\n${fence}\n${code}\n${fence}\n\n`;
    },
  });
  // Inside a pipe-table cell a line break must stay an inline <br>.
  service.addRule('cellBreak', {
    filter: (node) => node.nodeName === 'BR' && node.closest('td, th') !== null,
    replacement: () => '<br>',
  });
  service.addRule('link', {
    filter: (node) => node.nodeName === 'A',
    replacement: (content, node) => {
      const href = (node as unknown as DomElement).getAttribute('href')?.trim() ?? '';
      const text = content.trim();
      if (!text) return '';
      if (!href || !SAFE_LINK.test(href)) return content;
      // Parentheses are escaped (an unbalanced one would end the destination), spaces encoded.
      const target = unwrapRedirect(href).replace(/[()]/g, '\\$&').replace(/\s/g, encodeURIComponent);
      const title = squash((node as unknown as DomElement).getAttribute('title'));
      return title ? `[${text}](${target} "${title.replace(/["\\]/g, '\\$&')}")` : `[${text}](${target})`;
    },
  });
  return service;
}

let turndown: TurndownService | undefined;

/** Removes what is never content, in place. */
export function removeNonContent(root: DomElement): void {
  for (const element of all(root, NOT_CONTENT)) element.remove();
}

function unwrapRedundantNesting(root: DomElement): void {
  for (const element of all(root, REDUNDANT_NESTING.join(', '))) {
    element.replaceWith(...Array.from(element.childNodes));
  }
}

/** Tidies turndown output: no runs of blank lines, no blank space around the document. */
function tidy(markdown: string): string {
  return markdown
    .replace(/^[ \t]+$/gm, '')
    .replace(/[ \t]+$/gm, (spaces) => (spaces === '  ' ? spaces : ''))
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Converts the content of `root` to Markdown. The subtree is modified (non-content removed,
 * tables flattened), so pass a tree that is not needed afterwards.
 */
export function elementToMarkdown(root: DomElement): string {
  removeNonContent(root);
  unwrapRedundantNesting(root);
  flattenTables(root);
  turndown ??= createTurndown();
  return tidy(turndown.turndown(root.innerHTML));
}
