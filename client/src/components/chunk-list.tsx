import { useState } from 'react';
import { citation } from '../files.js';

interface Chunk {
  id: string;
  index: number;
  text: string;
  pageStart?: number | null;
  pageEnd?: number | null;
  headings: string[];
  tokenCount: number;
}

interface Props {
  /** The document's title, first part of each citation. */
  title: string;
  chunks: readonly Chunk[];
  cited: number | null;
  onOpen?: (chunk: Chunk) => void;
  /** The cited passage above the viewer: no list chrome. */
  compact?: boolean;
}

function pageLabel(c: Chunk) {
  if (c.pageStart == null) return null;
  return c.pageEnd != null && c.pageEnd !== c.pageStart ? `pages ${c.pageStart}–${c.pageEnd}` : `page ${c.pageStart}`;
}

/** Chunks with their provenance (heading path, page) and a copy button that adds the citation. */
export function ChunkList({ title, chunks, cited, onOpen, compact }: Props) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async (c: Chunk) => {
    await navigator.clipboard.writeText(citation(title, c));
    setCopied(c.id);
    setTimeout(() => setCopied((id) => (id === c.id ? null : id)), 2000);
  };
  return (
    <ol className={compact ? 'chunks compact' : 'chunks'}>
      {chunks.map((c) => (
        <li key={c.id} id={`chunk-${c.index}`} className={c.index === cited ? 'hit' : ''} data-chunk={c.index}>
          <div className="chunk-head muted small">
            <span>
              {compact ? 'Cited passage' : `#${c.index}`}
              {pageLabel(c) ? ` · ${pageLabel(c)}` : ''}
              {c.headings.length ? ` · ${c.headings.join(' › ')}` : ''}
              {compact ? '' : ` · ${c.tokenCount} tokens`}
            </span>
            <span className="chunk-buttons">
              {onOpen && (
                <button type="button" className="link" onClick={() => onOpen(c)}>
                  Show in document
                </button>
              )}
              <button type="button" className="link" onClick={() => void copy(c)}>
                {copied === c.id ? 'Copied' : 'Copy with citation'}
              </button>
            </span>
          </div>
          {!compact && <p className="chunk-text">{c.text}</p>}
        </li>
      ))}
    </ol>
  );
}
