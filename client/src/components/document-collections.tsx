import { useMutation } from '@apollo/client/react';
import { RemoveDocumentsMutation } from '../collection-queries.js';
import type { CollectionRole } from '../gql/graphql.js';
import { canUpload } from './collection-bar.js';
import { useDialogAction } from './dialog-actions.js';

/**
 * The caller's collections holding a document, on its page, each with × to take it out where
 * the caller edits that collection (EDITOR or OWNER; a viewer sees the name only). Taking it out
 * deletes nothing: the document stays with its owner, as the button's title says.
 */
export function DocumentCollections({
  documentId,
  collections,
}: {
  documentId: string;
  collections: readonly { id: string; name: string; myRole: CollectionRole }[];
}) {
  const [remove, { loading }] = useMutation(RemoveDocumentsMutation, {
    refetchQueries: ['WebDocument', 'WebCollections', 'WebDocuments'],
    awaitRefetchQueries: true,
  });
  const { error, act } = useDialogAction();
  if (!collections.length) return null;
  return (
    <div className="doc-collections" data-testid="document-collections">
      <span className="muted small">In</span>
      <span className="chips">
        {collections.map((c) => (
          <span key={c.id} className="chip">
            <span className="chip-text">{c.name}</span>
            {canUpload(c.myRole) && (
              <button
                type="button"
                aria-label={`Remove from ${c.name}`}
                title="Takes it out of the collection; the document stays with its owner"
                disabled={loading}
                onClick={() => void act(() => remove({ variables: { collectionId: c.id, documentIds: [documentId] } }))}
              >
                ×
              </button>
            )}
          </span>
        ))}
      </span>
      {error && <p className="error small">{error}</p>}
    </div>
  );
}
