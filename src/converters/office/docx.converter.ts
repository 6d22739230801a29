/**
 * Word documents (DOCX). mammoth turns the document's semantic structure (heading styles,
 * numbering, tables, links, footnotes) into HTML, and the shared HTML path turns that into
 * Markdown, so DOCX and web pages come out with the same conventions.
 */
import JSZip from 'jszip';
import mammoth from 'mammoth';
import type { ConversionResult, Converter, ConvertInput } from '../core/types.js';
import { corruptDocument } from '../../errors.js';
import { all, parseHtmlDocument, type DomElement } from '../core/dom.js';
import { elementToMarkdown } from '../core/html-to-markdown.js';
import { readCoreProperties } from './ooxml-properties.js';
import { replaceEquations, restoreEquations } from './docx-math.js';
import { unpagedResult } from '../core/result.js';
import { ooxmlRefinement } from './package-sniff.js';

/**
 * Built-in Word styles mammoth does not map by default. Title is the document's top heading,
 * quotes stay quotes, and the code styles become code blocks instead of loose paragraphs.
 */
const STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='Quote'] => blockquote > p:fresh",
  "p[style-name='Intense Quote'] => blockquote > p:fresh",
  ...['Source Code', 'Code', 'HTML Preformatted', 'Plain Text', 'Macro Text'].map(
    (style) => `p[style-name='${style}'] => pre:separator('\\n')`,
  ),
  "r[style-name='HTML Code'] => code",
  "r[style-name='Source Text'] => code",
];

/**
 * Image bytes are never read: the src stays empty, so the shared path writes a placeholder
 * with the alt text (mammoth copies the picture's description into `alt`).
 */
const skipImageData = mammoth.images.imgElement(async () => ({ src: '' }));

/**
 * mammoth renders each footnote with a "↑" link back to its reference: noise in text and in
 * chunks, while the footnote text itself stays.
 */
function dropBackLinks(body: DomElement): void {
  for (const link of all(body, 'a[href^="#footnote-ref-"], a[href^="#endnote-ref-"]')) {
    link.remove();
  }
}

const damaged = (err: unknown) => corruptDocument('The Word document could not be read: it is damaged or incomplete', err);

async function openPackage(bytes: Uint8Array): Promise<JSZip> {
  try {
    return await JSZip.loadAsync(bytes);
  } catch (err) {
    throw damaged(err);
  }
}

async function toHtml(buffer: Buffer): Promise<string> {
  try {
    const { value } = await mammoth.convertToHtml(
      { buffer },
      { styleMap: STYLE_MAP, convertImage: skipImageData, ignoreEmptyParagraphs: true },
    );
    return value;
  } catch (err) {
    throw damaged(err);
  }
}

async function convertDocx(input: ConvertInput): Promise<ConversionResult> {
  const zip = await openPackage(input.bytes);
  const equations = await replaceEquations(zip);
  // Only a document with equations is repacked (stored, not deflated: it is read once, now).
  const buffer =
    equations.size > 0
      ? await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' })
      : Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength);
  const html = await toHtml(buffer);
  input.signal?.throwIfAborted();
  const body = parseHtmlDocument(html).body;
  dropBackLinks(body);
  const markdown = restoreEquations(elementToMarkdown(body), equations);
  const metadata = await readCoreProperties(zip);
  return unpagedResult(markdown, { title: metadata.title, metadata });
}

export const docxConverter: Converter = {
  id: 'docx',
  version: '1',
  label: 'Word document',
  mimeTypes: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  extensions: ['docx'],
  // file-type calls a package whose telling entries are past the head a plain ZIP.
  sniff: {
    refine: ooxmlRefinement('docx', {
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      extension: 'docx',
    }),
  },
  convert: convertDocx,
};
