/**
 * PowerPoint presentations (PPTX). Slides are read in presentation order from the slide list;
 * each becomes a section headed by its title placeholder (or "Slide N"), then every
 * text-bearing element in shape order (text boxes, pictures as `![alt text](file)`, tables,
 * charts, SmartArt, and the same inside groups and alternate content), the slide's comments,
 * and its speaker notes. Bullets and
 * numbering come from the paragraphs' own properties and the placeholder kind, since body
 * placeholders are bulleted by the slide master.
 */
import path from 'node:path';
import type JSZip from 'jszip';
import type { ConversionResult, Converter, ConvertInput } from '../core/types.js';
import { pptxDeclaration } from './pptx.declaration.js';
import type { DomElement } from '../core/dom.js';
import { pictureMarkdown } from '../core/picture-markdown.js';
import { readCoreProperties } from './ooxml-properties.js';
import { chartMarkdown } from './ooxml-chart.js';
import { joinBlocks } from '../core/markdown-blocks.js';
import { markdownTable } from '../core/markdown-table.js';
import { sectionedResult, type Section } from '../core/result.js';
import { attr, descendants, kid, kids, openPackage, readRelationships, readXmlPart, type Relationship } from '../core/zip-xml.js';

const TITLE_PLACEHOLDERS = new Set(['title', 'ctrTitle']);
/** Placeholders whose paragraphs the master bullets unless a paragraph says otherwise. */
const BULLETED_PLACEHOLDERS = new Set(['body', 'obj', '']);

/** A paragraph's text: runs, fields and line breaks. */
function paragraphText(paragraph: DomElement): string {
  return kids(paragraph, 'r', 'fld', 'br')
    .map((run) => (run.tagName.endsWith('br') ? '\n' : (kid(run, 't')?.textContent ?? '')))
    .join('')
    .replace(/[ \t\u00a0]+/g, ' ')
    .trim();
}

/** A text body as Markdown paragraphs and list items. */
function textBody(body: DomElement | null, bulleted: boolean): string[] {
  if (!body) return [];
  const lines: string[] = [];
  const counters: number[] = [];
  for (const paragraph of kids(body, 'p')) {
    const text = paragraphText(paragraph);
    if (!text) continue;
    const props = kid(paragraph, 'pPr');
    const level = Number(props?.getAttribute('lvl') ?? 0) || 0;
    const indent = '  '.repeat(Math.min(level, 8));
    if (kid(props, 'buAutoNum')) {
      counters.length = level + 1;
      counters[level] = (counters[level] ?? 0) + 1;
      lines.push(`${indent}${counters[level]}. ${text}`);
    } else if (kid(props, 'buChar') || (bulleted && !kid(props, 'buNone'))) {
      lines.push(`${indent}- ${text}`);
    } else {
      counters.length = 0;
      lines.push(text.replace(/\n/g, '  \n'));
    }
  }
  return lines;
}

function tableMarkdown(table: DomElement): string {
  const rows: string[][] = [];
  for (const row of kids(table, 'tr')) {
    const above = rows[rows.length - 1] ?? [];
    const cells: string[] = [];
    for (const cell of kids(row, 'tc')) {
      const text = textBody(kid(cell, 'txBody'), false).join(' ');
      // Merged continuation cells repeat the merged text, as the slide shows it across them.
      if (!text && attr(cell, 'hMerge') === '1') cells.push(cells[cells.length - 1] ?? '');
      else if (!text && attr(cell, 'vMerge') === '1') cells.push(above[cells.length] ?? '');
      else cells.push(text);
    }
    rows.push(cells);
  }
  return markdownTable(rows);
}

/** A picture as the shared Markdown image form: its description (or title) and the file it shows. */
function pictureBlock(picture: DomElement, rels: Map<string, Relationship>): string {
  const props = descendants(kid(picture, 'nvPicPr') ?? picture, 'cNvPr')[0];
  const blip = descendants(picture, 'blip')[0];
  const rel = rels.get(attr(blip, 'embed') ?? attr(blip, 'link') ?? '');
  return pictureMarkdown(attr(props, 'descr') || attr(props, 'title'), rel ? path.posix.basename(rel.target) : '');
}

/** The text of a SmartArt diagram, from its data part: one list item per node with text. */
async function diagramMarkdown(zip: JSZip, frame: DomElement, rels: Map<string, Relationship>): Promise<string> {
  const ids = descendants(frame, 'relIds')[0];
  const rel = rels.get(attr(ids, 'dm') ?? '');
  const data = rel && !rel.external ? await readXmlPart(zip, rel.target) : null;
  if (!data) return '';
  const items = descendants(data.documentElement, 'pt').flatMap((point) => textBody(kid(point, 't'), false));
  return items.map((item) => `- ${item.replace(/\n/g, ' ')}`).join('\n');
}

interface SlideParts {
  title: string | null;
  blocks: string[];
}

async function readShapes(zip: JSZip, tree: DomElement, rels: Map<string, Relationship>, out: SlideParts): Promise<void> {
  for (const shape of kids(tree)) {
    const name = shape.tagName.slice(shape.tagName.indexOf(':') + 1);
    if (name === 'grpSp') await readShapes(zip, shape, rels, out);
    if (name === 'AlternateContent') {
      // The chosen content, or the fallback copy only when the choice gave nothing.
      const before = out.blocks.length + (out.title ? 1 : 0);
      const choice = kid(shape, 'Choice');
      if (choice) await readShapes(zip, choice, rels, out);
      const fallback = kid(shape, 'Fallback');
      if (fallback && out.blocks.length + (out.title ? 1 : 0) === before) await readShapes(zip, fallback, rels, out);
    }
    if (name === 'pic') out.blocks.push(pictureBlock(shape, rels));
    if (name === 'sp') {
      const placeholder = descendants(kid(shape, 'nvSpPr') ?? shape, 'ph')[0];
      const type = placeholder ? (placeholder.getAttribute('type') ?? '') : null;
      const lines = textBody(kid(shape, 'txBody'), type !== null && BULLETED_PLACEHOLDERS.has(type));
      if (type !== null && TITLE_PLACEHOLDERS.has(type) && !out.title && lines.length > 0) {
        out.title = lines.join(' ').replace(/\s+/g, ' ');
      } else if (lines.length > 0) {
        out.blocks.push(joinBlocks(lines));
      }
    }
    if (name === 'graphicFrame') {
      const table = descendants(shape, 'tbl')[0];
      if (table) out.blocks.push(tableMarkdown(table));
      const chart = descendants(shape, 'chart')[0];
      const rel = chart ? rels.get(attr(chart, 'id') ?? '') : undefined;
      if (rel && !rel.external) out.blocks.push(await chartMarkdown(zip, rel.target));
      if (descendants(shape, 'relIds').length > 0) out.blocks.push(await diagramMarkdown(zip, shape, rels));
    }
  }
}

/** Comment authors by id, from the legacy and the modern (threaded) author lists. */
async function readAuthors(zip: JSZip): Promise<Map<string, string>> {
  const authors = new Map<string, string>();
  for (const part of ['ppt/commentAuthors.xml', 'ppt/authors.xml']) {
    const document = await readXmlPart(zip, part);
    if (!document) continue;
    for (const author of kids(document.documentElement)) {
      const id = author.getAttribute('id');
      const name = author.getAttribute('name');
      const initials = author.getAttribute('initials');
      if (id && name) authors.set(id, initials ? `${name} (${initials})` : name);
    }
  }
  return authors;
}

async function readComments(zip: JSZip, part: string, authors: Map<string, string>): Promise<string[]> {
  const document = await readXmlPart(zip, part);
  if (!document) return [];
  return descendants(document.documentElement, 'cm').flatMap((comment) => {
    const text = (
      kid(comment, 'text')?.textContent ??
      descendants(comment, 't')
        .map((t) => t.textContent)
        .join(' ')
    ).trim();
    const author = authors.get(comment.getAttribute('authorId') ?? '');
    const time = comment.getAttribute('dt') ?? comment.getAttribute('created');
    const label = [author && `author: ${author}`, time && `time: ${time}`].filter(Boolean).join(', ');
    return text ? [label ? `[${label}]: ${text}` : text] : [];
  });
}

async function readNotes(zip: JSZip, part: string): Promise<string[]> {
  const document = await readXmlPart(zip, part);
  if (!document) return [];
  return descendants(document.documentElement, 'sp')
    .filter((shape) => descendants(shape, 'ph')[0]?.getAttribute('type') === 'body')
    .flatMap((shape) => textBody(kid(shape, 'txBody'), false));
}

async function readSlide(zip: JSZip, part: string, number: number, authors: Map<string, string>): Promise<Section> {
  const document = await readXmlPart(zip, part);
  const rels = await readRelationships(zip, part);
  const slide: SlideParts = { title: null, blocks: [] };
  const tree = document ? descendants(document.documentElement, 'spTree')[0] : undefined;
  if (tree) await readShapes(zip, tree, rels, slide);
  for (const rel of rels.values()) {
    if (rel.external) continue;
    if (/\/comments$|\/modernComment$|relationships\/comments/i.test(rel.type)) {
      slide.blocks.push(...(await readComments(zip, rel.target, authors)));
    }
    if (rel.type.endsWith('/notesSlide')) {
      const notes = await readNotes(zip, rel.target);
      if (notes.length > 0)
        slide.blocks.push(
          notes
            .map((line) => `> ${line}`)
            .join('\n>\n')
            .replace(/^> /, '> **Notes:** '),
        );
    }
  }
  const heading = `## ${slide.title ?? `Slide ${number}`}`;
  return { markdown: [heading, ...slide.blocks.filter(Boolean)].join('\n\n') };
}

/** Slide part names in presentation order. */
async function slideParts(zip: JSZip): Promise<string[]> {
  const presentation = await readXmlPart(zip, 'ppt/presentation.xml');
  const rels = await readRelationships(zip, 'ppt/presentation.xml');
  const list = presentation ? descendants(presentation.documentElement, 'sldId') : [];
  return list.flatMap((entry) => {
    const rel = rels.get(attr(entry, 'id') ?? '');
    return rel && !rel.external ? [rel.target] : [];
  });
}

async function convertPptx(input: ConvertInput): Promise<ConversionResult> {
  const zip = await openPackage(input, 'The presentation');
  const parts = await slideParts(zip);
  const authors = await readAuthors(zip);
  const sections: Section[] = [];
  for (const [index, part] of parts.entries()) {
    input.signal?.throwIfAborted();
    sections.push(await readSlide(zip, part, index + 1, authors));
    input.onProgress?.({ page: index + 1, pageCount: parts.length });
  }
  const metadata = await readCoreProperties(zip);
  return sectionedResult(sections, { title: metadata.title, metadata });
}

export const pptxConverter: Converter = { ...pptxDeclaration, convert: convertPptx };
