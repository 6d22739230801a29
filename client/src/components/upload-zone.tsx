import { useMutation } from '@apollo/client/react';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { Link } from 'react-router';
import { useLiveEvents } from '../events-context.js';
import type { DocumentStatus } from '../gql/graphql.js';
import { UploadMutation } from '../queries.js';
import { StatusBadge, formatBytes } from './status-badge.js';

interface UploadItem {
  key: string;
  collectionId?: string;
  file: File;
  loaded: number;
  total: number;
  documentId?: string;
  duplicate?: boolean;
  /** Status as the upload answered; live events take over from it. */
  status?: DocumentStatus;
  error?: string;
}

/** Files sent at once; the rest wait, so many small files do not starve each other's progress. */
const PARALLEL = 3;

/**
 * Drop zone and file picker. Each file is its own request, so each gets its own byte progress
 * (XHR upload events) and its own error; once stored, its row follows the live pipeline events
 * until the documents list shows the document (`listed`), then leaves: one row per document.
 * Failures and duplicates stay until cleared, with their message. With `collectionId` each file
 * also goes into that collection (the picker passes it only where the caller may add documents).
 */
export function UploadZone({ listed, collectionId }: { listed: ReadonlySet<string>; collectionId?: string }) {
  const [items, setItems] = useState<UploadItem[]>([]);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const [upload] = useMutation(UploadMutation);
  const { latest } = useLiveEvents();
  const queue = useRef<UploadItem[]>([]);
  const running = useRef(0);

  // A stored file the list now shows moves there; a duplicate stays to say it was already there.
  useEffect(() => {
    setItems((all) => {
      const kept = all.filter((i) => !i.documentId || i.duplicate || !listed.has(i.documentId));
      return kept.length === all.length ? all : kept;
    });
  }, [listed, items.length]);

  const patch = (key: string, p: Partial<UploadItem>) => setItems((all) => all.map((i) => (i.key === key ? { ...i, ...p } : i)));

  const pump = () => {
    while (running.current < PARALLEL && queue.current.length) {
      const item = queue.current.shift()!;
      running.current += 1;
      upload({
        variables: { file: item.file, options: item.collectionId ? { collectionId: item.collectionId } : undefined },
        refetchQueries: item.collectionId ? ['WebCollections'] : [],
        context: {
          fetchOptions: {
            onUploadProgress: (loaded: number, total: number) => patch(item.key, { loaded, total: total || item.file.size }),
          },
        },
      })
        .then((res) => {
          const payload = res.data?.uploadDocument;
          if (res.error || !payload) patch(item.key, { error: res.error?.message ?? 'Upload failed' });
          else
            patch(item.key, {
              documentId: payload.document.id,
              duplicate: payload.duplicate,
              status: payload.document.status,
              loaded: item.file.size,
              total: item.file.size,
            });
        })
        .catch((err: unknown) => patch(item.key, { error: err instanceof Error ? err.message : 'Upload failed' }))
        .finally(() => {
          running.current -= 1;
          pump();
        });
    }
  };

  const add = (files: FileList | null) => {
    if (!files?.length) return;
    const added = [...files].map((file) => ({
      key: `${Date.now()}-${Math.random()}`,
      file,
      loaded: 0,
      total: file.size,
      // Fixed when dropped: switching the picker later does not move files still queued.
      collectionId,
    }));
    setItems((all) => [...added, ...all]);
    queue.current.push(...added);
    pump();
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    add(e.dataTransfer.files);
  };

  return (
    <section className="card">
      <div
        className={`dropzone ${over ? 'over' : ''}`}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        onClick={() => input.current?.click()}
        role="button"
        tabIndex={0}
        onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && input.current?.click()}
      >
        <strong>Drop files here</strong>
        <span className="muted">or click to choose · PDF, Word, HTML, Markdown, images and more</span>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          onChange={(e) => {
            add(e.target.files);
            e.target.value = '';
          }}
        />
      </div>
      {items.length > 0 && (
        <div className="uploads-head">
          <span className="muted small">
            {items.filter((i) => !i.documentId && !i.error).length
              ? `Uploading ${items.filter((i) => !i.documentId && !i.error).length} of ${items.length}`
              : `${items.length} file${items.length === 1 ? '' : 's'}`}
          </span>
          <button type="button" className="link" onClick={() => setItems((all) => all.filter((i) => !i.error && !i.documentId))}>
            Clear
          </button>
        </div>
      )}
      {items.length > 0 && (
        <ul className="uploads">
          {items.map((item) => {
            const event = item.documentId ? latest[item.documentId] : undefined;
            const doc = event?.document;
            const pct = item.total ? Math.round((item.loaded / item.total) * 100) : 0;
            return (
              <li key={item.key} className="upload" data-filename={item.file.name}>
                <div className="upload-head">
                  {item.documentId ? <Link to={`/documents/${item.documentId}`}>{item.file.name}</Link> : <span>{item.file.name}</span>}
                  <span className="muted">{formatBytes(item.file.size)}</span>
                </div>
                {item.error ? (
                  <p className="error" data-testid="upload-error">
                    {item.error}
                  </p>
                ) : item.duplicate ? (
                  <p className="muted small">Already in your documents</p>
                ) : !item.documentId ? (
                  <div className="bytes">
                    <progress max={100} value={pct} />
                    <span className="muted">{pct < 100 ? `${pct}% uploaded` : 'uploaded, checking…'}</span>
                  </div>
                ) : (
                  <div className="bytes">
                    <StatusBadge
                      status={event?.status ?? item.status ?? 'QUEUED'}
                      stage={event?.stage}
                      progress={event?.progress ?? 0}
                      page={event?.page}
                      pageCount={event?.pageCount}
                    />
                    {item.duplicate && <span className="muted">already uploaded</span>}
                    {(doc?.error ?? event?.error) && <span className="error">{(doc?.error ?? event?.error)?.message}</span>}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
