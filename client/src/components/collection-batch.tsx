import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { AddDocumentsMutation, CollectionsQuery, MoveDocumentsMutation, RemoveDocumentsMutation } from '../collection-queries.js';
import { canUpload, type PickedCollection } from './collection-bar.js';
import { failed } from './dialog-actions.js';

const docs = (n: number) => `${n} document${n === 1 ? '' : 's'}`;

/**
 * Collection actions for the selected documents, in the list's batch bar. Outside a collection:
 * add them to one. Inside one the caller edits (EDITOR or OWNER): take them out, or move them to
 * another collection they edit. A viewer gets no controls, and targets are only collections the
 * caller may edit. What the role cannot tell (only a document's owner may add or move it) is left
 * to the server, whose refusal is shown here. Documents never leave their owners: the message
 * after a removal says so.
 */
export function CollectionBatch({
  picked,
  ids,
  onDone,
}: {
  picked: PickedCollection | null;
  ids: string[];
  /**
   * After a change, with what to tell the user, or the server's refusal: shown by the page under
   * the bar (the bar itself goes once the selection clears).
   */
  onDone: (result: { message: string } | { error: string }) => void;
}) {
  const { data } = useQuery(CollectionsQuery, { fetchPolicy: 'cache-first' });
  const refetch = { refetchQueries: ['WebCollections', 'WebDocuments'], awaitRefetchQueries: true };
  const [add, adding] = useMutation(AddDocumentsMutation, refetch);
  const [remove, removing] = useMutation(RemoveDocumentsMutation, refetch);
  const [move, moving] = useMutation(MoveDocumentsMutation, refetch);
  const [target, setTarget] = useState('');
  const targets = (data?.collections.edges.map((e) => e.node) ?? []).filter((c) => canUpload(c.myRole) && c.id !== picked?.id);
  const chosen = targets.find((c) => c.id === target);
  const busy = adding.loading || removing.loading || moving.loading;

  const run = async (action: () => Promise<{ error?: Error }>, message: string) => {
    const res = await action().catch(failed);
    if (res.error) return onDone({ error: res.error.message });
    setTarget('');
    onDone({ message });
  };

  if (picked && !canUpload(picked.role)) {
    return <p className="muted small">As a viewer you cannot change what “{picked.name}” holds.</p>;
  }
  const n = ids.length;
  return (
    <div className="collection-batch">
      {picked && (
        <button
          type="button"
          disabled={busy || n === 0}
          onClick={() =>
            void run(
              () => remove({ variables: { collectionId: picked.id, documentIds: ids } }),
              `Removed ${docs(n)} from “${picked.name}”; they stay with their owners.`,
            )
          }
        >
          Remove from collection
        </button>
      )}
      {targets.length > 0 && (
        <div className="collection-row">
          <select
            aria-label={picked ? 'Move to collection' : 'Add to collection'}
            value={target}
            onChange={(e) => setTarget(e.target.value)}
          >
            <option value="">{picked ? 'Move to…' : 'Add to…'}</option>
            {targets.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={busy || !chosen || n === 0}
            onClick={() =>
              chosen &&
              void run(
                () =>
                  picked
                    ? move({ variables: { from: picked.id, to: chosen.id, documentIds: ids } })
                    : add({ variables: { collectionId: chosen.id, documentIds: ids } }),
                `${picked ? 'Moved' : 'Added'} ${docs(n)} to “${chosen.name}”.`,
              )
            }
          >
            {picked ? 'Move' : 'Add'}
          </button>
        </div>
      )}
    </div>
  );
}
