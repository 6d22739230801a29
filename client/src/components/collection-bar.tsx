import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useState, type FormEvent } from 'react';
import { CollectionsQuery, CreateCollectionMutation } from '../collection-queries.js';
import { CollectionSettings } from './collection-settings.js';
import { MembersDialog } from './members-dialog.js';
import type { CollectionRole } from '../gql/graphql.js';

export interface PickedCollection {
  id: string;
  name: string;
  role: CollectionRole;
}

/** Only these roles may add documents, so only they get uploads routed into the collection. */
export const canUpload = (role: CollectionRole) => role === 'OWNER' || role === 'EDITOR';

/**
 * The caller's collections as a picker: choosing one narrows the documents list to it and sends
 * new uploads into it; "New collection" creates one (the caller becomes its OWNER) and picks it.
 * The tag filter sits here too, as the second way to narrow the list by what users assigned.
 * The picked collection follows the server: a rename or a role change (ownership handed on)
 * shows at once, and a collection the caller lost (deleted, left, removed) is unpicked.
 */
export function CollectionBar({
  picked,
  onPick,
  tags,
  onTags,
}: {
  picked: PickedCollection | null;
  onPick: (c: PickedCollection | null) => void;
  tags: string;
  onTags: (tags: string) => void;
}) {
  const { data, error } = useQuery(CollectionsQuery, { fetchPolicy: 'cache-and-network' });
  const [create, created] = useMutation(CreateCollectionMutation, {
    refetchQueries: ['WebCollections'],
    // Pick it only once the picker lists it, or the select would show no option for it.
    awaitRefetchQueries: true,
  });
  const [adding, setAdding] = useState(false);
  const [open, setOpen] = useState<'members' | 'settings' | null>(null);
  const [name, setName] = useState('');
  const [createError, setCreateError] = useState<string | null>(null);
  const collections = data?.collections.edges.map((e) => e.node) ?? [];
  const current = picked ? collections.find((c) => c.id === picked.id) : undefined;

  useEffect(() => {
    if (!picked || !data) return;
    if (!current) onPick(null);
    else if (current.name !== picked.name || current.myRole !== picked.role)
      onPick({ id: current.id, name: current.name, role: current.myRole });
  }, [picked, data, current, onPick]);
  // A dialog belongs to the collection it was opened for.
  useEffect(() => setOpen(null), [picked?.id]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setCreateError(null);
    const res = await create({ variables: { input: { name: name.trim() } } }).catch((err: unknown) => ({
      data: undefined,
      error: err instanceof Error ? err : new Error('Could not create the collection'),
    }));
    const c = res.data?.createCollection;
    if (res.error || !c) {
      setCreateError(res.error?.message ?? 'Could not create the collection');
      return;
    }
    setName('');
    setAdding(false);
    onPick({ id: c.id, name: c.name, role: c.myRole });
  };

  return (
    <section className="card collections" data-testid="collections">
      <div className="collection-row">
        <select
          aria-label="Collection"
          value={picked?.id ?? ''}
          onChange={(e) => {
            const c = collections.find((x) => x.id === e.target.value);
            onPick(c ? { id: c.id, name: c.name, role: c.myRole } : null);
          }}
        >
          <option value="">All my documents</option>
          {collections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} · {c.myRole.toLowerCase()} · {c.documentCount}
            </option>
          ))}
        </select>
        <input
          type="search"
          placeholder="Filter by tags"
          aria-label="Filter by tags"
          value={tags}
          onChange={(e) => onTags(e.target.value)}
        />
        {picked && (
          <>
            <button type="button" onClick={() => setOpen('members')}>
              Members
            </button>
            <button type="button" onClick={() => setOpen('settings')}>
              Settings
            </button>
          </>
        )}
        {!adding && (
          <button type="button" onClick={() => setAdding(true)}>
            New collection
          </button>
        )}
      </div>
      {adding && (
        <form className="collection-row" onSubmit={(e) => void submit(e)}>
          <input
            autoFocus
            placeholder="Collection name"
            aria-label="Collection name"
            value={name}
            maxLength={200}
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit" disabled={!name.trim() || created.loading}>
            Create
          </button>
          <button type="button" className="link" onClick={() => setAdding(false)}>
            Cancel
          </button>
        </form>
      )}
      {picked && (
        <p className="muted small" data-testid="collection-note">
          {canUpload(picked.role)
            ? `Showing “${picked.name}”; new uploads go into it.`
            : `Showing “${picked.name}”; as a viewer, your uploads stay outside it.`}
        </p>
      )}
      {picked && open === 'members' && <MembersDialog collectionId={picked.id} name={picked.name} onClose={() => setOpen(null)} />}
      {current && open === 'settings' && (
        <CollectionSettings collection={current} onClose={() => setOpen(null)} onGone={() => onPick(null)} />
      )}
      {createError && <p className="error">{createError}</p>}
      {error && <p className="error">{error.message}</p>}
    </section>
  );
}
