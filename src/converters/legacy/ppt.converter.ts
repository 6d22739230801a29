/**
 * Legacy PowerPoint (PPT, 97-2003 binary), text only. The "PowerPoint Document" stream is a
 * tree of records. The current user edit and its persist directory map persist ids to record
 * offsets; the document's SlideListWithText gives the slides in order, and each slide's
 * drawing holds its shapes' text (or a reference into the slide list's text), in shape order.
 * Speaker notes come from the Notes record each slide points to.
 */
import type { ConversionResult, Converter, ConvertInput } from '../core/types.js';
import { pptDeclaration } from './ppt.declaration.js';
import { corruptDocument, encryptedDocument } from '../../errors.js';
import { joinBlocks } from '../core/markdown-blocks.js';
import { openOle, oleStream, oleSummary } from './ole.js';
import { sectionedResult, type Section } from '../core/result.js';

const RT = {
  document: 0x03e8,
  slide: 0x03ee,
  slideAtom: 0x03ef,
  notes: 0x03f0,
  slidePersist: 0x03f3,
  slideListWithText: 0x0ff0,
  userEdit: 0x0ff5,
  persistDirectory: 0x1772,
  textHeader: 0x0f9f,
  textChars: 0x0fa0,
  textBytes: 0x0fa8,
  outlineTextRef: 0x0f9e,
  clientData: 0xf011,
  placeholder: 0x0bc3,
} as const;
/**
 * Placeholder kinds (PlaceholderAtom.placementId) to text types, for shapes whose text box has
 * no TextHeaderAtom of its own: titles (master, slide, centred, vertical) and bodies.
 */
const PLACEHOLDER_TYPES: Readonly<{ [placement: number]: number }> = {
  0x01: 0,
  0x03: 6,
  0x0d: 0,
  0x0f: 6,
  0x11: 0,
  0x02: 1,
  0x04: 5,
  0x0e: 1,
  0x10: 5,
  0x12: 1,
};
const ENCRYPTED_TOKEN = 0xf3d1c4df;
/** Text types of TextHeaderAtom: title, center title; body, center body, half/quarter body. */
const TITLE_TYPES = new Set([0, 6]);
const BODY_TYPES = new Set([1, 5, 7, 8]);
const MAX_RECORDS = 1_000_000;

interface Record {
  type: number;
  instance: number;
  /** Offset of the record's data (after its 8-byte header). */
  start: number;
  end: number;
}

interface Text {
  type: number;
  text: string;
}

class PptStream {
  private count = 0;
  constructor(readonly data: Buffer) {}

  header(offset: number): Record | null {
    if (offset < 0 || offset + 8 > this.data.length) return null;
    if (++this.count > MAX_RECORDS) throw corruptDocument('The presentation has too many records');
    const verInstance = this.data.readUInt16LE(offset);
    const length = this.data.readUInt32LE(offset + 4);
    const end = Math.min(offset + 8 + length, this.data.length);
    return { type: this.data.readUInt16LE(offset + 2), instance: verInstance >> 4, start: offset + 8, end };
  }

  /** Children of a container record. */
  children(record: Record): Record[] {
    const out: Record[] = [];
    for (let offset = record.start; offset + 8 <= record.end;) {
      const child = this.header(offset);
      if (!child || child.end <= offset) break;
      out.push(child);
      offset = child.end;
    }
    return out;
  }

  isContainer(record: Record): boolean {
    return (this.data.readUInt16LE(record.start - 8) & 0x0f) === 0x0f;
  }

  text(record: Record): string {
    const bytes = this.data.subarray(record.start, record.end);
    return (record.type === RT.textChars ? bytes.toString('utf16le') : bytes.toString('latin1')).replace(/\u000b/g, '\n');
  }

  /** Text atoms of a record's subtree in order, typed by the TextHeaderAtom before them. */
  texts(record: Record, slideTexts: Text[], out: Text[] = [], depth = 0, inherited = 4): Text[] {
    const children = this.children(record);
    let type = this.placeholderType(children) ?? inherited;
    for (const child of children) {
      if (child.type === RT.textHeader && child.end - child.start >= 4) type = this.data.readUInt32LE(child.start);
      else if (child.type === RT.textChars || child.type === RT.textBytes) out.push({ type, text: this.text(child) });
      else if (child.type === RT.outlineTextRef && child.end - child.start >= 4) {
        const ref = slideTexts[this.data.readUInt32LE(child.start)];
        if (ref) out.push(ref);
      } else if (depth < 64 && this.isContainer(child)) this.texts(child, slideTexts, out, depth + 1, type);
    }
    return out;
  }

  /** The text type implied by a shape's placeholder, from its client data. */
  private placeholderType(children: Record[]): number | undefined {
    const clientData = children.find((child) => child.type === RT.clientData);
    const atom = clientData ? this.children(clientData).find((r) => r.type === RT.placeholder) : undefined;
    return atom && atom.end - atom.start >= 5 ? PLACEHOLDER_TYPES[this.data[atom.start + 4]!] : undefined;
  }
}

/** Persist id → stream offset, newest edit first so later saves win. */
function persistDirectory(stream: PptStream, currentEdit: number): Map<number, number> {
  const map = new Map<number, number>();
  const seen = new Set<number>();
  let offset = currentEdit;
  while (offset > 0 && !seen.has(offset) && seen.size < 10_000) {
    seen.add(offset);
    const edit = stream.header(offset);
    if (!edit || edit.type !== RT.userEdit || edit.end - edit.start < 20) break;
    const directory = stream.header(stream.data.readUInt32LE(edit.start + 12));
    if (directory?.type === RT.persistDirectory) {
      for (let at = directory.start; at + 4 <= directory.end;) {
        const entry = stream.data.readUInt32LE(at);
        const first = entry & 0xfffff;
        const count = entry >>> 20;
        at += 4;
        for (let i = 0; i < count && at + 4 <= directory.end; i += 1, at += 4) {
          if (!map.has(first + i)) map.set(first + i, stream.data.readUInt32LE(at));
        }
      }
    }
    if (!map.has(-1)) map.set(-1, stream.data.readUInt32LE(edit.start + 16)); // docPersistIdRef
    offset = stream.data.readUInt32LE(edit.start + 8);
  }
  return map;
}

function slideMarkdown(texts: Text[], notes: Text[], number: number): Section {
  const title = texts.find((text) => TITLE_TYPES.has(text.type) && text.text.trim());
  const blocks: string[] = [`## ${title ? title.text.replace(/\s+/g, ' ').trim() : `Slide ${number}`}`];
  for (const text of texts) {
    if (text === title) continue;
    const paragraphs = text.text
      .split('\r')
      .map((p) => p.replace(/[ \t]+/g, ' ').trim())
      .filter(Boolean);
    blocks.push(...paragraphs.map((p) => (BODY_TYPES.has(text.type) ? `- ${p.replace(/\n/g, ' ')}` : p)));
  }
  const noteText = notes
    .flatMap((note) => note.text.split('\r'))
    .map((p) => p.trim())
    .filter(Boolean);
  if (noteText.length > 0) blocks.push(`> **Notes:** ${noteText.join('\n>\n> ')}`);
  return { markdown: joinBlocks(blocks) };
}

async function convertPpt(input: ConvertInput): Promise<ConversionResult> {
  const container = openOle(input.bytes, 'presentation');
  const data = oleStream(container, 'PowerPoint Document');
  const user = oleStream(container, 'Current User');
  if (!data || !user || user.length < 20) throw corruptDocument('The file has no PowerPoint Document stream');
  if (user.readUInt32LE(12) === ENCRYPTED_TOKEN) throw encryptedDocument();
  const stream = new PptStream(data);
  const persist = persistDirectory(stream, user.readUInt32LE(16));
  const document = stream.header(persist.get(persist.get(-1) ?? -2) ?? -1);
  if (!document || document.type !== RT.document) throw corruptDocument('The presentation has no document record');
  const lists = stream.children(document).filter((r) => r.type === RT.slideListWithText);
  const slides = lists.find((list) => list.instance === 0);
  const sections: Section[] = [];
  let slideTexts: Text[] = [];
  let persistId: number | null = null;
  const finish = () => {
    if (persistId === null) return;
    const slide = stream.header(persist.get(persistId) ?? -1);
    const fromDrawing = slide?.type === RT.slide ? stream.texts(slide, slideTexts) : [];
    const texts = fromDrawing.length > 0 ? fromDrawing : slideTexts;
    const atom = slide?.type === RT.slide ? stream.children(slide).find((r) => r.type === RT.slideAtom) : undefined;
    const notesRef = atom && atom.end - atom.start >= 24 ? data.readUInt32LE(atom.start + 16) : 0;
    const notes = notesRef ? stream.header(persist.get(notesRef) ?? -1) : null;
    const noteTexts = notes?.type === RT.notes ? stream.texts(notes, []).filter((t) => t.type === 2) : [];
    sections.push(slideMarkdown(texts, noteTexts, sections.length + 1));
  };
  for (const record of slides ? stream.children(slides) : []) {
    input.signal?.throwIfAborted();
    if (record.type === RT.slidePersist) {
      finish();
      persistId = data.readUInt32LE(record.start);
      slideTexts = [];
    } else if (record.type === RT.textHeader) {
      slideTexts.push({ type: data.readUInt32LE(record.start), text: '' });
    } else if (record.type === RT.textChars || record.type === RT.textBytes) {
      const last = slideTexts[slideTexts.length - 1];
      if (last && !last.text) last.text = stream.text(record);
      else slideTexts.push({ type: 4, text: stream.text(record) });
    }
  }
  finish();
  const metadata = oleSummary(container);
  return sectionedResult(sections, { title: metadata.title, metadata });
}

export const pptConverter: Converter = { ...pptDeclaration, convert: convertPpt };
