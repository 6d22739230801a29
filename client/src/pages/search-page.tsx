import { useLazyQuery } from '@apollo/client/react';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { snippetParts } from '../snippet.js';
import { SearchQuery } from '../queries.js';

export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const [run, { data, loading, error, called }] = useLazyQuery(SearchQuery, { fetchPolicy: 'network-only' });

  // A shared or reloaded /search?q=… link shows its results straight away.
  const initial = params.get('q');
  useEffect(() => {
    if (initial) void run({ variables: { query: initial, first: 20 } });
    // Only on arrival: later searches go through the form.
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    setParams({ q: text.trim() });
    void run({ variables: { query: text.trim(), first: 20 } });
  };
  const hits = data?.search ?? [];

  return (
    <section className="card">
      <form className="searchbar" onSubmit={submit} role="search">
        <input
          type="search"
          name="q"
          placeholder='Search your documents — "exact phrase", OR, -exclude'
          aria-label="Search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          autoFocus
        />
        <button type="submit" className="primary" disabled={loading}>
          Search
        </button>
      </form>
      {error && <p className="error">{error.message}</p>}
      {called && !loading && !error && hits.length === 0 && <p className="muted empty">No matches.</p>}
      <ol className="hits">
        {hits.map((hit) => {
          const page = hit.chunk.pageStart;
          const cite = `/documents/${hit.document.id}?${page ? `page=${page}&` : ''}chunk=${hit.chunk.index}`;
          return (
            <li key={hit.chunk.id} className="hit">
              <Link to={cite} className="docname">
                {hit.document.filename}
              </Link>
              <p className="snippet">
                {snippetParts(hit.snippet).map((part, i) =>
                  part.mark ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
                )}
              </p>
              <div className="muted small">
                {page ? (
                  <Link to={cite} className="cite">
                    p. {page}
                    {hit.chunk.pageEnd && hit.chunk.pageEnd !== page ? `–${hit.chunk.pageEnd}` : ''}
                  </Link>
                ) : (
                  <Link to={cite} className="cite">
                    chunk #{hit.chunk.index}
                  </Link>
                )}
                {` · score ${hit.score.toFixed(3)}`}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
