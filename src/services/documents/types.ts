import type { Readable } from 'node:stream';
import type { DocumentSummary } from '../../db/repositories/documents-repo.js';
import type { DocumentPriority } from '../../db/schema/index.js';

export type { DocumentPriority };

/** A document without its Markdown and text, as lists, lookups and mutations answer. */
export type { DocumentSummary };

/**
 * What the document use-cases take and give, apart from the use-cases themselves: uploading and
 * extracting both read an IncomingFile, and neither should have to import the other for it.
 */

/** What every door (GraphQL multipart, REST, CLI) hands over: a name and a byte stream. */
export interface IncomingFile {
  filename?: string | null;
  createReadStream(): Readable;
}

/** Where the file came from on the client (a folder upload): kept as `metadata.path`. */
export interface UploadMeta {
  path?: string;
  /**
   * How urgently to process it (default NORMAL): HIGH goes before the owner's own backlog,
   * never before other owners' turns (jobs/outbox.ts).
   */
  priority?: DocumentPriority;
  /** Put the document into this collection too (the uploader must be its EDITOR or OWNER). */
  collectionId?: string;
}

export interface UploadResult {
  document: DocumentSummary;
  duplicate: boolean;
}

/** A document's failure as every door shows it: one of the codes of errors.ts and a message. */
export interface DocumentError {
  code: string;
  message: string;
}
