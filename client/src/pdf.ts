import { getDocument, GlobalWorkerOptions, type PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { fetchOriginal } from './files.js';

GlobalWorkerOptions.workerSrc = workerUrl;

/**
 * Opened PDFs by document id: the viewer, page switches and thumbnails share one parsed copy
 * instead of downloading and parsing the file again. Bounded so a long list does not keep every
 * PDF in memory.
 */
const open = new Map<string, Promise<PDFDocumentProxy>>();
const LIMIT = 24;

export function loadPdf(documentId: string): Promise<PDFDocumentProxy> {
  const cached = open.get(documentId);
  if (cached) {
    open.delete(documentId);
    open.set(documentId, cached);
    return cached;
  }
  const loading = fetchOriginal(documentId)
    .then(async (blob) => getDocument({ data: new Uint8Array(await blob.arrayBuffer()), isEvalSupported: false }).promise)
    .catch((err: unknown) => {
      open.delete(documentId);
      throw err;
    });
  open.set(documentId, loading);
  while (open.size > LIMIT) {
    const [oldest, doc] = open.entries().next().value as [string, Promise<PDFDocumentProxy>];
    open.delete(oldest);
    void doc.then((d) => d.destroy()).catch(() => {});
  }
  return loading;
}
