/**
 * Headings of legacy Word documents. word-extractor gives the text but not paragraph styles,
 * so they are read here from the binary: the style sheet (STSH) says which styles are headings
 * (built-in style ids 1-9, whatever the localised style name, or a "heading N" name), the
 * paragraph property pages (PAPX FKPs) give each paragraph's style and outline level, and the
 * piece table gives where each paragraph's text is and how it is encoded. Any inconsistency
 * yields no headings rather than an error: the text is still good without them.
 */
import iconv from 'iconv-lite';

export interface DocHeading {
  level: number;
  text: string;
}

/** FIB offsets (FibRgFcLcb97) of the parts read here. */
const FIB = { stshf: 0xa2, plcfBtePapx: 0x102, clx: 0x1a2 } as const;
const FKP_SIZE = 512;
/** sprmPOutLvl: a paragraph's own outline level (0-8; 9 is body text). */
const SPRM_OUTLINE_LEVEL = 0x2640;
const STI_TITLE = 62;
const MAX_HEADINGS = 10_000;

function slice(buffer: Buffer, fibOffset: number, word: Buffer): Buffer {
  const fc = word.readUInt32LE(fibOffset);
  const lcb = word.readUInt32LE(fibOffset + 4);
  return lcb > 0 && fc + lcb <= buffer.length ? buffer.subarray(fc, fc + lcb) : Buffer.alloc(0);
}

/** Heading level of each style index (istd) that is a heading style. */
function headingStyles(stsh: Buffer): Map<number, number> {
  const levels = new Map<number, number>();
  if (stsh.length < 6) return levels;
  const cbStshi = stsh.readUInt16LE(0);
  const count = stsh.readUInt16LE(2);
  const baseSize = stsh.readUInt16LE(4);
  let at = 2 + cbStshi;
  for (let istd = 0; istd < count && at + 2 <= stsh.length; istd += 1) {
    const size = stsh.readUInt16LE(at);
    const std = stsh.subarray(at + 2, at + 2 + size);
    at += 2 + size;
    if (std.length < 2) continue;
    const sti = std.readUInt16LE(0) & 0x0fff;
    const nameLength = std.length >= baseSize + 2 ? std.readUInt16LE(baseSize) : 0;
    const name = std.subarray(baseSize + 2, baseSize + 2 + nameLength * 2).toString('utf16le');
    const named = /^heading\s*([1-9])$/i.exec(name);
    if (sti >= 1 && sti <= 9) levels.set(istd, sti);
    else if (named) levels.set(istd, Number(named[1]));
    else if (sti === STI_TITLE) levels.set(istd, 1);
    else {
      // Styles saved with localised names ("Überschrift 2", "Επικεφαλίδα 2") lose their
      // built-in id, but keep the outline level in their paragraph properties (the first UPX).
      let upx = baseSize + 2 + nameLength * 2 + 2;
      upx += upx % 2;
      const papx = upx + 2 <= std.length ? std.subarray(upx + 2, upx + 2 + std.readUInt16LE(upx)) : null;
      const level = papx && papx.length > 2 ? outlineLevel(papx.subarray(2)) : null;
      if (level) levels.set(istd, level);
    }
  }
  return levels;
}

/** The outline level a paragraph's own properties set (sprmPOutLvl), if any. */
function outlineLevel(grpprl: Buffer): number | null {
  for (let at = 0; at + 2 < grpprl.length;) {
    const sprm = grpprl.readUInt16LE(at);
    const spra = sprm >> 13;
    const operand = at + 2;
    if (sprm === SPRM_OUTLINE_LEVEL) return grpprl[operand]! < 9 ? grpprl[operand]! + 1 : null;
    const size = [1, 1, 2, 4, 2, 2, -1, 3][spra]!;
    at = operand + (size >= 0 ? size : 1 + (grpprl[operand] ?? 0));
  }
  return null;
}

interface Piece {
  start: number;
  end: number;
  compressed: boolean;
}

/** Byte ranges of the text pieces in the WordDocument stream, from the CLX's piece table. */
function pieces(clx: Buffer): Piece[] {
  let at = 0;
  while (at < clx.length && clx[at] === 0x01) at += 3 + clx.readUInt16LE(at + 1);
  if (clx[at] !== 0x02 || at + 5 > clx.length) return [];
  const plc = clx.subarray(at + 5, at + 5 + clx.readUInt32LE(at + 1));
  const count = Math.floor((plc.length - 4) / 12);
  const out: Piece[] = [];
  for (let i = 0; i < count; i += 1) {
    const cpLength = plc.readUInt32LE((i + 1) * 4) - plc.readUInt32LE(i * 4);
    const fc = plc.readUInt32LE((count + 1) * 4 + i * 8 + 2);
    const compressed = (fc & 0x40000000) !== 0;
    const start = compressed ? (fc & 0x3fffffff) / 2 : fc;
    out.push({ start, end: start + cpLength * (compressed ? 1 : 2), compressed });
  }
  return out;
}

function paragraphText(word: Buffer, from: number, to: number, table: Piece[]): string {
  const piece = table.find((p) => from >= p.start && from < p.end);
  if (!piece) return '';
  const bytes = word.subarray(from, Math.min(to, piece.end));
  const text = piece.compressed ? iconv.decode(bytes, 'cp1252') : bytes.toString('utf16le');
  return text
    .replace(/[\u0000-\u001f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The document's headings in order; empty when there are none or they cannot be read. */
export function docHeadings(word: Buffer, table: Buffer): DocHeading[] {
  try {
    const styles = headingStyles(slice(table, FIB.stshf, word));
    const textPieces = pieces(slice(table, FIB.clx, word));
    const plc = slice(table, FIB.plcfBtePapx, word);
    const pageCount = Math.floor((plc.length - 4) / 8);
    const headings: DocHeading[] = [];
    for (let i = 0; i < pageCount && headings.length < MAX_HEADINGS; i += 1) {
      const page = (plc.readUInt32LE((pageCount + 1) * 4 + i * 4) & 0x3fffff) * FKP_SIZE;
      const fkp = word.subarray(page, page + FKP_SIZE);
      if (fkp.length < FKP_SIZE) continue;
      const runs = fkp[FKP_SIZE - 1]!;
      for (let run = 0; run < runs; run += 1) {
        const offset = fkp[4 * (runs + 1) + run * 13]! * 2;
        if (offset === 0) continue;
        let start = offset + 1;
        let size = fkp[offset]! * 2 - 1;
        if (fkp[offset] === 0) {
          size = fkp[offset + 1]! * 2;
          start = offset + 2;
        }
        if (size < 2 || start + size > FKP_SIZE) continue;
        const istd = fkp.readUInt16LE(start);
        const level = styles.get(istd) ?? outlineLevel(fkp.subarray(start + 2, start + size));
        if (!level) continue;
        const text = paragraphText(word, fkp.readUInt32LE(run * 4), fkp.readUInt32LE(run * 4 + 4), textPieces);
        if (text) headings.push({ level: Math.min(level, 6), text });
      }
    }
    return headings;
  } catch {
    return [];
  }
}
