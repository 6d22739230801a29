/**
 * Chunks are the unit of retrieval: each one must be citable on its own (heading path, pages,
 * offsets into the document's Markdown) and stable across reprocessing, so unchanged content
 * keeps its id and is neither rewritten nor re-embedded.
 */
import type { PageLine } from '../converters/core/types.js';

export interface ChunkerOptions {
  /** Upper bound on tokens per chunk (approximate, word-piece estimate). */
  maxTokens: number;
  /** Tokens repeated from the end of the previous chunk when a long section is split. */
  overlapTokens: number;
  /** Chunks smaller than this are merged with their neighbour under the same heading. */
  minTokens: number;
}

export const defaultChunkerOptions: ChunkerOptions = { maxTokens: 512, overlapTokens: 48, minTokens: 64 };

export interface PageSpan {
  number: number;
  charStart: number;
  charEnd: number;
  /** Displayed page size in PDF points (PDF pages only). */
  width?: number;
  height?: number;
  /** The page's lines of text: boxes (points, origin top left) and their spans in the Markdown. */
  lines?: readonly LineSpan[];
}

/** A line's box and its Markdown span, as the converter reports it (converters/core/types.ts). */
export type LineSpan = PageLine;

/** A region of a page a chunk's text covers, in PDF points from the top left of the page. */
export interface PageBox {
  /** 1-based page number. */
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The page's size, so a viewer can scale the box to its rendering. */
  pageWidth: number;
  pageHeight: number;
}

export interface ChunkInput {
  /** Used in the stable chunk id. */
  documentId: string;
  markdown: string;
  /** Page spans in `markdown`; empty when the format has no pages. */
  pages: PageSpan[];
}

export interface Chunk {
  /** sha256(documentId + '\0' + content), hex: stable for unchanged content. */
  id: string;
  /** 0-based position in the document. */
  index: number;
  /** The chunk's Markdown, as it stands in the document (overlap included). */
  content: string;
  /** Plain text of the chunk, Markdown syntax removed: what gets indexed and embedded. */
  text: string;
  /** Heading path from the top, e.g. ['Guide', 'Install', 'Linux']. */
  headings: string[];
  pageStart: number | null;
  pageEnd: number | null;
  /** Offsets into the document's Markdown: [charStart, charEnd). */
  charStart: number;
  charEnd: number;
  tokenCount: number;
  /**
   * Where the chunk's text stands on its pages (merged line boxes); null when the document has
   * no line positions (every format but PDF), empty when none of its lines has one (OCR pages).
   */
  boxes: PageBox[] | null;
}
