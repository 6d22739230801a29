import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { CollectionMembersQuery, InviteMemberMutation, RemoveMemberMutation } from '../collection-queries.js';
import type { CollectionRole } from '../gql/graphql.js';
import { formatDate } from './status-badge.js';

/** The roles an owner may invite as; ownership moves only by transfer, never by invitation. */
const INVITE_ROLES: CollectionRole[] = ['VIEWER', 'EDITOR'];

const failed = (err: unknown) => ({ error: err instanceof Error ? err : new Error('Request failed') });

/**
 * A collection's members in a modal <dialog> (focus trap and Escape come with the element).
 * Everyone sees who is in; only the OWNER invites an existing user by e-mail with a role and
 * removes members, so the controls are shown to the owner only and the server still checks.
 */
export function MembersDialog({ collectionId, name, onClose }: { collectionId: string; name: string; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const { data, error } = useQuery(CollectionMembersQuery, { variables: { id: collectionId }, fetchPolicy: 'cache-and-network' });
  const [invite, invited] = useMutation(InviteMemberMutation);
  const [remove, removed] = useMutation(RemoveMemberMutation);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<CollectionRole>('VIEWER');
  const [actionError, setActionError] = useState<string | null>(null);
  const collection = data?.node?.__typename === 'Collection' ? data.node : null;
  const owner = collection?.myRole === 'OWNER';

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setActionError(null);
    const res = await invite({ variables: { collectionId, email: email.trim(), role } }).catch(failed);
    if (res.error) setActionError(res.error.message);
    else setEmail('');
  };

  const drop = async (userId: string) => {
    setActionError(null);
    const res = await remove({ variables: { collectionId, userId } }).catch(failed);
    if (res.error) setActionError(res.error.message);
  };

  return (
    <dialog ref={ref} className="members" aria-label={`Members of ${name}`} onClose={onClose}>
      <div className="members-head">
        <h2 className="ellipsis">Members of {name}</h2>
        <button type="button" className="link" onClick={() => ref.current?.close()}>
          Close
        </button>
      </div>
      {error && <p className="error">{error.message}</p>}
      <ul className="member-list">
        {collection?.members.map((m) => (
          <li key={m.user.id} className="member" data-email={m.user.email}>
            <span className="ellipsis">{m.user.email}</span>
            <span className="muted small">
              {m.role.toLowerCase()} · since {formatDate(m.since)}
            </span>
            {owner && m.role !== 'OWNER' && (
              <button type="button" className="danger" disabled={removed.loading} onClick={() => void drop(m.user.id)}>
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      {owner && (
        <form className="collection-row" onSubmit={(e) => void submit(e)}>
          <input
            type="email"
            required
            placeholder="name@example.com"
            aria-label="Invite by e-mail"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <select aria-label="Role" value={role} onChange={(e) => setRole(e.target.value as CollectionRole)}>
            {INVITE_ROLES.map((r) => (
              <option key={r} value={r}>
                {r.toLowerCase()}
              </option>
            ))}
          </select>
          <button type="submit" disabled={invited.loading || !email.trim()}>
            Invite
          </button>
        </form>
      )}
      {actionError && (
        <p className="error" data-testid="members-error">
          {actionError}
        </p>
      )}
    </dialog>
  );
}
