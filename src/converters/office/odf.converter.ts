/**
 * OpenDocument text and presentations (ODT, ODP). Both keep their content in content.xml with
 * the same text vocabulary (text:h with an outline level, text:p, nested text:list, table:table,
 * frames with text boxes), so one walker serves both: a text document is one flow, a
 * presentation is one section per draw:page with its speaker notes. Spreadsheets (ODS) go
 * through the spreadsheet converter, which reads cells, formats and merges.
 */
import type JSZip from 'jszip';
import type { ConversionResult, Converter, ConvertInput } from '../core/types.js';
import { odfDeclaration } from './odf.declaration.js';
import type { DomElement } from '../core/dom.js';
import { corruptDocument, encryptedDocument } from '../../errors.js';
import { markdownTable } from '../core/markdown-table.js';
import { readOdfMetadata } from './odf-meta.js';
import { sectionedResult, unpagedResult, type Section } from '../core/result.js';
import { ELEMENT_NODE, TEXT_NODE } from '../core/dom.js';
import { attr, descendants, kid, kids, localName, openPackage, readPart, readXmlPart } from '../core/zip-xml.js';

/**
 * What the styles say: which levels of each list style are numbered (text:level → kind), and
 * each paragraph style's parent, so automatic styles ("P3") resolve to named ones ("Title").
 */
async function readStyles(zip: JSZip): Promise<Pick<Walk, 'numbered' | 'parents'>> {
  const numbered = new Map<string, Set<number>>();
  const parents = new Map<string, string>();
  for (const part of ['styles.xml', 'content.xml']) {
    const document = await readXmlPart(zip, part);
    if (!document) continue;
    for (const style of descendants(document.documentElement, 'list-style')) {
      const name = attr(style, 'name');
      if (!name) continue;
      const levels = new Set<number>();
      for (const level of kids(style, 'list-level-style-number')) levels.add(Number(attr(level, 'level') ?? 1));
      numbered.set(name, levels);
    }
    for (const style of descendants(document.documentElement, 'style')) {
      const name = attr(style, 'name');
      const parent = attr(style, 'parent-style-name');
      if (name && parent) parents.set(name, parent);
    }
  }
  return { numbered, parents };
}

/**
 * The heading prefix a paragraph's style implies: Writer's Title and Subtitle styles are the
 * document's top headings. Automatic styles ("P3") are followed up to the named style.
 */
function styleHeading(name: string, walk: Walk): string {
  let current: string | undefined = name;
  for (let i = 0; i < 8 && current; i += 1) {
    if (current === 'Title') return '# ';
    if (current === 'Subtitle') return '## ';
    current = walk.parents.get(current);
  }
  return '';
}

interface Walk {
  /** List style name → the levels (1-based) that are numbered. */
  numbered: Map<string, Set<number>>;
  parents: Map<string, string>;
  notes: string[];
  /** Markdown of embedded objects (charts, formulas, sub-documents) by their href. */
  objects: Map<string, string>;
}

/** Embedded objects are separate documents; they are read up front so the walk stays sync. */
async function readObjects(zip: JSZip, body: DomElement, walk: Walk): Promise<void> {
  for (const object of descendants(body, 'object')) {
    const href = (attr(object, 'href') ?? '').replace(/^\.\//, '').replace(/\/$/, '');
    if (!href || walk.objects.has(href) || /^[a-z]+:/i.test(href)) continue;
    const content = await readXmlPart(zip, `${href}/content.xml`);
    const objectBody = content ? descendants(content.documentElement, 'body')[0] : undefined;
    walk.objects.set(href, objectBody ? blocks(objectBody, walk).join('\n\n') : '');
  }
}

/** Stand-in for an image, with its title or description, as the HTML path writes it. */
function imagePlaceholder(frame: DomElement): string {
  const alt = (kid(frame, 'title') ?? kid(frame, 'desc'))?.textContent?.replace(/\s+/g, ' ').trim();
  return alt ? `[Image: ${alt.replace(/[[\]]/g, '')}]` : '[Image]';
}

/** Inline content of a paragraph or heading; frames inside it are returned as extra blocks. */
function inline(element: DomElement, walk: Walk, extra: string[]): string {
  let text = '';
  for (const node of Array.from(element.childNodes)) {
    if (node.nodeType === TEXT_NODE) text += node.textContent ?? '';
    if (node.nodeType !== ELEMENT_NODE) continue;
    const child = node as DomElement;
    switch (localName(child)) {
      case 's':
        text += ' '.repeat(Math.min(Number(attr(child, 'c') ?? 1) || 1, 100));
        break;
      case 'tab':
        text += ' ';
        break;
      case 'line-break':
        text += '  \n';
        break;
      case 'note': {
        const body = kid(child, 'note-body');
        const citation = kid(child, 'note-citation')?.textContent?.trim() || String(walk.notes.length + 1);
        if (body) walk.notes.push(`[^${citation}]: ${blocks(body, walk).join(' ')}`);
        text += `[^${citation}]`;
        break;
      }
      case 'frame':
        extra.push(...frame(child, walk));
        break;
      case 'annotation':
      case 'bookmark-ref':
      case 'soft-page-break':
        break;
      default:
        text += inline(child, walk, extra);
    }
  }
  return text;
}

/** A frame holds one of: a text box, an image, an embedded object (chart, formula). */
function frame(element: DomElement, walk: Walk): string[] {
  const object = kid(element, 'object');
  if (object) {
    const href = (attr(object, 'href') ?? '').replace(/^\.\//, '').replace(/\/$/, '');
    return [walk.objects.get(href) ?? ''].filter(Boolean);
  }
  const content = blocks(element, walk);
  return content.length > 0 || !kid(element, 'image') ? content : [imagePlaceholder(element)];
}

function paragraph(element: DomElement, walk: Walk, prefix = ''): string[] {
  const extra: string[] = [];
  const text = inline(element, walk, extra)
    .replace(/[ \t]+/g, ' ')
    .trim();
  return [...(text ? [prefix + text] : []), ...extra];
}

function list(element: DomElement, walk: Walk, depth: number, inherited: string | null): string[] {
  // Nested lists without a style of their own use the outer list's style, at the next level.
  const style = attr(element, 'style-name') ?? inherited;
  const isNumbered = style ? (walk.numbered.get(style)?.has(depth + 1) ?? false) : false;
  const indent = '    '.repeat(depth);
  const lines: string[] = [];
  let counter = 0;
  for (const item of kids(element, 'list-item', 'list-header')) {
    counter += 1;
    let first = true;
    for (const child of kids(item)) {
      if (localName(child) === 'list') {
        lines.push(...list(child, walk, depth + 1, style));
        continue;
      }
      const marker = first ? (isNumbered ? `${counter}. ` : '- ') : isNumbered ? '   ' : '  ';
      for (const block of blocks({ childNodes: [child] } as unknown as DomElement, walk)) {
        lines.push(indent + marker + block.replace(/\n/g, ' '));
        first = false;
      }
    }
  }
  return lines;
}

/**
 * A table grid with merged areas filled: the origin cell's text is repeated over the cells it
 * covers (ODF writes them as covered-table-cell), as a reader sees one value across the area.
 */
function table(element: DomElement, walk: Walk): string {
  const rows: string[][] = [];
  const below = new Map<number, { text: string; rows: number }>();
  for (const row of descendants(element, 'table-row')) {
    const cells: string[] = [];
    for (const cell of kids(row, 'table-cell', 'covered-table-cell')) {
      const repeat = Math.min(Number(attr(cell, 'number-columns-repeated') ?? 1) || 1, 256);
      const covered = localName(cell) === 'covered-table-cell';
      // A cell is one line: list markers and line breaks inside it would be noise.
      const text = covered
        ? ''
        : blocks(cell, walk)
            .map((block) => block.replace(/^\s*(?:[-*]|\d+\.) /gm, ''))
            .join(' ');
      const across = Math.max(Number(attr(cell, 'number-columns-spanned') ?? 1) || 1, 1);
      const down = Math.max(Number(attr(cell, 'number-rows-spanned') ?? 1) || 1, 1);
      for (let i = 0; i < repeat; i += 1) {
        const column = cells.length;
        const span = below.get(column);
        if (covered && span) {
          cells.push(span.text);
          if (--span.rows <= 0) below.delete(column);
        } else if (covered) {
          cells.push(cells[column - 1] ?? '');
        } else {
          cells.push(text);
          if (down > 1) {
            for (let c = 0; c < across; c += 1) below.set(column + c, { text, rows: down - 1 });
          }
        }
      }
    }
    rows.push(cells);
  }
  return markdownTable(rows);
}

/** Block content of a container (body, section, cell, text box) as Markdown blocks. */
function blocks(container: DomElement, walk: Walk): string[] {
  const out: string[] = [];
  for (const node of Array.from(container.childNodes)) {
    if (node.nodeType !== ELEMENT_NODE) continue;
    const child = node as DomElement;
    switch (localName(child)) {
      case 'h': {
        const level = Math.min(Math.max(Number(attr(child, 'outline-level') ?? 1) || 1, 1), 6);
        out.push(...paragraph(child, walk, `${'#'.repeat(level)} `));
        break;
      }
      case 'p': {
        out.push(...paragraph(child, walk, styleHeading(attr(child, 'style-name') ?? '', walk)));
        break;
      }
      case 'list': {
        const lines = list(child, walk, 0, null);
        if (lines.length > 0) out.push(lines.join('\n'));
        break;
      }
      case 'table':
        out.push(table(child, walk));
        break;
      case 'frame':
        out.push(...frame(child, walk));
        break;
      case 'notes':
      case 'annotation':
      case 'tracked-changes':
      case 'forms':
      case 'sequence-decls':
      case 'variable-decls':
      case 'user-field-decls':
        break;
      default:
        // Sections, frames, text boxes, shapes, indexes: their text is content too.
        out.push(...blocks(child, walk));
    }
  }
  return out.filter((block) => block.trim() !== '');
}

/** Whether the presentation frame is a title placeholder. */
const isTitle = (element: DomElement) => /title/i.test(attr(element, 'class') ?? '');

function slide(page: DomElement, number: number, walk: Walk): Section {
  let title: string | null = null;
  const body: string[] = [];
  for (const shape of kids(page)) {
    if (localName(shape) === 'notes') continue;
    const content = blocks({ childNodes: [shape] } as unknown as DomElement, walk);
    if (!title && isTitle(shape) && content.length > 0) title = content.join(' ').replace(/\s+/g, ' ');
    else body.push(...content);
  }
  const notes = kid(page, 'notes');
  const noteText = notes
    ? kids(notes)
        .filter((frame) => attr(frame, 'class') === 'notes')
        .flatMap((frame) => blocks(frame, walk))
    : [];
  if (noteText.length > 0) body.push(`> **Notes:** ${noteText.join('\n>\n> ')}`);
  const heading = `## ${title ?? (attr(page, 'name') || `Slide ${number}`)}`;
  return { markdown: [heading, ...body].join('\n\n') };
}

async function convertOdf(input: ConvertInput): Promise<ConversionResult> {
  const zip = await openPackage(input, 'The OpenDocument file');
  const manifest = (await readPart(zip, 'META-INF/manifest.xml')) ?? '';
  if (/encryption-data/.test(manifest)) throw encryptedDocument();
  const content = await readXmlPart(zip, 'content.xml');
  const body = content ? descendants(content.documentElement, 'body')[0] : undefined;
  if (!body) throw corruptDocument('The OpenDocument file has no content.xml body');
  const walk: Walk = { ...(await readStyles(zip)), notes: [], objects: new Map() };
  await readObjects(zip, body, walk);
  const metadata = await readOdfMetadata(zip);
  const presentation = kid(body, 'presentation') ?? kid(body, 'drawing');
  if (presentation) {
    const pages = kids(presentation, 'page');
    const sections = pages.map((page, index) => slide(page, index + 1, walk));
    return sectionedResult(sections, { title: metadata.title, metadata });
  }
  const text = kid(body, 'text') ?? body;
  const markdown = [...blocks(text, walk), ...walk.notes].join('\n\n');
  return unpagedResult(markdown, { title: metadata.title, metadata, declaredLanguage: metadata.language as string | undefined });
}

export const odfConverter: Converter = { ...odfDeclaration, convert: convertOdf };
