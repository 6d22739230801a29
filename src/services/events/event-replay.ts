import type { Container } from '../../app/container.js';
import { hasDocumentEvents, listEventsAfter } from '../../db/repositories/events-repo.js';
import { AppError, ErrorCode, badInput } from '../../errors.js';
import type { DocumentEventMessage } from '../../pubsub/topics.js';
import { currentKeyScope, captureScope } from '../../security/tenant-scope.js';
import { documentAccess } from '../../db/repositories/visibility.js';
import { listenSharedEvents } from './shared-events.js';

/** Rows read from the database per replay query; the next page is read when the client pulls. */
const REPLAY_PAGE = 200;
/**
 * Live events held for a client that does not read them. Past this the stream ends with an
 * error rather than growing without bound; the client resumes from its last cursor.
 */
const MAX_PENDING = 5_000;

export function parseCursor(after: string | null | undefined): number | null {
  if (after == null) return null;
  if (!/^\d{1,15}$/.test(after)) throw badInput('`after` must be an event cursor', { field: 'after' });
  return Number(after);
}

/** Whether the owner ever had events for this document: a deleted document's stream is still theirs. */
export function hasEventHistory(c: Container, ownerId: string, documentId: string): Promise<boolean> {
  return hasDocumentEvents(c.db, ownerId, documentId);
}

/**
 * For a request made with a collection-scoped API key: the owner's own live events pass only for
 * documents the key can reach (visibility.ts decides, from the captured scope). Checks run one
 * after another so events keep their order; null for an unscoped caller (no checks at all).
 * Replay needs no such filter: its query applies the same rule (events-repo.ts).
 */
function scopedKeyFilter(c: Container, userId: string) {
  if (!currentKeyScope()?.collectionIds) return null;
  const run = captureScope();
  const canSee = (documentId: string) =>
    run(() => documentAccess(c.db, userId, documentId)).then(
      (a) => a !== null,
      (err: unknown) => {
        c.log.error({ err, documentId }, 'scoped key event access check failed');
        return false;
      },
    );
  let chain: Promise<void> = Promise.resolve();
  return (m: DocumentEventMessage, deliver: () => void) => {
    chain = chain.then(async () => {
      if (await canSee(m.documentId)) deliver();
    });
  };
}

/**
 * The caller's document events, of their own documents and of those shared with them through
 * collections: first those stored after `after` (when given, by the visibility rule: see
 * `listEventsAfter`), then live ones (shared ones checked against the caller's access on arrival,
 * shared-events.ts), with no gap and no duplicate where the two meet.
 *
 * Order of work: listen to the live topics first and buffer, wait until that subscription is in
 * force, then page through the stored rows, then drain the buffer skipping what replay already
 * delivered. An event committed during replay is therefore either in a replay page or in the
 * buffer (or both, and then sent once). Skipping goes by the set of replayed cursors rather than
 * by "≤ last cursor", because ids are taken at insert and two transactions can commit out of id
 * order.
 *
 * A hand-written iterator rather than an async generator: `return()` must stop listening at once
 * when the client unsubscribes, even while waiting for the next event.
 */
export function replayThenLive(
  c: Container,
  ownerId: string,
  options: { documentId?: string; after?: string | null },
): AsyncIterableIterator<DocumentEventMessage> {
  const after = parseCursor(options.after);
  const wanted = (m: DocumentEventMessage) =>
    (!options.documentId || m.documentId === options.documentId) && (after === null || Number(m.cursor) > after);

  const pending: DocumentEventMessage[] = [];
  /** Live events that arrived while replaying; null once replay is over. */
  let buffer: DocumentEventMessage[] | null = after === null ? null : [];
  const replayed = new Set<string>();
  let replayFrom = after ?? 0;
  let waiter: (() => void) | null = null;
  let finished = false;
  let failure: unknown = null;

  const wake = () => {
    const w = waiter;
    waiter = null;
    w?.();
  };
  const keyFilter = scopedKeyFilter(c, ownerId);
  const handle = c.bus.listenDocumentEvents(ownerId, (m) => {
    if (finished || !wanted(m)) return;
    if (keyFilter) return keyFilter(m, () => live(m));
    live(m);
  });
  /** A live event (own or shared) that passed its checks: held while replaying, else queued once. */
  function live(m: DocumentEventMessage) {
    if (finished) return;
    if (buffer) return void buffer.push(m);
    if (replayed.has(m.cursor)) return;
    if (pending.length >= MAX_PENDING) {
      failure = new AppError(ErrorCode.RESOURCE_LIMIT, 'Too many unread events; resubscribe with `after`');
    } else pending.push(m);
    wake();
  }

  // Documents shared with the caller (shared-events.ts), each checked on arrival; replay covers
  // their stored events too, so they meet replay through the same buffer as the caller's own.
  const shared = listenSharedEvents(c, ownerId, (m) => {
    if (finished || !wanted(m)) return;
    live(m);
  });
  shared.ready.catch((err: unknown) => c.log.error({ err }, 'listening to shared documents failed'));

  const stop = () => {
    if (finished) return;
    finished = true;
    handle.close();
    shared.close();
    pending.length = 0;
    buffer = null;
    wake();
  };

  /** Reads the next replay page; when replay is done, moves the buffered live events over. */
  const replayPage = async () => {
    await handle.ready;
    await shared.ready.catch(() => {});
    const page = await listEventsAfter(c.db, ownerId, { after: replayFrom, documentId: options.documentId, limit: REPLAY_PAGE });
    if (finished) return;
    for (const m of page) {
      replayed.add(m.cursor);
      pending.push(m);
    }
    const last = page.at(-1);
    if (last) replayFrom = Number(last.cursor);
    if (page.length < REPLAY_PAGE) {
      const held = buffer ?? [];
      buffer = null;
      for (const m of held) if (!replayed.has(m.cursor)) pending.push(m);
    }
  };

  const iterator: AsyncIterableIterator<DocumentEventMessage> = {
    async next() {
      for (;;) {
        if (failure) {
          const err = failure;
          stop();
          throw err;
        }
        const value = pending.shift();
        if (value) return { value, done: false };
        if (finished) return { value: undefined, done: true };
        if (buffer) {
          try {
            await replayPage();
          } catch (err) {
            stop();
            throw err;
          }
          continue;
        }
        await new Promise<void>((resolve) => (waiter = resolve));
      }
    },
    async return() {
      stop();
      return { value: undefined, done: true };
    },
    async throw(err?: unknown) {
      stop();
      throw err;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
