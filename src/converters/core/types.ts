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
  /**
   * The registry converting this input, set by it; containers convert their entries and
   * attachments through it (nesting.ts).
   */
  registry?: ConverterRegistry;
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
  /** Displayed page size in PDF points, where the format has one (PDF). */
  width?: number;
  height?: number;
  /**
   * Where the page's lines of text stand (PDF points, origin at the top left of the displayed
   * page) and which span of `ConversionResult.markdown` each became, so a chunk can be
   * highlighted on its page. Only text-layer PDF pages have them.
   */
  lines?: PageLine[];
}

/** A line's box on its page and its span [charStart, charEnd) in the document's Markdown. */
export interface PageLine {
  charStart: number;
  charEnd: number;
  x: number;
  y: number;
  width: number;
  height: number;
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

/**
 * What a converter declares about its format, apart from converting it: its names, how
 * detection recognises it (`sniff`) and what must be checked before conversion starts
 * (`preflight`). Detection (detect.ts) and the sandbox preflight only iterate these
 * declarations; they hold no knowledge of their own about any format. Each format's
 * declaration lives in its own cheap `<format>.declaration.ts`, apart from the converter, so
 * detecting a Markdown file never loads PDFium, tesseract or the OOXML stack.
 */
export interface ConverterDeclaration {
  /** Stable id, stored with results so cached output can be invalidated per converter. */
  id: string;
  /** Bump when output changes, so cached conversions are redone. */
  version: string;
  /** Human-readable family name for supportedFormats, e.g. "PDF". */
  label: string;
  mimeTypes: readonly string[];
  extensions: readonly string[];
  /** How detection recognises the format from a file's head; absent when magic numbers suffice. */
  sniff?: FormatSniff;
  /**
   * Cheap checks that refuse an input before the expensive work starts (page counts, declared
   * pixel counts), run by the sandbox before `convert`. In a declaration it imports what it
   * needs when called, so declaring it costs nothing.
   * @throws AppError RESOURCE_LIMIT when the input is over a limit
   */
  preflight?: (input: PreflightInput, limits: PreflightLimits) => Promise<void>;
}

export interface Converter extends ConverterDeclaration {
  convert(input: ConvertInput): Promise<ConversionResult>;
}

/**
 * A registry entry: the declaration, and how to import the converter the first time an input
 * of its format is converted (the module cache keeps it after that). The registry holds only
 * these, so starting a process that may convert (the CLI, a sandbox) loads no converter.
 */
export interface LazyConverter extends ConverterDeclaration {
  load(): Promise<Converter>;
}

/**
 * A format's recognition rules, one field per step of detection. detect.ts runs the steps in
 * a fixed order (see there); within a step, declarations run by ascending `priority`, then in
 * registry order. Every test sees the file's head (the first 64 KiB); a `refine` marked
 * `wholeFile` may also be run on the whole file.
 */
export interface FormatSniff {
  /** Runs first within each step; lower first. Default 0. */
  priority?: number;
  /**
   * Narrows a verdict of the magic-number matcher (file-type) that covers several formats:
   * `of` is the MIME type file-type reports (e.g. "application/x-cfb" for every OLE file).
   * One converter may declare several (a spreadsheet is an OLE file or a ZIP package).
   */
  refine?: FormatRefinement | readonly FormatRefinement[];
  /** For binary heads file-type does not recognise. */
  binary?: (head: Uint8Array) => DetectedFormat | null;
  /** A content test on text, made before the filename is looked at. */
  text?: (text: string) => DetectedFormat | null;
  /** Filename extensions (lower case, no dot) that name this format once the head is text. */
  textExtensions?: ReadonlyArray<readonly [extension: string, format: DetectedFormat]>;
  /** A content test made when no extension matched: weak evidence, tried last. */
  fallback?: (text: string, extension: string) => DetectedFormat | null;
}

export interface FormatRefinement {
  of: string;
  /**
   * The answer may lie anywhere in the file (a ZIP's central directory, an OLE directory), so
   * a verdict of `of` from the head alone is provisional: detection is run again on the whole
   * file when the caller can read it (`detectFormat`'s `readAll`).
   */
  wholeFile?: boolean;
  /** `bytes` is the head, or the whole file when detection was given it. */
  test(bytes: Uint8Array, text: () => string | null): DetectedFormat | null;
}

/** What a preflight check sees: the whole file and its detected type. */
export interface PreflightInput {
  bytes: Uint8Array;
  mimeType: string;
}

export interface PreflightLimits {
  /** Most pages a paged document may have; checked before any page is parsed. */
  maxPages: number;
  /** Most pixels an image may declare; defaults to the image converter's default. */
  maxImagePixels?: number;
}

/**
 * What a container converter needs to convert the documents inside it. The registry puts
 * itself into every ConvertInput it converts (`input.registry`), so containers reach it through
 * their input and never import the registry module: that import was an 18-file cycle.
 */
export interface ConverterRegistry {
  readonly converters: readonly LazyConverter[];
  converterFor(mimeType: string): LazyConverter | undefined;
  /**
   * The format from the file's head; `readAll`, when given, is called for the whole file if
   * the head leaves a provisional verdict (see `FormatRefinement.wholeFile`).
   */
  detectFormat(head: Uint8Array, filename?: string, readAll?: () => Promise<Uint8Array>): Promise<DetectedFormat | null>;
  convert(input: ConvertInput): Promise<ConversionResult>;
}

export interface DetectedFormat {
  mimeType: string;
  extension: string;
}
