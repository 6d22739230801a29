import { useQuery } from '@apollo/client/react';
import { CollectionsQuery } from '../collection-queries.js';
import type { PickedCollection } from './collection-bar.js';

/**
 * The collections sidebar of wide screens: every knowledge base the caller belongs to, one click
 * away, with their role and document count, the current one marked. It picks exactly as the
 * picker in the collection bar does (which stays the way on narrow screens, where CSS hides this),
 * and shares its query, so both always list the same collections.
 */
export function CollectionNav({ picked, onPick }: { picked: PickedCollection | null; onPick: (c: PickedCollection | null) => void }) {
  const { data } = useQuery(CollectionsQuery, { fetchPolicy: 'cache-first' });
  const collections = data?.collections.edges.map((e) => e.node) ?? [];
  return (
    <nav className="card collection-nav" aria-label="Collections">
      <h2 className="muted small">Collections</h2>
      <ul>
        <li>
          <button type="button" aria-current={picked ? undefined : 'page'} onClick={() => onPick(null)}>
            <span className="ellipsis">All my documents</span>
          </button>
        </li>
        {collections.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              aria-current={picked?.id === c.id ? 'page' : undefined}
              title={c.description || c.name}
              onClick={() => onPick({ id: c.id, name: c.name, role: c.myRole })}
            >
              <span className="ellipsis">{c.name}</span>
              <span className="muted small">
                {c.myRole.toLowerCase()} · {c.documentCount}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {collections.length === 0 && <p className="muted small">None yet: “New collection” makes a shared knowledge base.</p>}
    </nav>
  );
}
