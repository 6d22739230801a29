/**
 * The document information dictionary and the declared language, read through PDFium. Broken
 * metadata must never fail a conversion, so every field is optional.
 */
import type { DocumentMetadata } from '../core/types.js';
import type { PdfDocument } from './pdfium.js';

type MetaTag = 'Title' | 'Author' | 'Subject' | 'Keywords' | 'Creator' | 'Producer' | 'CreationDate' | 'ModDate';

/** PDFium writes UTF-16LE with a terminator: ask for the length, then read into a buffer that size. */
function utf16(doc: PdfDocument, read: (buffer: number, length: number) => number): string | undefined {
  const needed = read(0, 0);
  if (needed <= 2) return undefined;
  const buffer = doc.heap._malloc(needed);
  try {
    read(buffer, needed);
    return doc.heap.UTF16ToString(buffer, needed);
  } finally {
    doc.heap._free(buffer);
  }
}

/** Read the info dictionary and the catalog's /Lang. */
export function readMetadata(doc: PdfDocument): { metadata: DocumentMetadata; language?: string } {
  const field = (tag: MetaTag) => str(utf16(doc, (buffer, length) => doc.m.FPDF_GetMetaText(doc.handle, tag, buffer, length)));
  const meta: DocumentMetadata = {};
  const title = cleanTitle(field('Title'));
  if (title) meta.title = title;
  const author = field('Author');
  if (author) meta.authors = splitAuthors(author);
  const created = pdfDate(field('CreationDate'));
  if (created) meta.created = created;
  const modified = pdfDate(field('ModDate'));
  if (modified) meta.modified = modified;
  const producer = field('Producer');
  if (producer) meta.producer = producer;
  const creator = field('Creator');
  if (creator) meta.creator = creator;
  const subject = field('Subject');
  if (subject) meta.subject = subject;
  const keywords = field('Keywords')
    ?.split(/[;,]/)
    .map((k) => k.trim())
    .filter(Boolean);
  if (keywords?.length) meta.keywords = keywords;
  const language = str(utf16(doc, (buffer, length) => doc.m.FPDFCatalog_GetLanguage(doc.handle, buffer, length)));
  return { metadata: meta, ...(language ? { language } : {}) };
}

/**
 * Author fields hold one or several names. Commas separate names only when every piece looks
 * like a full name, since "Doe, John" is one person.
 */
function splitAuthors(author: string): string[] {
  const bySemicolon = author
    .split(';')
    .map((a) => a.trim())
    .filter(Boolean);
  return bySemicolon.flatMap((part) => {
    const pieces = part
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    return pieces.length > 1 && pieces.every((p) => /\S\s+\S/.test(p)) ? pieces : [part];
  });
}

function str(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // Strip control characters some producers leave in (e.g. stray BOM or NULs).
  const s = value
    .replace(/[\u0000-\u001f\u007f\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  // Placeholders that generators fill in when the author left a field empty.
  if (/^(?:anonymous|unknown|unspecified|untitled|none|null|n\/a|-)$/i.test(s)) return undefined;
  return s || undefined;
}

/**
 * Producers often store the source file name or a placeholder as the title; such titles are
 * worse than the first heading, so they are dropped.
 */
export function cleanTitle(title: string | undefined): string | undefined {
  if (!title) return undefined;
  const t = title.replace(/^Microsoft (?:Word|PowerPoint|Excel) - /i, '').trim();
  if (t.length < 2 || t.length > 300) return undefined;
  if (/^(?:title|document\d*|slide \d+|(?:microsoft )?(?:word|powerpoint) (?:document|presentation))$/i.test(t)) {
    return undefined;
  }
  if (/\.(?:docx?|pdf|pptx?|xlsx?|odt|rtf|txt|indd|qxp|tex|dvi|ps|html?)$/i.test(t)) return undefined;
  if (/^[\w-]+\.\w{2,4}$/.test(t) || (/[\\/]/.test(t) && !/\s/.test(t))) return undefined;
  return t;
}

/** PDF dates ("D:20200331180255+09'00'") to ISO 8601; some producers omit the "D:" prefix. */
export function pdfDate(value: unknown): string | undefined {
  const s = str(value);
  if (!s) return undefined;
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?'?/.exec(s);
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', sec = '00', sign, oh = '00', om = '00'] = m;
  const year = Number(y);
  if (year < 1970 || year > 2200) return undefined;
  const offset = sign === '+' || sign === '-' ? (sign === '+' ? 1 : -1) * (Number(oh) * 60 + Number(om)) : 0;
  const utc = Date.UTC(year, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec)) - offset * 60_000;
  const date = new Date(utc);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
