/**
 * Reading XML parts of ZIP packages (OOXML, ODF). Parts are parsed with linkedom's XML parser,
 * which neither loads DTDs nor expands entities beyond the predefined five, so hostile parts
 * cannot pull in files or blow up. Element names are matched by local name, because producers
 * are free to pick namespace prefixes.
 */
import type JSZip from 'jszip';
import path from 'node:path/posix';
import type { ConvertInput, NestingContext } from './types.js';
import { nestingOf } from './nesting.js';
import { inflateEntry, openZip } from './zip-entries.js';
import { isEncryptedOoxml } from './zip-package.js';
import { encryptedDocument } from '../../errors.js';
import { ELEMENT_NODE, parseXmlDocument, type DomDocument, type DomElement } from './dom.js';

interface Budget {
  nesting: NestingContext;
  containerBytes: number;
  out: { bytes: number };
}

/** The upload's limits for each package opened here, so parts are inflated under them. */
const budgets = new WeakMap<JSZip, Budget>();

/**
 * Opens an OOXML or ODF package. Parts read from it later are inflated as streams and counted
 * against the upload's byte and ratio limits (zip-entries.ts), so a bomb disguised as a
 * document is stopped like one in an archive.
 * A password-protected OOXML file reaches here when it was stored under its package's type (the
 * reprocess path converts by the stored type): it is an OLE file, and says so.
 * @throws AppError CORRUPT_DOCUMENT when it is no ZIP, ENCRYPTED_DOCUMENT for a password-protected
 *   package or encrypted entries
 */
export async function openPackage(input: ConvertInput, what: string): Promise<JSZip> {
  if (isEncryptedOoxml(input.bytes)) throw encryptedDocument(`${what} is protected by a password and cannot be opened`);
  const zip = await openZip(input.bytes, what);
  budgets.set(zip, { nesting: nestingOf(input), containerBytes: input.bytes.byteLength, out: { bytes: 0 } });
  return zip;
}

/** A part's bytes, or null when the package has no such part. */
export async function readPartBytes(zip: JSZip, name: string): Promise<Uint8Array | null> {
  const file = zip.file(name.replace(/^\//, ''));
  if (!file || file.dir) return null;
  const budget = budgets.get(zip);
  if (!budget) throw new Error('Packages must be opened with openPackage');
  return inflateEntry(file, budget.nesting, budget.containerBytes, budget.out);
}

/** A part's text (XML parts are UTF-8 in both OOXML and ODF), or null when it is absent. */
export async function readPart(zip: JSZip, name: string): Promise<string | null> {
  const bytes = await readPartBytes(zip, name);
  return bytes === null ? null : new TextDecoder('utf-8').decode(bytes);
}

export async function readXmlPart(zip: JSZip, name: string): Promise<DomDocument | null> {
  const xml = await readPart(zip, name);
  return xml === null ? null : parseXmlDocument(xml);
}

/** The name without its namespace prefix: `a:p` → `p`. */
export function localName(element: DomElement): string {
  const name = element.tagName;
  return name.slice(name.indexOf(':') + 1);
}

/** Element children, optionally only those with one of the given local names. */
export function kids(element: DomElement, ...names: string[]): DomElement[] {
  const out: DomElement[] = [];
  for (const child of Array.from(element.childNodes)) {
    if (child.nodeType !== ELEMENT_NODE) continue;
    const el = child as DomElement;
    if (names.length === 0 || names.includes(localName(el))) out.push(el);
  }
  return out;
}

/** The first child with the local name, if any. */
export function kid(element: DomElement | null | undefined, name: string): DomElement | null {
  return element ? (kids(element, name)[0] ?? null) : null;
}

/** All descendants with the local name, in document order. */
export function descendants(root: DomElement, name: string): DomElement[] {
  const out: DomElement[] = [];
  const walk = (element: DomElement) => {
    for (const child of kids(element)) {
      if (localName(child) === name) out.push(child);
      walk(child);
    }
  };
  walk(root);
  return out;
}

/**
 * An attribute by local name, whatever its prefix (`r:id`, `table:name`). A prefixed one wins
 * over an unprefixed one of the same local name: `<p:sldId id="256" r:id="rId2">` means rId2.
 */
export function attr(element: DomElement | null | undefined, name: string): string | null {
  if (!element) return null;
  const attributes = (element as unknown as { attributes: ArrayLike<{ name: string; value: string }> }).attributes;
  for (const attribute of Array.from(attributes ?? [])) {
    const colon = attribute.name.indexOf(':');
    if (colon >= 0 && attribute.name.slice(colon + 1) === name) return attribute.value;
  }
  return element.getAttribute(name);
}

export interface Relationship {
  type: string;
  /** Absolute part name inside the package, or the URL for external targets. */
  target: string;
  external: boolean;
}

/** The relationships of an OOXML part (`word/document.xml` → `word/_rels/document.xml.rels`). */
export async function readRelationships(zip: JSZip, part: string): Promise<Map<string, Relationship>> {
  const dir = path.dirname(part);
  const rels = await readXmlPart(zip, path.join(dir, '_rels', `${path.basename(part)}.rels`));
  const map = new Map<string, Relationship>();
  if (!rels) return map;
  for (const rel of descendants(rels.documentElement, 'Relationship')) {
    const id = rel.getAttribute('Id');
    const target = rel.getAttribute('Target') ?? '';
    const external = rel.getAttribute('TargetMode') === 'External';
    if (!id) continue;
    map.set(id, {
      type: rel.getAttribute('Type') ?? '',
      target: external ? target : path.join(target.startsWith('/') ? '/' : dir, target).replace(/^\//, ''),
      external,
    });
  }
  return map;
}
