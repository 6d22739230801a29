/**
 * The geometry types shared by line building (lines.ts), table merging (tables.ts) and block
 * assembly (blocks.ts). They live apart from lines.ts so that tables.ts can name them without
 * importing lines.ts, which imports tables.ts: the two modules would otherwise form a cycle.
 */

/** A run of glyphs on one baseline (extract.ts), in top-down page coordinates (PDF points). */
export interface Run {
  text: string;
  x0: number;
  x1: number;
  baseline: number;
  size: number;
  /** Set in a bold or italic face. */
  emphasized: boolean;
}

/** One cell of a table row: a piece of the row between column gaps. */
export interface Cell {
  text: string;
  x0: number;
  x1: number;
}

/** A visual line segment: runs on one baseline without a column-sized gap between them. */
export interface Line {
  text: string;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  baseline: number;
  /** Font size carrying most characters, so a superscript does not make a line look larger. */
  size: number;
  /** Every letter is bold or italic: the signal for headings set at body size. */
  emphasized: boolean;
  rtl: boolean;
  /** Set when the line is a table row; `text` then holds the cells joined by " | ". */
  cells?: Cell[];
}
