/**
 * The contract between the pipeline and the converters. Converters are pure functions of the
 * bytes (no database, no network, no filesystem writes) so they can run in a worker thread or
 * child process under a time and memory limit, and be benchmarked in isolation.
 */

export type OcrMode = 'AUTO' | 'FORCE' | 'OFF';

export interface ConvertOptions {
  ocr: OcrMode;
  /** Tesseract language codes, e.g. ['eng', 'deu']. */
  languages: string[];
  /** Size of the OCR worker pool; defaults to the number of CPUs (config: OCR_WORKERS). */
  ocrWorkers?: number;
  /** Images above this many pixels are refused before decoding; default 100 MP (image.ts). */
  maxImagePixels?: number;
  /** Limits for archives and other containers; defaults in embedded.ts. */
  archiveLimits?: Partial<ArchiveLimits>;
}

/** What one upload may expand to, however deeply its containers nest. */
export interface ArchiveLimits {
  /** Bytes actually inflated, summed over every entry of every nested archive. */
  maxTotalBytes: number;
  /** Entries summed over every nested archive. */
  maxEntries: number;
  /** How deep containers (archives, mail attachments) may nest inside the upload. */
  maxDepth: number;
  /** Inflated bytes per compressed byte, for an entry and for the archive as a whole. */
  maxRatio: number;
}

/**
 * Shared by a document and everything embedded in it (archive entries, mail attachments), so
 * the limits hold for the whole upload rather than per container.
 */
export interface NestingContext {
  /** 0 for the upload itself, 1 for its attachments or entries, and so on. */
  depth: number;
  limits: ArchiveLimits;
  /** Bytes inflated and entries opened so far, across all containers of the upload. */
  usage: { bytes: number; entries: number };
}

export const defaultConvertOptions: ConvertOptions = { ocr: 'AUTO', languages: ['eng'] };

export interface ConvertInput {
  bytes: Uint8Array;
  /** Detected MIME type (from the bytes, never from the client). */
  mimeType: string;
  /** Display name only; never used to pick a path. */
  filename?: string;
  options: ConvertOptions;
  /** Aborted when the job is cancelled or runs over its time limit. */
  signal?: AbortSignal;
  /** Called as pages are done, so long documents can report progress. */
  onProgress?: (progress: { page: number; pageCount: number }) => void;
  /** Set when this document is embedded in another one (archive entry, attachment). */
  nesting?: NestingContext;
}

/** One physical page (PDF, TIFF frame) with its span in the Markdown output. */
export interface ConvertedPage {
  /** 1-based page number. */
  number: number;
  text: string;
  /** True when the text came from OCR rather than a text layer. */
  ocr: boolean;
  /** Offsets into `ConversionResult.markdown`: [charStart, charEnd). */
  charStart: number;
  charEnd: number;
}

export interface OutlineEntry {
  level: number;
  text: string;
}

export interface DocumentMetadata {
  title?: string;
  authors?: string[];
  created?: string;
  modified?: string;
  producer?: string;
  subject?: string;
  keywords?: string[];
  [key: string]: unknown;
}

export interface ConversionResult {
  markdown: string;
  /** Plain text without Markdown syntax, for display and language detection. */
  text: string;
  /** Physical pages; empty for formats without pages. */
  pages: ConvertedPage[];
  /** Page, slide or sheet count where the format has one. */
  pageCount: number | null;
  title: string | null;
  /** ISO 639-1 code detected from the text, or null when unknown. */
  language: string | null;
  metadata: DocumentMetadata;
  outline: OutlineEntry[];
}

export interface Converter {
  /** Stable id, stored with results so cached output can be invalidated per converter. */
  id: string;
  /** Bump when output changes, so cached conversions are redone. */
  version: string;
  /** Human-readable family name for supportedFormats, e.g. "PDF". */
  label: string;
  mimeTypes: readonly string[];
  extensions: readonly string[];
  convert(input: ConvertInput): Promise<ConversionResult>;
}

export interface DetectedFormat {
  mimeType: string;
  extension: string;
}
