/**
 * linkedom's typings describe its results with the browser's DOM types, which this Node project
 * does not load (tsconfig `lib` has no "dom"), so they arrive as `any`. These few structural
 * types give the converters type checking on the members they really use, without pulling the
 * whole DOM lib into every other module of the server.
 */
import { DOMParser, parseHTML } from 'linkedom';

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;

export interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly childNodes: ArrayLike<DomNode>;
  readonly parentNode: DomNode | null;
  textContent: string | null;
}

export interface DomElement extends DomNode {
  readonly tagName: string;
  readonly children: ArrayLike<DomElement>;
  readonly ownerDocument: DomDocument;
  innerHTML: string;
  readonly outerHTML: string;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  replaceWith(...nodes: Array<DomNode | string>): void;
  remove(): void;
}

export interface DomDocument {
  readonly documentElement: DomElement;
  readonly body: DomElement | null;
  readonly head: DomElement | null;
  createElement(tagName: string): DomElement;
  createTextNode(text: string): DomNode;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

/**
 * linkedom (htmlparser2 underneath) does not run the HTML5 tree construction that invents a
 * missing <html>/<head>/<body>: given a fragment or a page without <body> it returns a document
 * with no body at all. Such input is rebuilt into a complete document first.
 */
function asCompleteDocument(html: string): string {
  if (/<body[\s>]/i.test(html)) return html;
  const htmlTag = /<html\b[^>]*>/i.exec(html)?.[0] ?? '<html>';
  const head = /<head\b[^>]*>([\s\S]*?)<\/head>/i.exec(html)?.[1] ?? '';
  const body = html
    .replace(/<!doctype[^>]*>/i, '')
    .replace(/<head\b[^>]*>[\s\S]*?<\/head>/i, '')
    .replace(/<\/?html\b[^>]*>/gi, '');
  return `<!doctype html>${htmlTag}<head>${head}</head><body>${body}</body></html>`;
}

/** Parses an HTML document or fragment; the result always has a body. */
export function parseHtmlDocument(html: string): DomDocument & { body: DomElement } {
  const { document } = parseHTML(asCompleteDocument(html)) as {
    document: DomDocument & { body: DomElement };
  };
  return document;
}

/**
 * Parses XML without resolving external entities or DTDs (linkedom never fetches), so the XXE
 * tricks in hostile uploads have nothing to act on.
 */
export function parseXmlDocument(xml: string): DomDocument {
  return new DOMParser().parseFromString(xml, 'text/xml') as unknown as DomDocument;
}

/** The element children of `root` matching `selector`, as a real array. */
export function all(root: DomDocument | DomElement, selector: string): DomElement[] {
  return Array.from(root.querySelectorAll(selector));
}

/** Collapses runs of whitespace the way HTML rendering does, for titles and attribute text. */
export function squash(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}
