/**
 * Text boxes that mammoth would miss. mammoth reads a text box from VML (`w:pict`), and of an
 * `mc:AlternateContent` only the Fallback, which is where Word puts the VML copy; DrawingML text
 * boxes (`w:drawing` … `wps:txbx`) it reads as pictures only. Producers that write DrawingML
 * alone, bare or as a Choice without a Fallback, lost their text boxes. Before conversion:
 * a Choice without a Fallback becomes the Fallback, and a drawing holding text boxes becomes a
 * `w:pict` of their contents, so each text box is read once, wherever it was written.
 */
import type JSZip from 'jszip';

const DOCUMENT_PART = 'word/document.xml';
const MC_TAG = /<(\/?)mc:(AlternateContent|Choice|Fallback)\b[^>]*?(\/?)>/g;

interface Frame {
  hasFallback: boolean;
  choice?: { start: number; end: number; closeStart?: number; closeEnd?: number };
}

/** Renames the first Choice of every AlternateContent that has no Fallback to a Fallback. */
function promoteLoneChoices(xml: string): string {
  const stack: Frame[] = [];
  const edits: Array<[number, number, string]> = [];
  for (const match of xml.matchAll(MC_TAG)) {
    const [tag, closing, name, selfClosing] = match;
    const start = match.index;
    const top = stack[stack.length - 1];
    if (name === 'AlternateContent') {
      if (!closing) stack.push({ hasFallback: false });
      else {
        const frame = stack.pop();
        const choice = frame?.choice;
        if (frame && !frame.hasFallback && choice?.closeStart !== undefined) {
          edits.push([choice.start, choice.end, '<mc:Fallback>'], [choice.closeStart, choice.closeEnd!, '</mc:Fallback>']);
        }
      }
    } else if (top && name === 'Fallback') top.hasFallback = true;
    else if (top && name === 'Choice' && !selfClosing) {
      if (!closing && !top.choice) top.choice = { start, end: start + tag.length };
      else if (closing && top.choice && top.choice.closeStart === undefined) {
        top.choice.closeStart = start;
        top.choice.closeEnd = start + tag.length;
      }
    }
  }
  edits.sort((a, b) => b[0] - a[0]);
  let out = xml;
  for (const [start, end, text] of edits) out = out.slice(0, start) + text + out.slice(end);
  return out;
}

/** Every drawing holding text boxes (and no nested drawing) as a `w:pict` of their contents. */
function drawingsAsPicts(xml: string): string {
  return xml.replace(/<w:drawing>([\s\S]*?)<\/w:drawing>/g, (drawing, inner: string) => {
    if (!inner.includes('<w:txbxContent') || inner.includes('<w:drawing>')) return drawing;
    const boxes = inner.match(/<w:txbxContent\b[^>]*>[\s\S]*?<\/w:txbxContent>/g);
    return boxes ? `<w:pict>${boxes.join('')}</w:pict>` : drawing;
  });
}

/** Rewrites the main part in place when it has DrawingML text boxes; true if it did. */
export async function exposeTextBoxes(zip: JSZip): Promise<boolean> {
  const part = zip.file(DOCUMENT_PART);
  if (!part) return false;
  const xml = await part.async('string');
  if (!xml.includes('<w:txbxContent')) return false;
  const rewritten = drawingsAsPicts(promoteLoneChoices(xml));
  if (rewritten === xml) return false;
  zip.file(DOCUMENT_PART, rewritten);
  return true;
}
