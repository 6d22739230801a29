/**
 * Document properties of Office Open XML packages (docProps/core.xml): title, authors and
 * dates as the authoring application recorded them. Shared by every OOXML format (DOCX, and
 * XLSX/PPTX when they come), since the part is identical in all of them.
 */
import type JSZip from 'jszip';
import type { DocumentMetadata } from '../core/types.js';
import { parseXmlDocument, squash, type DomDocument } from '../core/dom.js';

/** core.xml is a few hundred bytes; anything much larger is not a real properties part. */
const MAX_CORE_XML_BYTES = 1024 * 1024;

function field(document: DomDocument, name: string): string | undefined {
  const value = squash(document.querySelector(name.replace(':', '\\:'))?.textContent);
  return value || undefined;
}

/**
 * Reads the core properties; missing or unreadable properties give `{}`, never an error,
 * because a document without them is still a good document.
 */
export async function readCoreProperties(zip: JSZip): Promise<DocumentMetadata> {
  try {
    const part = zip.file('docProps/core.xml');
    if (!part) return {};
    const xml = await part.async('string');
    if (xml.length > MAX_CORE_XML_BYTES) return {};
    const core = parseXmlDocument(xml);
    const metadata: DocumentMetadata = {};
    const entries: Array<[keyof DocumentMetadata, string]> = [
      ['title', 'dc:title'],
      ['subject', 'dc:subject'],
      ['created', 'dcterms:created'],
      ['modified', 'dcterms:modified'],
    ];
    for (const [key, name] of entries) {
      const value = field(core, name);
      if (value) metadata[key] = value;
    }
    const creator = field(core, 'dc:creator');
    if (creator) metadata.authors = creator.split(/\s*;\s*/).filter(Boolean);
    const keywords = field(core, 'cp:keywords');
    if (keywords) metadata.keywords = keywords.split(/\s*[,;]\s*/).filter(Boolean);
    const description = field(core, 'dc:description');
    if (description) metadata.description = description;
    return metadata;
  } catch {
    return {};
  }
}
