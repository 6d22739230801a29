import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { DeleteCollectionMutation, LeaveCollectionMutation, UpdateCollectionMutation } from '../collection-queries.js';
import type { CollectionRole } from '../gql/graphql.js';
import { ConfirmBox, useDialogAction, useModalDialog } from './dialog-actions.js';

export interface SettingsCollection {
  id: string;
  name: string;
  description: string;
  myRole: CollectionRole;
  documentCount: number;
}

const plural = (n: number) => `${n} document${n === 1 ? '' : 's'}`;

/**
 * A collection's settings in a modal <dialog>, shaped by the caller's role: the OWNER renames,
 * re-describes and deletes it; anyone else reads them and may leave. The owner cannot leave (the
 * server refuses), so the dialog says how instead of offering a button that fails. Deleting and
 * leaving ask once more, inline, and say what happens to the documents: they stay with their
 * owners, and only access through this collection ends. `onGone` runs when the caller has lost
 * the collection (deleted or left), so the page stops showing it.
 */
export function CollectionSettings({
  collection,
  onClose,
  onGone,
}: {
  collection: SettingsCollection;
  onClose: () => void;
  onGone: () => void;
}) {
  const ref = useModalDialog();
  const owner = collection.myRole === 'OWNER';
  const [name, setName] = useState(collection.name);
  const [description, setDescription] = useState(collection.description);
  const [confirming, setConfirming] = useState(false);
  const [saved, setSaved] = useState(false);
  const { error: actionError, act } = useDialogAction();
  const refetch = { refetchQueries: ['WebCollections', 'WebDocuments'], awaitRefetchQueries: true };
  const [update, updating] = useMutation(UpdateCollectionMutation);
  const [remove, removing] = useMutation(DeleteCollectionMutation, refetch);
  const [leave, leaving] = useMutation(LeaveCollectionMutation, refetch);
  const changed = name.trim() !== collection.name || description.trim() !== collection.description;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const input = { name: name.trim(), description: description.trim() };
    setSaved(await act(() => update({ variables: { id: collection.id, input } })));
  };

  /** Deleting or leaving: once the server agrees, the caller no longer has the collection. */
  const finish = async (run: () => Promise<{ error?: Error }>) => {
    if (!(await act(run))) return;
    ref.current?.close();
    onGone();
  };

  const busy = removing.loading || leaving.loading;
  return (
    <dialog ref={ref} className="members" aria-label={`Settings of ${collection.name}`} onClose={onClose}>
      <div className="members-head">
        <h2 className="ellipsis">Settings of {collection.name}</h2>
        <button type="button" className="link" onClick={() => ref.current?.close()}>
          Close
        </button>
      </div>
      <p className="muted small">
        You are {collection.myRole.toLowerCase()} · {plural(collection.documentCount)}
      </p>
      {owner ? (
        <form className="settings-form" onSubmit={(e) => void save(e)}>
          <label>
            Name
            <input
              required
              maxLength={200}
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                setSaved(false);
              }}
            />
          </label>
          <label>
            Description
            <textarea
              rows={3}
              maxLength={4000}
              value={description}
              onChange={(e) => {
                setDescription(e.target.value);
                setSaved(false);
              }}
            />
          </label>
          <div className="collection-row">
            <button type="submit" className="primary" disabled={updating.loading || !name.trim() || !changed}>
              Save
            </button>
            {saved && !changed && (
              <span className="muted small" data-testid="settings-saved">
                Saved
              </span>
            )}
          </div>
        </form>
      ) : (
        <p className="settings-description" data-testid="collection-description">
          {collection.description || <span className="muted">No description.</span>}
        </p>
      )}
      <div className="settings-danger">
        {!confirming && owner && (
          <>
            <p className="muted small">The owner cannot leave: make someone else owner in Members first, or delete the collection.</p>
            <button type="button" className="danger" onClick={() => setConfirming(true)}>
              Delete collection
            </button>
          </>
        )}
        {!confirming && !owner && (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            Leave collection
          </button>
        )}
        {confirming && (
          <ConfirmBox
            label="Confirm"
            text={
              owner
                ? `Delete “${collection.name}” for all its members? Its documents (${collection.documentCount}) are not deleted: they stay with their owners, and members lose access to those they do not own.`
                : `Leave “${collection.name}”? You lose access to its documents you do not own; they stay with their owners.`
            }
            action={owner ? 'Delete for everyone' : 'Leave'}
            busy={busy}
            onConfirm={() =>
              void finish(() =>
                owner ? remove({ variables: { id: collection.id } }) : leave({ variables: { collectionId: collection.id } }),
              )
            }
            onCancel={() => setConfirming(false)}
          />
        )}
      </div>
      {actionError && (
        <p className="error" data-testid="settings-error">
          {actionError}
        </p>
      )}
    </dialog>
  );
}
