import { useCallback, useEffect, useMemo, useState } from 'react';
import { fetchOriginal } from '../files.js';
import { renderMarkdown } from '../markdown.js';
import { PdfPage, type Box } from './pdf-page.js';

export interface CitedChunk {
  index: number;
  text: string;
  charStart: number;
  charEnd: number;
  pageStart?: number | null;
  pageEnd?: number | null;
  boxes: readonly Box[];
}

interface Props {
  documentId: string;
  mimeType: string;
  markdown: string | null | undefined;
  pageCount: number | null | undefined;
  /** The page to open on (a citation's page), else 1. */
  page: number | null;
  onPage: (page: number) => void;
  cited: CitedChunk | null;
}

/** The stored image, shown as it was uploaded. */
function ImageView({ documentId }: { documentId: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let made: string | null = null;
    fetchOriginal(documentId)
      .then((blob) => setUrl((made = URL.createObjectURL(blob))))
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
    return () => {
      if (made) URL.revokeObjectURL(made);
    };
  }, [documentId]);
  if (error) return <p className="error">{error}</p>;
  return url ? <img className="doc-image" src={url} alt="The original image" /> : <p className="muted">Loading image…</p>;
}

/**
 * The document's Markdown, with the cited chunk (by its character offsets) rendered as its own
 * marked block: chunks end at block boundaries, so the three parts render as the whole would.
 */
function MarkdownView({ markdown, cited }: { markdown: string; cited: CitedChunk | null }) {
  const parts = useMemo(() => {
    if (!cited || cited.charEnd <= cited.charStart) return { before: renderMarkdown(markdown), passage: '', after: '' };
    return {
      before: renderMarkdown(markdown.slice(0, cited.charStart)),
      passage: renderMarkdown(markdown.slice(cited.charStart, cited.charEnd)),
      after: renderMarkdown(markdown.slice(cited.charEnd)),
    };
  }, [markdown, cited]);
  useEffect(() => {
    document.querySelector('.cited-passage')?.scrollIntoView({ block: 'center' });
  }, [parts]);
  return (
    <div className="markdown">
      <div dangerouslySetInnerHTML={{ __html: parts.before }} />
      {parts.passage && <div className="cited-passage" dangerouslySetInnerHTML={{ __html: parts.passage }} />}
      <div dangerouslySetInnerHTML={{ __html: parts.after }} />
    </div>
  );
}

/** PDF pages through pdf.js, images as images, everything else as its rendered Markdown. */
export function DocumentView({ documentId, mimeType, markdown, pageCount, page, onPage, cited }: Props) {
  const [pages, setPages] = useState(pageCount ?? 0);
  const onPageCount = useCallback((n: number) => setPages(n), []);
  const current = page ?? cited?.pageStart ?? 1;
  const boxes = useMemo(() => cited?.boxes ?? [], [cited]);
  const start = cited?.pageStart ?? null;
  const onCitedPage = start !== null && current >= start && current <= (cited?.pageEnd ?? start);

  if (mimeType === 'application/pdf') {
    return (
      <div className="pdf-view">
        <div className="pdf-nav">
          <button type="button" disabled={current <= 1} onClick={() => onPage(current - 1)} aria-label="Previous page">
            ‹
          </button>
          <span className="muted small" data-testid="page-of">
            Page {current}
            {pages ? ` of ${pages}` : ''}
          </span>
          <button type="button" disabled={pages > 0 && current >= pages} onClick={() => onPage(current + 1)} aria-label="Next page">
            ›
          </button>
        </div>
        <PdfPage
          documentId={documentId}
          page={current}
          boxes={boxes}
          passage={onCitedPage ? (cited?.text ?? null) : null}
          onPageCount={onPageCount}
        />
      </div>
    );
  }
  if (mimeType.startsWith('image/') && mimeType !== 'image/tiff') {
    return (
      <>
        <ImageView documentId={documentId} />
        {markdown && cited && <MarkdownView markdown={markdown} cited={cited} />}
      </>
    );
  }
  return markdown ? <MarkdownView markdown={markdown} cited={cited} /> : <p className="muted">No content yet.</p>;
}
