import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { StatusBadge, formatBytes } from '../components/status-badge.js';
import { useLiveEvents } from '../events-context.js';
import { renderMarkdown } from '../markdown.js';
import { DeleteMutation, DocumentQuery, ReprocessMutation } from '../queries.js';

type Tab = 'preview' | 'chunks';

export function DocumentPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const page = Number(params.get('page')) || null;
  const chunkIndex = params.get('chunk');
  const [tab, setTab] = useState<Tab>(chunkIndex !== null ? 'chunks' : 'preview');
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

  const html = useMemo(() => (doc?.markdown ? renderMarkdown(doc.markdown) : ''), [doc?.markdown]);
  const chunks = doc?.chunks.edges.map((e) => e.node) ?? [];
  const pages = useMemo(() => {
    const byPage = new Map<number, number>();
    for (const c of chunks) for (let p = c.pageStart ?? 0; p && p <= (c.pageEnd ?? p); p++) byPage.set(p, (byPage.get(p) ?? 0) + 1);
    return byPage;
  }, [chunks]);
  const shown = page
    ? chunks.filter((c) => c.pageStart !== null && c.pageStart !== undefined && c.pageStart <= page && (c.pageEnd ?? c.pageStart) >= page)
    : chunks;

  useEffect(() => {
    if (chunkIndex !== null && tab === 'chunks') document.getElementById(`chunk-${chunkIndex}`)?.scrollIntoView({ block: 'center' });
  }, [chunkIndex, tab, chunks.length]);

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
        <div>
          <Link to="/" className="muted small">
            ← Documents
          </Link>
          <h1>{doc.title || doc.filename}</h1>
        </div>
        <div className="actions">
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
      <dl className="meta">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={doc.status} stage={doc.stage} progress={doc.progress} page={live?.page} pageCount={live?.pageCount} />
        </dd>
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
        <dd>{new Date(doc.createdAt).toLocaleString()}</dd>
        <dt>SHA-256</dt>
        <dd className="mono small">{doc.sha256}</dd>
        {doc.error && (
          <>
            <dt>Error</dt>
            <dd className="error">
              {doc.error.code}: {doc.error.message}
            </dd>
          </>
        )}
      </dl>
      {pages.size > 0 && (
        <nav className="pages" aria-label="Pages">
          <span className="muted small">Pages:</span>
          <Link to={`/documents/${id}`} className={!page ? 'active' : ''} onClick={() => setTab('chunks')}>
            all
          </Link>
          {[...pages.keys()]
            .sort((a, b) => a - b)
            .map((p) => (
              <Link key={p} to={`/documents/${id}?page=${p}`} className={page === p ? 'active' : ''} onClick={() => setTab('chunks')}>
                {p}
              </Link>
            ))}
        </nav>
      )}
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'preview'} onClick={() => setTab('preview')}>
          Preview
        </button>
        <button type="button" role="tab" aria-selected={tab === 'chunks'} onClick={() => setTab('chunks')}>
          Chunks ({shown.length})
        </button>
      </div>
      {tab === 'preview' ? (
        html ? (
          <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />
        ) : (
          <p className="muted">No content yet.</p>
        )
      ) : (
        <ol className="chunks">
          {shown.map((c) => (
            <li key={c.id} id={`chunk-${c.index}`} className={String(c.index) === chunkIndex ? 'hit' : ''}>
              <div className="muted small">
                #{c.index}
                {c.pageStart ? ` · page ${c.pageStart}${c.pageEnd && c.pageEnd !== c.pageStart ? `–${c.pageEnd}` : ''}` : ''}
                {c.headings.length ? ` · ${c.headings.join(' › ')}` : ''}
                {` · ${c.tokenCount} tokens`}
              </div>
              <p className="chunk-text">{c.text}</p>
            </li>
          ))}
        </ol>
      )}
      {tab === 'chunks' && doc.chunks.pageInfo.hasNextPage && (
        <button type="button" onClick={() => void fetchMore({ variables: { chunksAfter: doc.chunks.pageInfo.endCursor } })}>
          Load more chunks
        </button>
      )}
    </article>
  );
}
