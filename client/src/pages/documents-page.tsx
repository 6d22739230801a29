import { useMutation, useQuery } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { StatusBadge, formatBytes } from '../components/status-badge.js';
import { UploadZone } from '../components/upload-zone.js';
import { useLiveEvents } from '../events-context.js';
import type { DocumentFilter, DocumentStatus } from '../gql/graphql.js';
import { DeleteMutation, DocumentsQuery, FormatsQuery, ReprocessMutation } from '../queries.js';

const PAGE_SIZE = 20;
const STATUSES: DocumentStatus[] = ['QUEUED', 'PROCESSING', 'INDEXED', 'FAILED'];

export function DocumentsPage() {
  const [status, setStatus] = useState<DocumentStatus | ''>('');
  const [type, setType] = useState('');
  const [name, setName] = useState('');
  /** Cursors of the pages before the current one, for "Previous". */
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [batchError, setBatchError] = useState<string | null>(null);
  const { latest } = useLiveEvents();
  const formats = useQuery(FormatsQuery);
  const filter = useMemo<DocumentFilter>(
    () => ({
      ...(status ? { status: [status] } : {}),
      ...(type ? { mimeTypes: type.split(',') } : {}),
      ...(name.trim() ? { filename: name.trim() } : {}),
    }),
    [status, type, name],
  );
  const after = cursors.at(-1) ?? null;
  const { data, loading, error } = useQuery(DocumentsQuery, {
    variables: { first: PAGE_SIZE, after, filter },
    fetchPolicy: 'cache-and-network',
  });
  const [del] = useMutation(DeleteMutation);
  const [reprocess] = useMutation(ReprocessMutation);
  const edges = data?.documents.edges ?? [];
  const resetPaging = () => {
    setCursors([null]);
    setSelected(new Set());
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

  return (
    <>
      <UploadZone />
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
          </div>
        )}
        {batchError && <p className="error">{batchError}</p>}
        {error && <p className="error">{error.message}</p>}
        {!loading && edges.length === 0 && <p className="muted empty">No documents yet. Drop some files above.</p>}
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
                <div className="docmain">
                  <Link to={`/documents/${node.id}`} className="docname">
                    {node.title || node.filename}
                  </Link>
                  <span className="muted small">
                    {node.filename !== (node.title || node.filename) ? `${node.filename} · ` : ''}
                    {formatBytes(node.sizeBytes)}
                    {node.pageCount ? ` · ${node.pageCount} pages` : ''}
                    {node.chunkCount ? ` · ${node.chunkCount} chunk${node.chunkCount === 1 ? '' : 's'}` : ''}
                    {` · ${new Date(node.createdAt).toLocaleString()}`}
                  </span>
                  {node.error && (
                    <span className="error small">
                      {node.error.code}: {node.error.message}
                    </span>
                  )}
                </div>
                <StatusBadge
                  status={node.status}
                  stage={node.stage}
                  progress={node.progress}
                  page={live?.page}
                  pageCount={live?.pageCount}
                />
              </li>
            );
          })}
        </ul>
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
      </section>
    </>
  );
}
