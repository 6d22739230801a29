/**
 * Document properties of OpenDocument packages (meta.xml): title, authors, dates, generator and
 * declared language, shared by the text, presentation and spreadsheet converters. Missing or
 * unreadable properties give `{}`: a document without them is still a good document.
 */
import type JSZip from 'jszip';
import type { DocumentMetadata } from '../core/types.js';
import { primaryLanguage } from '../core/language.js';
import { descendants, readXmlPart } from '../core/zip-xml.js';
import { squash } from '../core/dom.js';

export async function readOdfMetadata(zip: JSZip): Promise<DocumentMetadata> {
  try {
    const document = await readXmlPart(zip, 'meta.xml');
    if (!document) return {};
    const value = (name: string) => squash(descendants(document.documentElement, name)[0]?.textContent) || undefined;
    const creators = [value('creator'), value('initial-creator')].filter(
      (name, index, names): name is string => !!name && names.indexOf(name) === index,
    );
    const keywords = descendants(document.documentElement, 'keyword')
      .map((keyword) => squash(keyword.textContent))
      .filter(Boolean);
    const entries: Array<[string, unknown]> = [
      ['title', value('title')],
      ['subject', value('subject')],
      ['description', value('description')],
      ['authors', creators.length > 0 ? creators : undefined],
      ['created', value('creation-date')],
      ['modified', value('date')],
      ['producer', value('generator')],
      ['language', primaryLanguage(value('language')) ?? undefined],
      ['keywords', keywords.length > 0 ? keywords : undefined],
    ];
    return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
  } catch {
    return {};
  }
}
