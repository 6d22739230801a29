import type { DocumentSummary } from '../../db/repositories/documents-repo.js';
import type { DocumentError } from './types.js';

/**
 * How a document looks from outside, for every door at once. GraphQL (`Document`,
 * `DocumentEvent.error`) and REST (`documentJson`) both shape rows through here, so a field added
 * or an error rule changed cannot reach one door and miss the other.
 */

/** The failure of a document or event row, or null while it has none; the code stands in for a missing message. */
export function documentError(row: { errorCode: string | null; errorMessage: string | null }): DocumentError | null {
  return row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? row.errorCode } : null;
}

/** A stored document as the doors show it: no storage key, owner or options; the error as one object. */
export interface DocumentView {
  id: string;
  filename: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  status: DocumentSummary['status'];
  stage: string | null;
  progress: number;
  error: DocumentError | null;
  /** The title a user set, else the extracted one. */
  title: string | null;
  tags: string[];
  customFields: Record<string, string>;
  pageCount: number | null;
  language: string | null;
  metadata: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export function presentDocument(d: DocumentSummary): DocumentView {
  return {
    id: d.id,
    filename: d.filename,
    mimeType: d.mimeType,
    sizeBytes: d.sizeBytes,
    sha256: d.sha256,
    status: d.status,
    stage: d.stage,
    progress: d.progress,
    error: documentError(d),
    title: displayTitle(d),
    tags: d.tags,
    customFields: d.customFields,
    pageCount: d.pageCount,
    language: d.language,
    metadata: d.metadata as Record<string, unknown>,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

/** What a document is called: the title a user set (updateDocument) wins over the extracted one. */
export function displayTitle(d: { title: string | null; titleOverride: string | null }): string | null {
  return d.titleOverride ?? d.title;
}

/** A row without its (possibly large) Markdown and text: what mutations answer with. */
export function withoutContent<T extends { markdown: unknown; plainText: unknown }>(row: T): Omit<T, 'markdown' | 'plainText'> {
  const { markdown: _m, plainText: _t, ...summary } = row;
  return summary;
}
