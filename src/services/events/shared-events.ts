import type { Container } from '../../app/container.js';
import { documentAccess, sharingOwners } from '../../db/repositories/visibility.js';
import type { EventListenerHandle } from '../../pubsub/event-bus.js';
import type { DocumentEventMessage } from '../../pubsub/topics.js';
import { captureScope } from '../../security/tenant-scope.js';

/**
 * Live events of documents shared with a user through collections. Topics are per owner, so the
 * subscriber listens to the topics of the owners who share documents with them (as found when it
 * subscribes) and checks its access to each event's document as the event arrives: a member who
 * is removed stops receiving at the next event, with nothing to tear down. Checks run one after
 * another, so events keep their order. Limits: an owner who first shares with the user after the
 * subscription started is heard only after resubscribing; a deletion is not heard by members
 * (the document, and with it the access, is gone). Stored events of shared documents are
 * replayed by event-replay.ts, under the same visibility rule.
 */
export function listenSharedEvents(
  c: Container,
  userId: string,
  onEvent: (message: DocumentEventMessage) => void,
): { ready: Promise<void>; close(): void } {
  let closed = false;
  let handles: EventListenerHandle[] = [];
  let chain: Promise<void> = Promise.resolve();
  // Bus callbacks arrive outside the subscribing request: replay its scope (user and API key).
  const run = captureScope();
  const deliver = (m: DocumentEventMessage) => {
    chain = chain.then(async () => {
      if (closed) return;
      const access = await run(() => documentAccess(c.db, userId, m.documentId)).catch((err: unknown) => {
        c.log.error({ err, documentId: m.documentId }, 'shared event access check failed');
        return null;
      });
      if (access && !closed) onEvent(m);
    });
  };
  const ready = run(() => sharingOwners(c.db, userId)).then(async (owners) => {
    if (closed) return;
    handles = owners.map((owner) => c.bus.listenDocumentEvents(owner, deliver));
    await Promise.all(handles.map((h) => h.ready));
  });
  return {
    ready,
    close() {
      closed = true;
      for (const h of handles) h.close();
      handles = [];
    },
  };
}
