/**
 * Web pages and other HTML uploads. The page is decoded with the charset it declares, reduced
 * to its main content when Readability can find one, and converted to Markdown by the shared
 * HTML path.
 */
import { Readability } from '@mozilla/readability';
import type { ConversionResult, Converter, ConvertInput, DocumentMetadata } from '../core/types.js';
import { htmlDeclaration } from './html.declaration.js';
import { decodeText } from '../core/decode-text.js';
import { all, parseHtmlDocument, squash, type DomDocument, type DomElement } from '../core/dom.js';
import { elementToMarkdown, removeNonContent } from '../core/html-to-markdown.js';
import { elementText } from '../core/plain-text.js';
import { primaryLanguage } from '../core/language.js';
import { unpagedResult } from '../core/result.js';

/**
 * Readability's article must keep at least this share of the page's text to be used. Below it,
 * the page is not an article (a form, a table of data, a list of links) and Readability has
 * picked a fragment; the whole body then loses less.
 */
const MIN_ARTICLE_SHARE = 0.5;

/** The charset a page declares in its first bytes (<meta charset> or http-equiv). */
function declaredCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)/i.exec(head)?.[1] ?? null;
}

function metaContent(document: DomDocument, selector: string): string | undefined {
  const value = squash(document.querySelector(selector)?.getAttribute('content'));
  return value || undefined;
}

function pageMetadata(document: DomDocument): DocumentMetadata {
  const metadata: DocumentMetadata = {};
  const author = metaContent(document, 'meta[name="author" i]');
  if (author) metadata.authors = [author];
  const description = metaContent(document, 'meta[name="description" i]') ?? metaContent(document, 'meta[property="og:description"]');
  if (description) metadata.subject = description;
  const keywords = metaContent(document, 'meta[name="keywords" i]');
  if (keywords) metadata.keywords = keywords.split(/\s*[,;]\s*/).filter(Boolean);
  const published = metaContent(document, 'meta[property="article:published_time"]');
  if (published) metadata.created = published;
  const modified = metaContent(document, 'meta[property="article:modified_time"]');
  if (modified) metadata.modified = modified;
  return metadata;
}

/** Marks the page's <h1>s, which Readability demotes to <h2>, so their level can be restored. */
const H1_MARK = 'data-docsphere-h1';

function restoreH1s(article: DomElement): void {
  for (const heading of all(article, `[${H1_MARK}]`)) {
    const h1 = article.ownerDocument.createElement('h1');
    h1.innerHTML = heading.innerHTML;
    heading.replaceWith(h1);
  }
}

/** Readability's article, or null when it finds none (or fails: it is a heuristic, not a parser). */
function readableArticle(html: string): DomElement | null {
  const copy = parseHtmlDocument(html);
  for (const h1 of all(copy, 'h1')) h1.setAttribute(H1_MARK, '');
  try {
    const reader = new Readability<DomElement>(copy as never, {
      serializer: (node) => node as unknown as DomElement,
    });
    return reader.parse()?.content ?? null;
  } catch {
    return null;
  }
}

/**
 * The element holding the page's main content: Readability's article when it kept most of the
 * text, else the whole body. Readability rewrites the tree it is given, so it gets its own copy;
 * it also lifts the page's first <h1> out as the article title, which is put back on top.
 */
function mainContent(html: string, body: DomElement): DomElement {
  const article = readableArticle(html);
  if (!article) return body;
  removeNonContent(body);
  if (elementText(article).length < MIN_ARTICLE_SHARE * elementText(body).length) return body;
  restoreH1s(article);
  const h1 = body.querySelector('h1');
  const heading = squash(h1?.textContent);
  const kept = all(article, 'h1').some((element) => squash(element.textContent) === heading);
  if (h1 && heading && !kept) article.innerHTML = h1.outerHTML + article.innerHTML;
  return article;
}

async function convertHtml(input: ConvertInput): Promise<ConversionResult> {
  const { text: html } = decodeText(input.bytes, declaredCharset(input.bytes));
  const document = parseHtmlDocument(html);
  const title = squash(document.querySelector('title')?.textContent) || null;
  const metadata = pageMetadata(document);
  const declaredLanguage = primaryLanguage(document.documentElement.getAttribute('lang'));
  const markdown = elementToMarkdown(mainContent(html, document.body));
  return unpagedResult(markdown, { title, declaredLanguage, metadata });
}

export const htmlConverter: Converter = { ...htmlDeclaration, convert: convertHtml };
