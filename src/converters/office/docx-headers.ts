/**
 * Page headers and footers of a Word document, which mammoth does not read. Every section may
 * have a first-page, a default and an even-page header and footer; most repeat each other, so
 * each distinct text is kept once, headers to go before the body and footers after it, as a
 * reader meets them on the first and the last page.
 */
import type JSZip from 'jszip';
import type { DomElement } from '../core/dom.js';
import { localName, kids, readPart, readRelationships, readXmlPart } from '../core/zip-xml.js';

const DOCUMENT_PART = 'word/document.xml';

/**
 * The paragraphs' text of a part, one string per paragraph. Text boxes' paragraphs count as
 * paragraphs; of an `mc:AlternateContent` only the chosen content is read, not its Fallback
 * copy of the same text.
 */
export function paragraphTexts(root: DomElement): string[] {
  const paragraphs: string[][] = [];
  const walk = (element: DomElement, current: string[] | null) => {
    for (const child of kids(element)) {
      const name = localName(child);
      if (name === 'Fallback') continue;
      if (name === 't') current?.push(child.textContent ?? '');
      else if ((name === 'tab' || name === 'br') && current) current.push(' ');
      else if (name === 'p') {
        const own: string[] = [];
        paragraphs.push(own);
        walk(child, own);
      } else walk(child, current);
    }
  };
  walk(root, null);
  return paragraphs.map((parts) => parts.join('').replace(/\s+/g, ' ').trim()).filter(Boolean);
}

/** Header and footer texts, each distinct one once, in the order the sections reference them. */
export async function readHeadersFooters(zip: JSZip): Promise<{ headers: string[]; footers: string[] }> {
  const found = { headers: [] as string[], footers: [] as string[] };
  const xml = await readPart(zip, DOCUMENT_PART);
  if (!xml) return found;
  const rels = await readRelationships(zip, DOCUMENT_PART);
  const seen = new Set<string>();
  for (const [, kind, id] of xml.matchAll(/<w:(header|footer)Reference\b[^>]*?\br:id="([^"]+)"/g)) {
    const rel = rels.get(id!);
    if (!rel || rel.external || seen.has(rel.target)) continue;
    seen.add(rel.target);
    const document = await readXmlPart(zip, rel.target);
    const text = document ? paragraphTexts(document.documentElement).join('\n\n') : '';
    const list = kind === 'header' ? found.headers : found.footers;
    if (text && !list.includes(text)) list.push(text);
  }
  return found;
}
