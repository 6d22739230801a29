/**
 * E-books (EPUB 2 and 3). The package document (OPF) gives the reading order (the spine) and
 * the book's metadata; each chapter is XHTML and goes through the shared HTML → Markdown path,
 * so a book reads like the web pages and Word files it was often made from.
 *
 * The ZIP is read under the upload's limits like any archive, and the OPF and container are
 * parsed without DTDs or entity expansion (zip-xml.ts), so a hostile book has no lever.
 */
import type JSZip from 'jszip';
import type { ConversionResult, Converter, ConvertInput, DocumentMetadata } from '../core/types.js';
import { epubDeclaration } from './epub.declaration.js';
import { corruptDocument, encryptedDocument } from '../../errors.js';
import { parseHtmlDocument, squash, type DomDocument } from '../core/dom.js';
import { elementToMarkdown } from '../core/html-to-markdown.js';
import { primaryLanguage } from '../core/language.js';
import { escapeInline } from '../core/structure-list.js';
import { unpagedResult } from '../core/result.js';
import { attr, descendants, openPackage, readPart, readXmlPart } from '../core/zip-xml.js';

const CHAPTER_TYPES = /^(application\/xhtml\+xml|text\/html|application\/x-dtbook\+xml)$/i;

function texts(root: DomDocument, name: string): string[] {
  return descendants(root.documentElement, name)
    .map((element) => squash(element.textContent))
    .filter(Boolean);
}

/** Resolves an href from the OPF's folder to a path in the ZIP ("../Text/ch1.xhtml#x"). */
function resolvePath(base: string, href: string): string {
  const parts = base ? base.split('/') : [];
  let decoded = href.split('#')[0] ?? '';
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // a malformed escape stays as written
  }
  for (const segment of decoded.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment && segment !== '.') parts.push(segment);
  }
  return parts.join('/');
}

/**
 * An entry's text, or null when it does not exist. Hrefs in books often differ from the ZIP's
 * names in case (made on Windows), so an exact miss is retried ignoring case.
 */
async function readEntry(zip: JSZip, path: string): Promise<string | null> {
  const exact = await readPart(zip, path);
  if (exact !== null) return exact;
  const lower = path.toLowerCase();
  const other = Object.keys(zip.files).find((name) => name.toLowerCase() === lower);
  return other ? readPart(zip, other) : null;
}

/** The OPF's path: from META-INF/container.xml, else the first .opf in the ZIP. */
async function packagePath(zip: JSZip): Promise<string> {
  const container = await readXmlPart(zip, 'META-INF/container.xml');
  const rootfile = container
    ? descendants(container.documentElement, 'rootfile')
        .map((element) => element.getAttribute('full-path'))
        .find((path) => path?.toLowerCase().endsWith('.opf'))
    : undefined;
  const path = rootfile ?? zip.file(/\.opf$/i)[0]?.name;
  if (!path) throw corruptDocument('The EPUB has no package document (OPF)');
  return path;
}

/**
 * DRM: content documents listed in encryption.xml cannot be read. Obfuscated fonts (the common
 * entry there) are harmless and ignored.
 */
async function checkEncryption(zip: JSZip): Promise<void> {
  const xml = await readXmlPart(zip, 'META-INF/encryption.xml');
  if (!xml) return;
  const encrypted = descendants(xml.documentElement, 'CipherReference')
    .map((element) => attr(element, 'URI') ?? '')
    .some((uri) => /\.(x?html?|xml)$/i.test(uri));
  if (encrypted) throw encryptedDocument('The EPUB is protected by DRM and cannot be read');
}

/** Descriptions are often HTML (escaped in the OPF); the reader wants their text. */
function plainDescription(description: string): string {
  return /<\/?[a-z][^>]*>/i.test(description) ? squash(parseHtmlDocument(description).body.textContent) : description;
}

/**
 * What a reader sees first on the book's title page, at the top of the Markdown: the title as
 * the document's heading, the authors, the description and the language, from the OPF.
 */
function frontMatter(metadata: DocumentMetadata): string {
  const lines: string[] = [];
  if (metadata.title) lines.push(`# ${escapeInline(metadata.title)}`);
  if (metadata.authors?.length) lines.push(`By ${metadata.authors.map(escapeInline).join(', ')}`);
  if (metadata.description) lines.push(escapeInline(metadata.description as string));
  if (metadata.language) lines.push(`Language: ${escapeInline(metadata.language as string)}`);
  return lines.join('\n\n');
}

function bookMetadata(opf: DomDocument): DocumentMetadata {
  const metadata: DocumentMetadata = {};
  const creators = texts(opf, 'creator');
  if (creators.length > 0) metadata.authors = [...new Set(creators)];
  const date = texts(opf, 'date')[0];
  if (date) metadata.created = date;
  const modified = descendants(opf.documentElement, 'meta').find((element) => element.getAttribute('property') === 'dcterms:modified');
  if (modified && squash(modified.textContent)) metadata.modified = squash(modified.textContent);
  const publisher = texts(opf, 'publisher')[0];
  if (publisher) metadata.publisher = publisher;
  const description = texts(opf, 'description')[0];
  if (description) {
    metadata.subject = description;
    metadata.description = plainDescription(description);
  }
  const subjects = texts(opf, 'subject');
  if (subjects.length > 0) metadata.keywords = subjects;
  const languages = texts(opf, 'language');
  if (languages.length > 0) {
    metadata.languages = languages;
    metadata.language = languages[0];
  }
  const title = texts(opf, 'title')[0];
  if (title) metadata.title = title;
  const identifier = texts(opf, 'identifier')[0];
  if (identifier) metadata.identifier = identifier;
  return metadata;
}

/** The chapters' paths in spine order; unknown idrefs and non-HTML items are left out. */
function spinePaths(opf: DomDocument, base: string): string[] {
  const manifest = new Map(
    descendants(opf.documentElement, 'item').map((item) => [
      item.getAttribute('id') ?? '',
      { href: item.getAttribute('href') ?? '', type: item.getAttribute('media-type') ?? '' },
    ]),
  );
  const paths = descendants(opf.documentElement, 'itemref')
    .map((ref) => manifest.get(ref.getAttribute('idref') ?? ''))
    .filter((item) => item && item.href && CHAPTER_TYPES.test(item.type))
    .map((item) => resolvePath(base, item!.href));
  return [...new Set(paths)];
}

async function convertEpub(input: ConvertInput): Promise<ConversionResult> {
  const zip = await openPackage(input, 'The EPUB');
  await checkEncryption(zip);
  const opfPath = await packagePath(zip);
  const opf = await readXmlPart(zip, opfPath);
  if (!opf?.documentElement) throw corruptDocument('The EPUB package document is missing');
  const base = opfPath.includes('/') ? opfPath.slice(0, opfPath.lastIndexOf('/')) : '';
  const chapters: string[] = [];
  const missing: string[] = [];
  for (const path of spinePaths(opf, base)) {
    input.signal?.throwIfAborted();
    const xhtml = await readEntry(zip, path);
    if (xhtml === null) {
      missing.push(path);
      continue;
    }
    const markdown = elementToMarkdown(parseHtmlDocument(xhtml).body).trim();
    if (markdown) chapters.push(markdown);
  }
  if (chapters.length === 0 && missing.length > 0) {
    throw corruptDocument('The EPUB lists chapters that are not in the file');
  }
  const metadata = bookMetadata(opf);
  if (missing.length > 0) metadata.warnings = missing.map((path) => `${path}: missing from the EPUB`);
  const front = frontMatter(metadata);
  return unpagedResult([front, ...chapters].filter(Boolean).join('\n\n'), {
    title: metadata.title ?? null,
    declaredLanguage: primaryLanguage(texts(opf, 'language')[0]),
    metadata,
  });
}

export const epubConverter: Converter = { ...epubDeclaration, convert: convertEpub };
