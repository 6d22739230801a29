import DOMPurify from 'dompurify';
import { marked } from 'marked';

/**
 * Documents are untrusted input: their Markdown can carry raw HTML (scripts, event handlers,
 * javascript: links). Render with marked, then let DOMPurify keep only safe markup.
 */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true }) as string;
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input'], FORBID_ATTR: ['style'] });
}
