import { useApolloClient } from '@apollo/client/react';
import { useState } from 'react';
import { exportName, fetchOriginal, saveBlob } from '../files.js';
import { DocumentQuery } from '../queries.js';

interface Props {
  id: string;
  filename: string;
}

type Format = 'md' | 'txt' | 'json';

/** Apollo's bookkeeping (`__typename`) and the paged chunk connection are not the export's business. */
function plain<T extends object>(value: T): Omit<T, '__typename' | 'chunks'> {
  const copy = { ...value } as Record<string, unknown>;
  delete copy.__typename;
  delete copy.chunks;
  return copy as Omit<T, '__typename' | 'chunks'>;
}

/**
 * Download of the stored original and exports of what Docsphere made of it. The JSON export
 * carries the document's fields, metadata and every chunk (all pages of them) with its
 * provenance, so it can feed another tool without the API.
 */
export function DocumentActions({ id, filename }: Props) {
  const client = useApolloClient();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (what: string, job: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    try {
      await job();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  };

  const exportAs = (format: Format) =>
    run(format, async () => {
      const first = await client.query({ query: DocumentQuery, variables: { id }, fetchPolicy: 'network-only' });
      const doc = first.data?.document;
      if (!doc) throw new Error('The document is gone');
      if (format === 'md') return saveBlob(new Blob([doc.markdown ?? ''], { type: 'text/markdown' }), exportName(filename, 'md'));
      if (format === 'txt') return saveBlob(new Blob([doc.text ?? ''], { type: 'text/plain' }), exportName(filename, 'txt'));
      const chunks = doc.chunks.edges.map((e) => e.node);
      let page = doc.chunks.pageInfo;
      while (page.hasNextPage) {
        const more = await client.query({
          query: DocumentQuery,
          variables: { id, chunksAfter: page.endCursor },
          fetchPolicy: 'network-only',
        });
        const next = more.data?.document?.chunks;
        if (!next) break;
        chunks.push(...next.edges.map((e) => e.node));
        page = next.pageInfo;
      }
      const json = { ...plain(doc), chunks: chunks.map(plain) };
      saveBlob(new Blob([JSON.stringify(json, null, 2)], { type: 'application/json' }), exportName(filename, 'json'));
    });

  return (
    <div className="doc-actions">
      <button
        type="button"
        disabled={busy !== null}
        onClick={() => void run('file', async () => saveBlob(await fetchOriginal(id), filename))}
      >
        {busy === 'file' ? 'Downloading…' : 'Download original'}
      </button>
      <select
        aria-label="Export"
        value=""
        disabled={busy !== null}
        onChange={(e) => {
          if (e.target.value) void exportAs(e.target.value as Format);
        }}
      >
        <option value="">{busy && busy !== 'file' ? 'Exporting…' : 'Export as…'}</option>
        <option value="md">Markdown (.md)</option>
        <option value="txt">Plain text (.txt)</option>
        <option value="json">JSON with chunks (.json)</option>
      </select>
      {error && <span className="error small">{error}</span>}
    </div>
  );
}
