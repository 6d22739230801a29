import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ChunkList } from '../components/chunk-list.js';
import { DocumentActions } from '../components/document-actions.js';
import { DocumentCollections } from '../components/document-collections.js';
import { DocumentView } from '../components/document-view.js';
import { StatusBadge, formatBytes, formatDate, pages as pagesLabel } from '../components/status-badge.js';
import { TagEditor } from '../components/tag-editor.js';
import { useLiveEvents } from '../events-context.js';
import { DeleteMutation, DocumentQuery, ReprocessMutation } from '../queries.js';

type Tab = 'view' | 'chunks' | 'details';

/**
 * One document: its pages (PDF), picture (image) or rendered Markdown, with a cited chunk
 * (`?chunk=index`, from a search hit or the chunk list) marked where it sits, its chunks, and
 * its details. `?page=` opens a PDF on that page.
 */
export function DocumentPage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page')) || null;
  const chunkParam = params.get('chunk');
  const chunkIndex = chunkParam === null ? null : Number(chunkParam);
  const [tab, setTab] = useState<Tab>('view');
  const navigate = useNavigate();
  const live = useLiveEvents().latest[id];
  const { data, loading, error, refetch, fetchMore } = useQuery(DocumentQuery, { variables: { id } });
  const [del] = useMutation(DeleteMutation);
  const [reprocess] = useMutation(ReprocessMutation);
  const doc = data?.document;

  // Content (markdown, chunks) is only written when indexing ends: fetch it again then.
  useEffect(() => {
    if (live?.type === 'DOCUMENT_INDEXED' || live?.type === 'DOCUMENT_FAILED') void refetch();
  }, [live?.type, live?.cursor, refetch]);

  const chunks = doc?.chunks.edges.map((e) => e.node) ?? [];
  const cited = chunkIndex === null ? null : (chunks.find((c) => c.index === chunkIndex) ?? null);
  const pageInfo = doc?.chunks.pageInfo;

  // A cited chunk beyond the first page of chunks: load pages until it is there.
  useEffect(() => {
    if (chunkIndex !== null && !cited && pageInfo?.hasNextPage) void fetchMore({ variables: { chunksAfter: pageInfo.endCursor } });
  }, [chunkIndex, cited, pageInfo?.hasNextPage, pageInfo?.endCursor, fetchMore]);

  const goTo = (next: { page?: number | null; chunk?: number | null }) => {
    const p = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) {
      if (value === null || value === undefined) p.delete(key);
      else p.set(key, String(value));
    }
    setParams(p, { replace: false });
  };

  if (loading && !doc) return <p className="muted">Loading…</p>;
  if (error) return <p className="error">{error.message}</p>;
  if (!doc)
    return (
      <div className="card">
        <p>This document does not exist (or was deleted).</p>
        <Link to="/">Back to documents</Link>
      </div>
    );

  return (
    <article className="card doc">
      <div className="doc-head">
        <div className="doc-title">
          <Link to="/" className="muted small">
            ← Documents
          </Link>
          <h1 title={doc.title || doc.filename}>{doc.title || doc.filename}</h1>
          <div className="muted small doc-sub">
            <StatusBadge status={doc.status} stage={doc.stage} progress={doc.progress} page={live?.page} pageCount={live?.pageCount} />
            <span className="ellipsis">{doc.filename}</span>
            {doc.pageCount ? <span>{pagesLabel(doc.pageCount)}</span> : null}
            <span>{formatBytes(doc.sizeBytes)}</span>
          </div>
          <TagEditor documentId={id} tags={doc.tags} />
          <DocumentCollections documentId={id} collections={doc.collections} />
        </div>
        <div className="actions">
          <DocumentActions id={id} filename={doc.filename} />
          <button type="button" onClick={() => void reprocess({ variables: { id } })}>
            Reprocess
          </button>
          <button
            type="button"
            className="danger"
            onClick={async () => {
              if (!confirm(`Delete ${doc.filename}?`)) return;
              await del({ variables: { id }, refetchQueries: ['WebDocuments'] });
              void navigate('/');
            }}
          >
            Delete
          </button>
        </div>
      </div>
      {doc.error && (
        <p className="error">
          {doc.error.code}: {doc.error.message}
        </p>
      )}
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'view'} onClick={() => setTab('view')}>
          View
        </button>
        <button type="button" role="tab" aria-selected={tab === 'chunks'} onClick={() => setTab('chunks')}>
          Chunks ({doc.chunkCount})
        </button>
        <button type="button" role="tab" aria-selected={tab === 'details'} onClick={() => setTab('details')}>
          Details
        </button>
      </div>
      {tab === 'view' && (
        <>
          {cited && <ChunkList title={doc.title || doc.filename} chunks={[cited]} cited={cited.index} compact />}
          <DocumentView
            documentId={id}
            mimeType={doc.mimeType}
            markdown={doc.markdown}
            pageCount={doc.pageCount}
            page={page}
            onPage={(p) => goTo({ page: p })}
            cited={cited}
          />
        </>
      )}
      {tab === 'chunks' && (
        <>
          <ChunkList
            title={doc.title || doc.filename}
            chunks={chunks}
            cited={chunkIndex}
            onOpen={(c) => {
              goTo({ chunk: c.index, page: c.pageStart ?? null });
              setTab('view');
            }}
          />
          {pageInfo?.hasNextPage && (
            <button type="button" onClick={() => void fetchMore({ variables: { chunksAfter: pageInfo.endCursor } })}>
              Load more chunks
            </button>
          )}
        </>
      )}
      {tab === 'details' && (
        <dl className="meta">
          <dt>File</dt>
          <dd>{doc.filename}</dd>
          <dt>Type</dt>
          <dd>{doc.mimeType}</dd>
          <dt>Size</dt>
          <dd>{formatBytes(doc.sizeBytes)}</dd>
          {doc.pageCount ? (
            <>
              <dt>Pages</dt>
              <dd>{doc.pageCount}</dd>
            </>
          ) : null}
          {doc.language ? (
            <>
              <dt>Language</dt>
              <dd>{doc.language}</dd>
            </>
          ) : null}
          <dt>Chunks</dt>
          <dd>{doc.chunkCount}</dd>
          <dt>Uploaded</dt>
          <dd>{formatDate(doc.createdAt)}</dd>
          <dt>SHA-256</dt>
          <dd className="mono small">{doc.sha256}</dd>
        </dl>
      )}
    </article>
  );
}
