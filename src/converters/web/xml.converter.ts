/**
 * XML documents: the text with the element structure kept as a nested `**element:** text`
 * list (structure-list.ts), attributes as `@name` entries. Feeds (RSS, Atom) get their own
 * rendering (feed.ts).
 *
 * Safety: the parser (linkedom, dom.ts) never reads a DTD, never expands entities beyond the
 * five predefined ones and never fetches anything, so XXE (external entities, `file://` DTDs)
 * and entity-expansion bombs (billion laughs) have nothing to act on; an undeclared entity
 * stays as literal text.
 */
import type { ConversionResult, Converter, ConvertInput } from '../core/types.js';
import { xmlDeclaration } from './xml.declaration.js';
import { corruptDocument } from '../../errors.js';
import { decodeText } from '../core/decode-text.js';
import { ELEMENT_NODE, parseXmlDocument, squash, TEXT_NODE, type DomElement } from '../core/dom.js';
import { feedResult, isFeed } from './feed.js';
import { unpagedResult } from '../core/result.js';
import { renderStructure, type StructureNode } from '../core/structure-list.js';
import { localName } from '../core/zip-xml.js';

/** Deeper elements are given as their text: hostile nesting must not blow the stack. */
const MAX_DEPTH = 64;
const CDATA_NODE = 4;

/** The encoding the XML declaration names, so legacy-encoded files decode right. */
function declaredEncoding(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 256));
  return /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1] ?? null;
}

function attributeNodes(element: DomElement): StructureNode[] {
  const attributes = (element as unknown as { attributes?: ArrayLike<{ name: string; value: string }> }).attributes;
  return Array.from(attributes ?? [])
    .filter((attribute) => !/^xmlns(:|$)/.test(attribute.name) && attribute.value.trim())
    .map((attribute) => ({ label: `@${attribute.name}`, value: attribute.value }));
}

function elementNode(element: DomElement, depth: number): StructureNode {
  const label = element.tagName;
  const attributes = attributeNodes(element);
  const childNodes = Array.from(element.childNodes);
  const hasElements = childNodes.some((child) => child.nodeType === ELEMENT_NODE);
  if (!hasElements || depth >= MAX_DEPTH) {
    const value = (element.textContent ?? '').trim();
    return attributes.length > 0 ? { label, value, children: attributes } : { label, value };
  }
  const children: StructureNode[] = [...attributes];
  for (const child of childNodes) {
    if (child.nodeType === ELEMENT_NODE) children.push(elementNode(child as DomElement, depth + 1));
    else if (child.nodeType === TEXT_NODE || child.nodeType === CDATA_NODE) {
      const text = squash(child.textContent);
      if (text) children.push({ value: text });
    }
  }
  return { label, children };
}

async function convertXml(input: ConvertInput): Promise<ConversionResult> {
  const { text, encoding } = decodeText(input.bytes, declaredEncoding(input.bytes));
  const document = parseXmlDocument(text);
  const root = document.documentElement;
  if (!root) throw corruptDocument('The XML document has no root element');
  if (isFeed(document)) return feedResult(document);
  const title = Array.from(root.querySelectorAll('*')).find((element) => localName(element).toLowerCase() === 'title');
  return unpagedResult(renderStructure([elementNode(root, 0)]), {
    title: squash(title?.textContent) || null,
    metadata: { encoding, rootElement: root.tagName },
  });
}

export const xmlConverter: Converter = { ...xmlDeclaration, convert: convertXml };
