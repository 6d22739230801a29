/**
 * Footnotes, endnotes and comments of a Word document as Markdown footnotes, the way pandoc
 * writes them: a `[^label]` where the reference stands in the text, the definitions at the end.
 * mammoth renders references as `<sup><a id="footnote-ref-1" href="#footnote-1">` and the
 * notes as lists (`<li id="footnote-1">`, `<dt id="comment-0">` + `<dd>`) after the body;
 * those are taken out of the body here and written as definitions. Footnotes and endnotes are
 * numbered together in reading order; comments are labelled c1, c2… and name their author.
 */
import type JSZip from 'jszip';
import { all, type DomElement } from '../core/dom.js';
import { elementToMarkdown, NOTE_MARK } from '../core/html-to-markdown.js';
import { attr, descendants, readXmlPart } from '../core/zip-xml.js';

const REFERENCE = 'a[id^="footnote-ref-"], a[id^="endnote-ref-"], a[id^="comment-ref-"]';
const BACK_LINK = 'a[href^="#footnote-ref-"], a[href^="#endnote-ref-"], a[href^="#comment-ref-"]';

/** Comment authors by comment id, from word/comments.xml. */
async function commentAuthors(zip: JSZip): Promise<Map<string, string>> {
  const authors = new Map<string, string>();
  const document = await readXmlPart(zip, 'word/comments.xml');
  if (!document) return authors;
  for (const comment of descendants(document.documentElement, 'comment')) {
    const id = attr(comment, 'id');
    const author = attr(comment, 'author')?.trim();
    if (id && author) authors.set(id, author);
  }
  return authors;
}

/** The note's body: a `<li>` for foot- and endnotes, the `<dd>` after a comment's `<dt>`. */
function noteBody(body: DomElement, id: string): DomElement | null {
  const element = body.querySelector(`[id="${id}"]`);
  if (element?.tagName !== 'DT') return element;
  const next = (element as unknown as { nextElementSibling: DomElement | null }).nextElementSibling;
  element.remove();
  return next?.tagName === 'DD' ? next : null;
}

/** A definition: `[^label]: ` then the note's Markdown, continuation lines indented. */
function definition(label: string, markdown: string): string {
  return `[^${label}]: ${markdown.replace(/\n(?=.)/g, '\n    ')}`;
}

/**
 * Replaces note references in `body` by footnote markers and removes the notes from it,
 * returning their definitions in reference order.
 */
export async function extractNotes(zip: JSZip, body: DomElement): Promise<string[]> {
  const references = all(body, REFERENCE);
  if (references.length === 0) return [];
  const authors = await commentAuthors(zip);
  const definitions: string[] = [];
  let notes = 0;
  let comments = 0;
  for (const reference of references) {
    const target = (reference.getAttribute('href') ?? '').replace(/^#/, '');
    const comment = target.startsWith('comment-');
    const label = comment ? `c${(comments += 1)}` : String((notes += 1));
    const marker = body.ownerDocument.createElement('span');
    marker.setAttribute(NOTE_MARK, label);
    marker.textContent = label; // turndown drops empty elements before any rule sees them
    const sup = reference.parentNode as DomElement | null;
    (sup?.tagName === 'SUP' && sup.children.length === 1 ? sup : reference).replaceWith(marker);
    const note = noteBody(body, target);
    if (!note) continue;
    for (const link of all(note, BACK_LINK)) link.remove();
    const author = comment ? authors.get(target.slice('comment-'.length)) : undefined;
    const text = elementToMarkdown(note);
    note.remove();
    if (text) definitions.push(definition(label, author ? `**${author}:** ${text}` : text));
  }
  // The lists that held the notes, now empty.
  for (const list of all(body, 'ol, dl')) {
    if (list.children.length === 0) list.remove();
  }
  return definitions;
}
