/**
 * Opening PDFs with pdf.js in a way that is safe for untrusted input and works offline, and
 * turning pdf.js failures into the error codes clients rely on.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { getDocument, PDFDateString } from './pdfjs.js';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { AppError, corruptDocument, encryptedDocument } from '../../errors.js';
import type { DocumentMetadata } from '../core/types.js';

/**
 * Folders inside the installed package, resolved once. pdf.js in Node reads these with `fs`
 * when given plain paths; they must end with a slash because pdf.js appends file names.
 */
const assetDirs = (() => {
  const root = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const dir = (name: string) => path.join(root, name) + path.sep;
  return {
    standardFontDataUrl: dir('standard_fonts'),
    cMapUrl: dir('cmaps'),
    wasmUrl: dir('wasm'),
    iccUrl: dir('iccs'),
  };
})();

/**
 * Where pdf.js would install @font-face rules: nowhere. See TEXT_ONLY; the rules are dropped
 * because a text-only document is never drawn.
 */
const discardedFontFaces = {
  createElement: () => ({ sheet: { insertRule: () => 0, cssRules: [] }, remove: () => undefined }),
  documentElement: { getElementsByTagName: () => [{ append: () => undefined }] },
} as unknown as HTMLDocument;

/**
 * Options for a document that is only read for its text (and, through an operator list, its
 * font names), never drawn. Each one removes work pdf.js does for drawing:
 * - `maxImageSize: 0`: every image is skipped (with a warning pdf.js keeps to itself) instead of
 *   decoded.
 * - No `standardFontDataUrl`: fonts that are not embedded (the standard 14, e.g. Helvetica)
 *   would otherwise have a substitute font program read from disk and parsed for every document
 *   (a one-page Helvetica file: ~10 ms → ~1 ms); their widths and encodings, all the text layer
 *   needs, come from pdf.js's built-in metrics either way (same output on the whole corpus).
 * - `disableFontFace: false` with an `ownerDocument` that drops the rules: with font faces
 *   disabled (the Node default) pdf.js builds an outline for every glyph drawn while building
 *   the operator list, in case it has to draw them as paths; that was the largest single part of
 *   the operator list's cost. Node has no DOM, so pdf.js is handed one that accepts the @font-face
 *   rules and discards them (a failure there would make pdf.js fall back to building outlines).
 */
const TEXT_ONLY = {
  maxImageSize: 0,
  standardFontDataUrl: undefined,
  disableFontFace: false,
  ownerDocument: discardedFontFaces,
} as const;

/**
 * Open a PDF from bytes. The bytes are copied because pdf.js transfers (detaches) the buffer it
 * is given, and the caller may still need theirs (hashing, retries, other converters).
 *
 * `withImages: false` is for reading text (see TEXT_ONLY); such a document must never be
 * rendered.
 */
export async function openPdf(bytes: Uint8Array, { withImages = true }: { withImages?: boolean } = {}): Promise<PDFDocumentProxy> {
  if (bytes.byteLength === 0) throw corruptDocument('The PDF file is empty');
  const task = getDocument({
    data: new Uint8Array(bytes),
    ...assetDirs,
    cMapPacked: true,
    // Untrusted input: never compile font programs to JS (CVE-2024-4367 class).
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    ...(withImages ? {} : TEXT_ONLY),
    enableXfa: false,
    verbosity: 0,
  });
  try {
    return await task.promise;
  } catch (err) {
    // Free the worker-side document; it may be half-parsed.
    await task.destroy().catch(() => undefined);
    throw toPdfError(err);
  }
}

/** Map whatever pdf.js threw onto ENCRYPTED_DOCUMENT or CORRUPT_DOCUMENT. */
export function toPdfError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const name = err instanceof Error ? err.name : '';
  if (name === 'PasswordException') {
    return encryptedDocument('The PDF is password-protected and cannot be opened');
  }
  const detail = err instanceof Error && err.message ? `: ${err.message}` : '';
  // pdf.js messages describe the file structure, never local paths, so they are safe to show.
  return corruptDocument(`The PDF could not be read${detail.slice(0, 200)}`, err);
}

/** The document information dictionary fields we use, as pdf.js reports them. */
interface PdfInfo {
  Title?: unknown;
  Author?: unknown;
  Subject?: unknown;
  Keywords?: unknown;
  Creator?: unknown;
  Producer?: unknown;
  CreationDate?: unknown;
  ModDate?: unknown;
  Language?: unknown;
}

/**
 * Read the info dictionary and the declared language (/Lang). Broken metadata must never fail
 * a conversion, so every field is optional and errors yield nothing.
 */
export async function readMetadata(pdf: PDFDocumentProxy): Promise<{ metadata: DocumentMetadata; language?: string }> {
  let info: PdfInfo;
  try {
    info = ((await pdf.getMetadata()).info ?? {}) as PdfInfo;
  } catch {
    return { metadata: {} };
  }
  const meta: DocumentMetadata = {};
  const title = cleanTitle(str(info.Title));
  if (title) meta.title = title;
  const author = str(info.Author);
  if (author) {
    meta.authors = splitAuthors(author);
  }
  const created = pdfDate(info.CreationDate);
  if (created) meta.created = created;
  const modified = pdfDate(info.ModDate);
  if (modified) meta.modified = modified;
  const producer = str(info.Producer);
  if (producer) meta.producer = producer;
  const creator = str(info.Creator);
  if (creator) meta.creator = creator;
  const subject = str(info.Subject);
  if (subject) meta.subject = subject;
  const keywords = str(info.Keywords)
    ?.split(/[;,]/)
    .map((k) => k.trim())
    .filter(Boolean);
  if (keywords?.length) meta.keywords = keywords;
  const language = str(info.Language);
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
  const date = PDFDateString.toDateObject(/^\d/.test(s) ? `D:${s}` : s);
  if (!date || Number.isNaN(date.getTime())) return undefined;
  const year = date.getUTCFullYear();
  if (year < 1970 || year > 2200) return undefined;
  return date.toISOString();
}
