import { refreshSession, requestHeaders } from './session.js';

/**
 * The original file of a document, fetched with the session's token (the REST route is
 * owner-scoped and a plain link would carry no Authorization header). Renews the token once on
 * 401, like the GraphQL link does.
 */
export async function fetchOriginal(documentId: string, signal?: AbortSignal): Promise<Blob> {
  const url = `/api/documents/${encodeURIComponent(documentId)}/file`;
  const get = () => fetch(url, { headers: requestHeaders(), signal });
  let res = await get();
  if (res.status === 401 && (await refreshSession())) res = await get();
  if (!res.ok) throw new Error(`Could not load the file (HTTP ${res.status})`);
  return res.blob();
}

/** Hands a blob to the browser's download manager under `filename`. */
export function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "report.final.pdf" -> "report.final.md": exports are named after the original. */
export function exportName(filename: string, extension: string) {
  const dot = filename.lastIndexOf('.');
  return `${dot > 0 ? filename.slice(0, dot) : filename}.${extension}`;
}

export interface CitedChunk {
  text: string;
  headings: readonly string[];
  pageStart?: number | null;
  pageEnd?: number | null;
  index: number;
}

/** A passage with the reference a reader needs to find it again: title, section path, page. */
export function citation(title: string, chunk: CitedChunk) {
  const pages =
    chunk.pageStart != null
      ? chunk.pageEnd != null && chunk.pageEnd !== chunk.pageStart
        ? `pp. ${chunk.pageStart}–${chunk.pageEnd}`
        : `p. ${chunk.pageStart}`
      : `chunk ${chunk.index}`;
  const where = [title, ...chunk.headings, pages].join(' › ');
  return `“${chunk.text.trim()}”\n— ${where}`;
}
