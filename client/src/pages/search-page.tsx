import { useLazyQuery, useQuery } from '@apollo/client/react';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { SearchHelp } from '../components/search-help.js';
import { formatDate } from '../components/status-badge.js';
import type { SearchFilter, SearchMode } from '../gql/graphql.js';
import { CollectionsQuery } from '../collection-queries.js';
import { SearchOptionsQuery, SearchQuery } from '../queries.js';
import { snippetParts } from '../snippet.js';

const MODES: { mode: SearchMode; label: string; hint: string }[] = [
  { mode: 'HYBRID', label: 'Hybrid', hint: 'Words and meaning, fused' },
  { mode: 'LEXICAL', label: 'Words', hint: 'Exact words (BM25)' },
  { mode: 'SEMANTIC', label: 'Meaning', hint: 'Similar meaning (embeddings)' },
];
const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'ru', 'zh', 'ja'];

/** The URL is the state: a search can be reloaded, shared and gone back to. */
function readParams(params: URLSearchParams) {
  return {
    q: params.get('q') ?? '',
    mode: (params.get('mode') as SearchMode | null) ?? null,
    type: params.get('type') ?? '',
    lang: params.get('lang') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    /** A collection id: search that knowledge base only (ranked with its own statistics). */
    collection: params.get('collection') ?? '',
    /** Comma-separated tags, all of which a document must carry. */
    tags: params.get('tags') ?? '',
  };
}

const tagList = (tags: string) =>
  tags
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);

function toFilter(p: ReturnType<typeof readParams>): SearchFilter | null {
  const filter: SearchFilter = {};
  if (p.type) filter.mimeTypes = p.type.split(',');
  if (p.lang) filter.language = p.lang;
  if (p.collection) filter.collectionIds = [p.collection];
  if (tagList(p.tags).length) filter.tags = tagList(p.tags);
  // Dates are days in the reader's time zone: from the start of `from` to the end of `to`.
  if (p.from) filter.createdAfter = new Date(`${p.from}T00:00:00`).toISOString();
  if (p.to) filter.createdBefore = new Date(new Date(`${p.to}T00:00:00`).getTime() + 86_400_000).toISOString();
  return Object.keys(filter).length ? filter : null;
}

export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const state = readParams(params);
  const [text, setText] = useState(state.q);
  const options = useQuery(SearchOptionsQuery);
  // Collections shared since the list was first loaded show up here too.
  const collections = useQuery(CollectionsQuery, { fetchPolicy: 'cache-and-network' });
  const [tagText, setTagText] = useState(state.tags);
  const available = useMemo(() => options.data?.searchModes ?? [], [options.data]);
  const mode: SearchMode = state.mode && available.includes(state.mode) ? state.mode : available.includes('HYBRID') ? 'HYBRID' : 'LEXICAL';
  const [run, { data, loading, error, called }] = useLazyQuery(SearchQuery, { fetchPolicy: 'network-only' });
  const filter = toFilter(state);
  const filterKey = JSON.stringify(filter);

  // Every change of the URL's query, mode or filters runs the search again.
  useEffect(() => {
    if (state.q && options.data) void run({ variables: { query: state.q, first: 20, mode, filter } });
    // filterKey stands for filter (a new object each render).
  }, [state.q, mode, filterKey, options.data, run]);

  const update = (patch: Partial<ReturnType<typeof readParams>>) => {
    const next = { ...state, ...patch };
    setParams(Object.fromEntries(Object.entries(next).filter(([, v]) => v)) as Record<string, string>);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) update({ q: text.trim() });
  };
  // The server ranks; sorting again keeps the promise "best first" visible whatever the mode.
  const hits = [...(data?.search ?? [])].sort((a, b) => b.score - a.score);
  const filtered = filter !== null;

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
      <div className="search-options">
        <div className="modes" role="radiogroup" aria-label="Mode">
          {MODES.map(({ mode: m, label, hint }) => {
            const can = available.includes(m);
            return (
              <button
                key={m}
                type="button"
                role="radio"
                aria-checked={mode === m}
                disabled={!can}
                title={can ? hint : `${hint} — not available on this server (needs an embeddings provider)`}
                onClick={() => update({ mode: m })}
              >
                {label}
              </button>
            );
          })}
        </div>
        {(collections.data?.collections.edges.length ?? 0) > 0 && (
          <select aria-label="Collection" value={state.collection} onChange={(e) => update({ collection: e.target.value })}>
            <option value="">All I can see</option>
            {collections.data!.collections.edges.map(({ node }) => (
              <option key={node.id} value={node.id}>
                {node.name}
              </option>
            ))}
          </select>
        )}
        <select aria-label="Type" value={state.type} onChange={(e) => update({ type: e.target.value })}>
          <option value="">Any type</option>
          {options.data?.supportedFormats.map((f) => (
            <option key={f.label} value={f.mimeTypes.join(',')}>
              {f.label}
            </option>
          ))}
        </select>
        <select aria-label="Language" value={state.lang} onChange={(e) => update({ lang: e.target.value })}>
          <option value="">Any language</option>
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {new Intl.DisplayNames(undefined, { type: 'language' }).of(l) ?? l}
            </option>
          ))}
        </select>
        <label className="date">
          <span className="muted small">From</span>
          <input type="date" aria-label="Uploaded from" value={state.from} onChange={(e) => update({ from: e.target.value })} />
        </label>
        <label className="date">
          <span className="muted small">To</span>
          <input type="date" aria-label="Uploaded until" value={state.to} onChange={(e) => update({ to: e.target.value })} />
        </label>
        <input
          type="text"
          className="tags-filter"
          aria-label="Tags"
          placeholder="Tags, comma-separated"
          value={tagText}
          onChange={(e) => setTagText(e.target.value)}
          onBlur={() => update({ tags: tagList(tagText).join(',') })}
          onKeyDown={(e) => {
            if (e.key === 'Enter') update({ tags: tagList(tagText).join(',') });
          }}
        />
        {filtered && (
          <button
            type="button"
            className="link"
            onClick={() => {
              setTagText('');
              update({ type: '', lang: '', from: '', to: '', collection: '', tags: '' });
            }}
          >
            Clear filters
          </button>
        )}
      </div>
      {error && <p className="error">{error.message}</p>}
      {!state.q && <SearchHelp nothingFound={false} />}
      {state.q && called && !loading && !error && hits.length === 0 && <SearchHelp nothingFound />}
      {hits.length > 0 && (
        <p className="muted small" data-testid="hit-count">
          {hits.length === 1 ? '1 passage' : `${hits.length} passages`}, best first
        </p>
      )}
      <ol className="hits">
        {hits.map((hit) => {
          const page = hit.chunk.pageStart;
          const cite = `/documents/${hit.document.id}?${page ? `page=${page}&` : ''}chunk=${hit.chunk.index}`;
          return (
            <li key={hit.chunk.id} className="hit" data-score={hit.score}>
              <div className="hit-head">
                <Link to={cite} className="docname ellipsis" title={hit.document.filename}>
                  {hit.document.title || hit.document.filename}
                </Link>
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
              </div>
              {hit.chunk.headings.length > 0 && <div className="headings small">{hit.chunk.headings.join(' › ')}</div>}
              <p className="snippet">
                {snippetParts(hit.snippet).map((part, i) =>
                  part.mark ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
                )}
              </p>
              <div className="muted small score">
                {hit.document.title && hit.document.title !== hit.document.filename ? `${hit.document.filename} · ` : ''}
                {formatDate(hit.document.createdAt)}
                {` · score ${hit.score.toFixed(3)}`}
                {hit.lexicalRank ? ` · words #${hit.lexicalRank}` : ''}
                {hit.semanticRank ? ` · meaning #${hit.semanticRank}` : ''}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
