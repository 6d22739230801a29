/**
 * Pictures of office documents (DOCX, PPTX) as Markdown images, `![description](file)`, written
 * by this one helper so a picture reads the same whatever the package. Image bytes are never
 * kept: the description is the only part of a picture a reader of the text (or a search index)
 * can use, and the file name says which picture it was. A picture without a usable description
 * writes nothing, since an empty `![](image1.png)` adds a file name and no meaning.
 */
import { squash } from './dom.js';

/**
 * Sentences Office appends to the descriptions it generates itself; they say where the words
 * came from, not what the picture shows, so they are not kept.
 */
const GENERATED_NOTICES = [
  /\bDescription automatically generated(?: with (?:low|medium|high) confidence)?\.?/gi,
  /\bAI-generated content may be incorrect\.?/gi,
];

/** A description that is only a file name (`_good_picture.png`, `image1.jpeg`) describes nothing. */
const FILE_NAME_ONLY = /^[^\s/\\]+\.(?:png|jpe?g|gif|bmp|tiff?|emf|wmf|svg|webp|heic|ico)$/i;

/** The author's description of a picture, cleaned for Markdown; '' when there is none worth keeping. */
export function pictureDescription(raw: string | null | undefined): string {
  let text = squash(raw);
  for (const notice of GENERATED_NOTICES) text = text.replace(notice, ' ');
  text = squash(text)
    .replace(/[[\]\\]/g, '')
    .trim();
  return FILE_NAME_ONLY.test(text) ? '' : text;
}

/** `![description](name)` for a described picture, '' for an undescribed one. */
export function pictureMarkdown(description: string | null | undefined, name: string | null | undefined): string {
  const alt = pictureDescription(description);
  if (!alt) return '';
  const target = (name ?? '').replace(/[()]/g, '\\$&').replace(/\s/g, '%20');
  return `![${alt}](${target})`;
}
