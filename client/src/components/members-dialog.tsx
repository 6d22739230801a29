import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import {
  ChangeMemberRoleMutation,
  CollectionMembersQuery,
  InviteMemberMutation,
  RemoveMemberMutation,
  TransferOwnershipMutation,
} from '../collection-queries.js';
import type { CollectionRole } from '../gql/graphql.js';
import { ConfirmBox, useDialogAction, useModalDialog } from './dialog-actions.js';
import { formatDate } from './status-badge.js';

/** The roles an owner may invite as; ownership moves only by transfer, never by invitation. */
const INVITE_ROLES: CollectionRole[] = ['VIEWER', 'EDITOR'];

/**
 * A collection's members in a modal <dialog> (focus trap and Escape come with the element).
 * Everyone sees who is in; only the OWNER invites an existing user by e-mail with a role, changes
 * a member's role, removes members and hands ownership to a member (asking once more, since they
 * then become an editor), so the controls are shown to the owner only and the server still checks.
 */
export function MembersDialog({ collectionId, name, onClose }: { collectionId: string; name: string; onClose: () => void }) {
  const ref = useModalDialog();
  const { data, error } = useQuery(CollectionMembersQuery, { variables: { id: collectionId }, fetchPolicy: 'cache-and-network' });
  const [invite, invited] = useMutation(InviteMemberMutation);
  const [remove, removed] = useMutation(RemoveMemberMutation);
  const [changeRole, changing] = useMutation(ChangeMemberRoleMutation);
  const [transfer, transferring] = useMutation(TransferOwnershipMutation);
  /** The member the owner is about to make owner, awaiting confirmation. */
  const [heir, setHeir] = useState<{ id: string; email: string } | null>(null);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<CollectionRole>('VIEWER');
  const { error: actionError, act } = useDialogAction();
  const collection = data?.node?.__typename === 'Collection' ? data.node : null;
  const owner = collection?.myRole === 'OWNER';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await act(() => invite({ variables: { collectionId, email: email.trim(), role } }))) setEmail('');
  };
  const busy = removed.loading || changing.loading || transferring.loading;

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
              <div className="member-actions">
                <select
                  aria-label={`Role of ${m.user.email}`}
                  value={m.role}
                  disabled={busy}
                  onChange={(e) =>
                    void act(() => changeRole({ variables: { collectionId, userId: m.user.id, role: e.target.value as CollectionRole } }))
                  }
                >
                  {INVITE_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {r.toLowerCase()}
                    </option>
                  ))}
                </select>
                <button type="button" disabled={busy} onClick={() => setHeir({ id: m.user.id, email: m.user.email })}>
                  Make owner
                </button>
                <button
                  type="button"
                  className="danger"
                  disabled={busy}
                  onClick={() => void act(() => remove({ variables: { collectionId, userId: m.user.id } }))}
                >
                  Remove
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {owner && heir && (
        <ConfirmBox
          label="Confirm transfer"
          text={`Make ${heir.email} the owner of ${name}? You stay in it as an editor and can no longer manage members or settings.`}
          action="Transfer ownership"
          busy={busy}
          onConfirm={() => void act(() => transfer({ variables: { collectionId, userId: heir.id } })).then((ok) => ok && setHeir(null))}
          onCancel={() => setHeir(null)}
        />
      )}
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
