/**
 * Emphasis (bold or italic) from a PDF font. PDFium reports each text object's font name,
 * descriptor flags and weight; headings set at body size are told apart by emphasis alone, so
 * every signal counts, and the PostScript name is the one most producers get right.
 */

/**
 * Weight words in PostScript names, TeX's bold extended faces (CMBX, SFBX) and "Bd"/"Md"
 * suffixes. Medium counts: where a family has it, headings use it to stand out from body text.
 */
const BOLD_FONT = /bold|black|heavy|demi|semibd|medium|cmbx|sfbx|ecbx/i;
const BOLD_SUFFIX = /(?:Bd|Md|-BD)(?:It|Ob|Cn)?$/;

const ITALIC_FONT = /italic|oblique|kursiv|cmti|sfti|ecti|cmsl/i;
const ITALIC_SUFFIX = /(?:It|Ob|-I|-BI)$/;

/** Font descriptor flags (PDF 32000-1, 9.8.2): italic, and bold forced on a regular outline. */
const FLAG_ITALIC = 1 << 6;
const FLAG_FORCE_BOLD = 1 << 18;
/**
 * PDFium's weight of a font: /FontWeight where it reads one, else derived from the descriptor's
 * /StemV (stem width × 5 for thin stems), which gives 250-500 for regular faces and 700 and more
 * for bold ones (Helvetica 440, Helvetica-Bold 700, MyriadPro-Bold 748), so only a clearly bold
 * value counts.
 */
const BOLD_WEIGHT = 700;

/** Whether a font's PostScript name says bold (or medium) or italic: emphasis. */
export function isEmphasisFontName(name: string): boolean {
  const bare = name.replace(/^[A-Z]{6}\+/, '');
  return BOLD_FONT.test(bare) || BOLD_SUFFIX.test(bare) || ITALIC_FONT.test(bare) || ITALIC_SUFFIX.test(bare);
}

/** Emphasis from everything PDFium knows about a font: its name, descriptor flags and weight. */
export function isEmphasisFont(name: string, flags: number, weight: number): boolean {
  return isEmphasisFontName(name) || (flags & (FLAG_ITALIC | FLAG_FORCE_BOLD)) !== 0 || weight >= BOLD_WEIGHT;
}
