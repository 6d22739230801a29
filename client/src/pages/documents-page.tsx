import { useMutation, useQuery } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { CollectionBar, canUpload, type PickedCollection } from '../components/collection-bar.js';
import { CollectionBatch } from '../components/collection-batch.js';
import { CollectionNav } from '../components/collection-nav.js';
import { StatusBadge, formatBytes, formatDate, pages } from '../components/status-badge.js';
import { TagChips, parseTags } from '../components/tag-editor.js';
import { Thumbnail } from '../components/thumbnail.js';
import { UploadZone } from '../components/upload-zone.js';
import { useLiveEvents } from '../events-context.js';
import type { DocumentFilter, DocumentSort, DocumentStatus } from '../gql/graphql.js';
import { DeleteMutation, DocumentsQuery, FormatsQuery, ReprocessMutation } from '../queries.js';

const PAGE_SIZE = 20;
const STATUSES: DocumentStatus[] = ['QUEUED', 'PROCESSING', 'INDEXED', 'FAILED'];

export function DocumentsPage() {
  const [status, setStatus] = useState<DocumentStatus | ''>('');
  const [type, setType] = useState('');
  const [name, setName] = useState('');
  const [sort, setSort] = useState<DocumentSort>('NEWEST');
  const [collection, setCollection] = useState<PickedCollection | null>(null);
  const [tagText, setTagText] = useState('');
  const tags = useMemo(() => parseTags(tagText), [tagText]);
  /** Cursors of the pages before the current one, for "Previous". */
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [batchError, setBatchError] = useState<string | null>(null);
  /** What the last collection action did, or the server's refusal of it. */
  const [notice, setNotice] = useState<{ message: string } | { error: string } | null>(null);
  const { latest } = useLiveEvents();
  const formats = useQuery(FormatsQuery);
  const filter = useMemo<DocumentFilter>(
    () => ({
      ...(status ? { status: [status] } : {}),
      ...(type ? { mimeTypes: type.split(',') } : {}),
      ...(name.trim() ? { filename: name.trim() } : {}),
      ...(collection ? { collectionIds: [collection.id] } : {}),
      ...(tags.length ? { tags } : {}),
    }),
    [status, type, name, collection, tags],
  );
  const after = cursors.at(-1) ?? null;
  const { data, error } = useQuery(DocumentsQuery, {
    variables: { first: PAGE_SIZE, after, filter, sort },
    fetchPolicy: 'cache-and-network',
  });
  const [del] = useMutation(DeleteMutation);
  const [reprocess] = useMutation(ReprocessMutation);
  const edges = data?.documents.edges ?? [];
  const total = data?.documents.totalCount ?? 0;
  const filtered = Object.keys(filter).length > 0;
  const listedIds = useMemo(() => new Set(edges.map((e) => e.node.id)), [edges]);
  const allSelected = edges.length > 0 && edges.every((e) => selected.has(e.node.id));
  const paged = cursors.length > 1 || Boolean(data?.documents.pageInfo.hasNextPage);
  const resetPaging = () => {
    setCursors([null]);
    setSelected(new Set());
    setNotice(null);
  };

  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const batch = async (action: 'delete' | 'reprocess') => {
    if (action === 'delete' && !confirm(`Delete ${selected.size} document(s)?`)) return;
    setBatchError(null);
    const ids = [...selected];
    const results = await Promise.allSettled(
      ids.map((id) =>
        action === 'delete' ? del({ variables: { id }, refetchQueries: ['WebDocuments'] }) : reprocess({ variables: { id } }),
      ),
    );
    const failed = results.filter((r) => r.status === 'rejected' || r.value.error).length;
    if (failed) setBatchError(`${failed} of ${ids.length} could not be ${action === 'delete' ? 'deleted' : 'reprocessed'}`);
    setSelected(new Set());
  };

  const pick = (c: PickedCollection | null) => {
    setCollection(c);
    resetPaging();
  };

  return (
    <div className="with-sidebar">
      <CollectionNav picked={collection} onPick={pick} />
      <div className="page-main">
        <CollectionBar
          picked={collection}
          onPick={pick}
          tags={tagText}
          onTags={(t) => {
            setTagText(t);
            resetPaging();
          }}
        />
        <UploadZone listed={listedIds} collectionId={collection && canUpload(collection.role) ? collection.id : undefined} />
        <section className="card">
          <div className="toolbar">
            <input
              type="search"
              placeholder="Filter by name"
              aria-label="Filter by name"
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                resetPaging();
              }}
            />
            <select
              aria-label="Status"
              value={status}
              onChange={(e) => {
                setStatus(e.target.value as DocumentStatus | '');
                resetPaging();
              }}
            >
              <option value="">Any status</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s.toLowerCase()}
                </option>
              ))}
            </select>
            <select
              aria-label="Type"
              value={type}
              onChange={(e) => {
                setType(e.target.value);
                resetPaging();
              }}
            >
              <option value="">Any type</option>
              {formats.data?.supportedFormats.map((f) => (
                <option key={f.label} value={f.mimeTypes.join(',')}>
                  {f.label}
                </option>
              ))}
            </select>
            <select
              aria-label="Sort"
              value={sort}
              onChange={(e) => {
                setSort(e.target.value as DocumentSort);
                resetPaging();
              }}
            >
              <option value="NEWEST">Newest</option>
              <option value="NAME">Name A–Z</option>
              <option value="SIZE">Largest</option>
            </select>
          </div>
          <div className="listhead">
            <label className="selectall">
              <input
                type="checkbox"
                aria-label="Select all"
                checked={allSelected}
                disabled={edges.length === 0}
                onChange={() => setSelected(allSelected ? new Set() : new Set(edges.map((e) => e.node.id)))}
              />
              <span className="muted small" data-testid="total">
                {data ? `${total} document${total === 1 ? '' : 's'}${filtered ? ' match' : ''}` : ' '}
              </span>
            </label>
          </div>
          {selected.size > 0 && (
            <div className="batchbar">
              <span>{selected.size} selected</span>
              <button type="button" onClick={() => void batch('reprocess')}>
                Reprocess
              </button>
              <button type="button" className="danger" onClick={() => void batch('delete')}>
                Delete
              </button>
              <CollectionBatch
                picked={collection}
                ids={[...selected]}
                onDone={(result) => {
                  if ('message' in result) setSelected(new Set());
                  setNotice(result);
                }}
              />
            </div>
          )}
          {batchError && <p className="error">{batchError}</p>}
          {notice && 'message' in notice && (
            <p className="muted small" data-testid="collection-batch-done">
              {notice.message}
            </p>
          )}
          {notice && 'error' in notice && (
            <p className="error" data-testid="collection-batch-error">
              {notice.error}
            </p>
          )}
          {error && <p className="error">{error.message}</p>}
          {data && edges.length === 0 && !filtered && (
            <p className="muted empty" data-testid="empty">
              No documents yet. Drop some files above.
            </p>
          )}
          {data && edges.length === 0 && filtered && (
            <p className="muted empty" data-testid="no-match">
              No document matches this filter.{' '}
              <button
                type="button"
                className="link"
                onClick={() => {
                  setName('');
                  setStatus('');
                  setType('');
                  setTagText('');
                  setCollection(null);
                  resetPaging();
                }}
              >
                Clear filters
              </button>
            </p>
          )}
          <ul className="doclist">
            {edges.map(({ node }) => {
              const live = latest[node.id];
              return (
                <li key={node.id} className="docrow" data-filename={node.filename} data-status={node.status.toLowerCase()}>
                  <input
                    type="checkbox"
                    aria-label={`Select ${node.filename}`}
                    checked={selected.has(node.id)}
                    onChange={() => toggle(node.id)}
                  />
                  <Thumbnail documentId={node.id} filename={node.filename} mimeType={node.mimeType} sizeBytes={node.sizeBytes} />
                  <div className="docmain">
                    <Link to={`/documents/${node.id}`} className="docname ellipsis" title={node.title || node.filename}>
                      {node.title || node.filename}
                    </Link>
                    {node.filename !== (node.title || node.filename) && <span className="muted small ellipsis">{node.filename}</span>}
                    <span className="muted small">
                      {formatBytes(node.sizeBytes)}
                      {node.pageCount ? ` · ${pages(node.pageCount)}` : ''}
                      {node.chunkCount ? ` · ${node.chunkCount} chunk${node.chunkCount === 1 ? '' : 's'}` : ''}
                      {` · ${formatDate(node.createdAt)}`}
                    </span>
                    <TagChips tags={node.tags} />
                    {node.error && (
                      <span className="error small">
                        {node.error.code}: {node.error.message}
                      </span>
                    )}
                  </div>
                  <StatusBadge
                    status={node.status}
                    stage={live?.stage ?? node.stage}
                    progress={node.progress}
                    page={live?.page}
                    pageCount={live?.pageCount}
                  />
                </li>
              );
            })}
          </ul>
          {paged && (
            <div className="pager">
              <button type="button" disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
                Previous
              </button>
              <span className="muted">Page {cursors.length}</span>
              <button
                type="button"
                disabled={!data?.documents.pageInfo.hasNextPage}
                onClick={() => setCursors((c) => [...c, data?.documents.pageInfo.endCursor ?? null])}
              >
                Next
              </button>
            </div>
          )}
        </section>
      </div>
    </div>
  );
}
