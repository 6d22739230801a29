/**
 * Pictures of a Word document in the Markdown image form PPTX uses (`![description](file)`,
 * core/picture-markdown.ts). mammoth hands its image callback the description and the content
 * type but not the part the picture came from, so the file names are read here from the main
 * part: each drawing's `wp:docPr` description (or title) and the relationship of its `a:blip`,
 * and each VML `v:imagedata`'s `o:title` and relationship, by description. The `<img>` mammoth
 * writes carries PICTURE_MARK, and the shared HTML → Markdown path writes it with the helper.
 */
import path from 'node:path';
import type JSZip from 'jszip';
import { PICTURE_MARK } from '../core/html-to-markdown.js';
import { readPart, readRelationships } from '../core/zip-xml.js';

const DOCUMENT_PART = 'word/document.xml';
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** An XML attribute value as text (entities and character references resolved). */
function unescapeXml(value: string): string {
  return value.replace(/&(#x[\da-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name] ?? whole;
  });
}

const attribute = (tag: string, name: string): string | undefined => {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? unescapeXml(match[1]!) : undefined;
};

/**
 * File names of the main part's described pictures by description, as mammoth reports the
 * description (`descr`, else `title`; `o:title` for VML). The first picture of a description wins.
 */
export async function pictureNames(zip: JSZip): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const xml = await readPart(zip, DOCUMENT_PART);
  if (!xml || !/\s(?:descr|title|o:title)="/.test(xml)) return names;
  const rels = await readRelationships(zip, DOCUMENT_PART);
  const nameOf = (id: string | undefined) => {
    const rel = id ? rels.get(id) : undefined;
    return rel ? path.posix.basename(rel.target) : undefined;
  };
  const add = (description: string | undefined, name: string | undefined) => {
    if (description?.trim() && name && !names.has(description)) names.set(description, name);
  };
  for (const [drawing] of xml.matchAll(/<w:drawing>[\s\S]*?<\/w:drawing>/g)) {
    const docPr = /<wp:docPr\b[^>]*>/.exec(drawing)?.[0] ?? '';
    const description = attribute(docPr, 'descr')?.trim() ? attribute(docPr, 'descr') : attribute(docPr, 'title');
    const blip = /<a:blip\b[^>]*>/.exec(drawing)?.[0] ?? '';
    add(description, nameOf(attribute(blip, 'r:embed') ?? attribute(blip, 'r:link')));
  }
  for (const [imagedata] of xml.matchAll(/<v:imagedata\b[^>]*>/g)) {
    add(attribute(imagedata, 'o:title'), nameOf(attribute(imagedata, 'r:id')));
  }
  return names;
}

/**
 * mammoth's image callback: no bytes read, the file name as src, marked for the picture form.
 * mammoth's types omit `altText`, which its image elements carry (the description it copies to `alt`).
 */
export function pictureImage(names: Map<string, string>) {
  return async (image: object) => {
    const description = (image as { altText?: string }).altText ?? '';
    return { src: names.get(description) ?? '', [PICTURE_MARK]: '' };
  };
}
