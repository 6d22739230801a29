import type { Container } from '../app/container.js';
import type { Executor } from '../db/client.js';
import type { EventDetails } from '../db/repositories/events-repo.js';
import type { DocumentSummary } from '../db/repositories/documents-repo.js';
import type { DocumentEventType } from '../db/schema/index.js';
import { transition, type Announcement, type DocumentPatch } from './document-transitions.js';

/**
 * A stage that runs longer than this is announced on its own; a quicker one is announced by the
 * next write, in the same transaction.
 */
const ANNOUNCE_AFTER_MS = 100;

/**
 * The same for a document whose every stage is quick by construction (a small note converted in
 * process, pipeline/convert.stage.ts, with no embeddings provider to wait for, whose answer may
 * take seconds): its own work is a few milliseconds, so whatever longer it takes is waiting for
 * the database or the event loop behind other work, and writing "converting" on its own then only
 * adds a transaction (BEGIN, update, event, COMMIT) to that wait. In a bulk upload on PGlite that
 * was 0.1-0.3 transactions a document. The events are the same either way: they commit with the
 * document's next write, in order.
 */
export const QUICK_ANNOUNCE_AFTER_MS = 1000;

/**
 * One job's writer of its document's state. Entering a stage is worth an event (a client shows
 * "embedding…"), but not a transaction of its own when the stage is over in a few milliseconds,
 * as chunking a note is: that was four of the six commits a small document cost. So entering a
 * stage is *announced*: the announcement waits for the next write (the stage's own commit, a
 * progress report, the failure) and commits with it, events in order, or is written by itself
 * once the stage has run `ANNOUNCE_AFTER_MS`. Nothing is published before it is committed, and
 * every event still has its row, so replay and live delivery stay identical.
 *
 * Writes run one at a time in call order, so events never land out of order.
 */
export class DocumentWriter {
  private pending: Announcement[] = [];
  /** Status and stage as of the last change recorded: a change that sets neither keeps these. */
  private readonly state: DocumentPatch = {};
  private timer?: NodeJS.Timeout;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly c: Container,
    private readonly doc: { id: string; generation: number },
    private readonly announceAfterMs = ANNOUNCE_AFTER_MS,
  ) {}

  /** Records a state change to publish with the next write, or on its own if none comes soon. */
  announce(patch: DocumentPatch, type: DocumentEventType = 'PROCESSING_STATUS', details?: EventDetails): void {
    // Its event may be written with a later change (a progress report before the next stage's
    // commit): it carries the status and stage it was made in, not those of the row written.
    this.pending.push({ patch: { ...this.state, ...this.track(patch) }, type, details });
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.enqueue(() => this.flushPending()).catch((err: unknown) =>
        this.c.log.warn({ err, documentId: this.doc.id }, 'stage announcement failed'),
      );
    }, this.announceAfterMs);
  }

  /** A state change with its event, after any pending announcements; null when the job is stale. */
  transition(
    patch: DocumentPatch,
    type: DocumentEventType,
    options: { details?: EventDetails; extra?: (tx: Executor, row: DocumentSummary) => Promise<void> } = {},
  ): Promise<DocumentSummary | null> {
    this.track(patch);
    return this.enqueue(() => transition(this.c, this.doc, patch, type, { ...options, before: this.take() }));
  }

  /** Drops what was not written (the job ends); a timer must not write after that. */
  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }

  private async flushPending(): Promise<void> {
    const before = this.take();
    const last = before.pop();
    if (last) await transition(this.c, this.doc, last.patch, last.type, { details: last.details, before });
  }

  private track(patch: DocumentPatch): DocumentPatch {
    if (patch.status !== undefined) this.state.status = patch.status;
    if (patch.stage !== undefined) this.state.stage = patch.stage;
    return patch;
  }

  private take(): Announcement[] {
    clearTimeout(this.timer);
    this.timer = undefined;
    const taken = this.pending;
    this.pending = [];
    return taken;
  }

  private enqueue<T>(write: () => Promise<T>): Promise<T> {
    const run = this.chain.then(write);
    this.chain = run.catch(() => undefined);
    return run;
  }
}
