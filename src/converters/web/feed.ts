/**
 * News feeds (RSS 0.9x/2.0, RSS 1.0 RDF, Atom): one section per item with its title, link, date
 * and author, then its content. Feed content is usually HTML (escaped in RSS, inline XHTML or
 * escaped HTML in Atom) and goes through the shared HTML path, so a feed item reads like the
 * web page it announces.
 */
import type { ConversionResult } from '../core/types.js';
import { parseHtmlDocument, squash, type DomDocument, type DomElement } from '../core/dom.js';
import { demoteHeadings } from '../core/nesting.js';
import { elementToMarkdown } from '../core/html-to-markdown.js';
import { isoDate } from '../mail/mail.js';
import { unpagedResult } from '../core/result.js';
import { escapeInline } from '../core/structure-list.js';
import { kids, localName } from '../core/zip-xml.js';

function childText(parent: DomElement, ...names: string[]): string {
  for (const name of names) {
    const text = squash(kids(parent, name)[0]?.textContent);
    if (text) return text;
  }
  return '';
}

/** True when the document is a feed this module renders. */
export function isFeed(document: DomDocument): boolean {
  const root = document.documentElement;
  return Boolean(root) && ['rss', 'feed', 'RDF'].includes(localName(root));
}

/** Atom links are attributes; RSS links are text. The alternate (the web page) is preferred. */
function itemLink(item: DomElement): string {
  const atomLinks = kids(item, 'link').filter((link) => link.getAttribute('href'));
  const alternate = atomLinks.find((link) => (link.getAttribute('rel') ?? 'alternate') === 'alternate') ?? atomLinks[0];
  return alternate?.getAttribute('href')?.trim() ?? childText(item, 'link', 'guid');
}

/** Content as Markdown: HTML (escaped or inline XHTML) through the HTML path, text as text. */
function contentMarkdown(item: DomElement): string {
  const content = kids(item, 'encoded', 'content')[0] ?? kids(item, 'description', 'summary')[0];
  if (!content) return '';
  const type = content.getAttribute('type') ?? 'html';
  if (type === 'text') return escapeInline(content.textContent ?? '');
  const html = type === 'xhtml' ? content.innerHTML : (content.textContent ?? '');
  return demoteHeadings(elementToMarkdown(parseHtmlDocument(html).body).trim(), 2);
}

function itemSection(item: DomElement): string {
  const title = childText(item, 'title') || 'Untitled';
  const author = childText(item, 'creator', 'author') || squash(kids(item, 'author')[0]?.querySelector('name')?.textContent);
  const rows: Array<[string, string]> = [
    ['Link', itemLink(item)],
    ['Date', isoDate(childText(item, 'pubDate', 'published', 'updated', 'date')) ?? ''],
    ['Author', author],
  ];
  const facts = rows
    .filter(([, value]) => value)
    .map(([label, value]) => `- **${label}:** ${escapeInline(value)}`)
    .join('\n');
  return [`## ${escapeInline(title)}`, facts, contentMarkdown(item)].filter(Boolean).join('\n\n');
}

/** Renders an RSS, RDF or Atom document. */
export function feedResult(document: DomDocument): ConversionResult {
  const root = document.documentElement;
  const channel = kids(root, 'channel')[0] ?? root;
  const items = [...kids(channel, 'item', 'entry'), ...(channel === root ? [] : kids(root, 'item'))];
  const title = childText(channel, 'title');
  const description = childText(channel, 'description', 'subtitle');
  const markdown = [title ? `# ${escapeInline(title)}` : '', description ? escapeInline(description) : '', ...items.map(itemSection)]
    .filter(Boolean)
    .join('\n\n');
  const format = localName(root) === 'feed' ? 'atom' : 'rss';
  return unpagedResult(markdown, {
    title: title || null,
    metadata: { feedFormat: format, itemCount: items.length, ...(description ? { subject: description } : {}) },
  });
}
