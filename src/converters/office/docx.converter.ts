/**
 * Word documents (DOCX). mammoth turns the document's semantic structure (heading styles,
 * numbering, tables, links, text boxes, image descriptions, notes and comments) into HTML, and
 * the shared HTML path turns that into Markdown, so DOCX and web pages come out with the same
 * conventions. Footnotes, endnotes and comments become Markdown footnotes (docx-notes.ts);
 * page headers and footers, which mammoth skips, are read from their parts and put once
 * before and after the body (docx-headers.ts).
 */
import mammoth from 'mammoth';
import type { ConversionResult, Converter, ConvertInput } from '../core/types.js';
import { docxDeclaration } from './docx.declaration.js';
import { corruptDocument } from '../../errors.js';
import { parseHtmlDocument } from '../core/dom.js';
import { elementToMarkdown } from '../core/html-to-markdown.js';
import { readCoreProperties } from './ooxml-properties.js';
import { replaceEquations, restoreEquations } from './docx-math.js';
import { unpagedResult } from '../core/result.js';
import { openPackage } from '../core/zip-xml.js';
import { extractNotes } from './docx-notes.js';
import { readHeadersFooters } from './docx-headers.js';
import { exposeTextBoxes } from './docx-text-boxes.js';
import { pictureImage, pictureNames } from './docx-pictures.js';
import { replaceCharts, restoreCharts } from './docx-charts.js';

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
  // Comments are only rendered when their references are mapped to something.
  'comment-reference => sup',
];

const damaged = (err: unknown) => corruptDocument('The Word document could not be read: it is damaged or incomplete', err);

/**
 * Image bytes are never read: mammoth copies the picture's description into `alt`, the src is
 * the picture's file name, and the shared path writes `![description](file)` (docx-pictures.ts).
 */
async function toHtml(buffer: Buffer, pictures: Map<string, string>): Promise<string> {
  try {
    const convertImage = mammoth.images.imgElement(pictureImage(pictures));
    const { value } = await mammoth.convertToHtml({ buffer }, { styleMap: STYLE_MAP, convertImage, ignoreEmptyParagraphs: true });
    return value;
  } catch (err) {
    throw damaged(err);
  }
}

async function convertDocx(input: ConvertInput): Promise<ConversionResult> {
  const zip = await openPackage(input, 'The Word document');
  const equations = await replaceEquations(zip);
  const charts = await replaceCharts(zip);
  const textBoxes = await exposeTextBoxes(zip);
  // Only a rewritten document is repacked (stored, not deflated: it is read once, now).
  const buffer =
    equations.size > 0 || charts.size > 0 || textBoxes
      ? await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' })
      : Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength);
  const html = await toHtml(buffer, await pictureNames(zip));
  input.signal?.throwIfAborted();
  const body = parseHtmlDocument(html).body;
  const notes = await extractNotes(zip, body);
  const { headers, footers } = await readHeadersFooters(zip);
  const blocks = [...headers, restoreCharts(elementToMarkdown(body), charts), ...footers, ...notes];
  const markdown = restoreEquations(blocks.filter(Boolean).join('\n\n'), equations);
  const metadata = await readCoreProperties(zip);
  return unpagedResult(markdown, { title: metadata.title, metadata });
}

export const docxConverter: Converter = { ...docxDeclaration, convert: convertDocx };
