import type { Logger } from '../logger.js';
import type { EventDetails } from '../db/repositories/events-repo.js';
import type { DocumentWriter } from './document-writer.js';

/** A stage's share of the overall progress bar: it runs from `from` to `from + weight`. */
export interface ProgressSpan {
  from: number;
  weight: number;
}

/** Overall progress (0..1) when a stage spanning `span` is `fraction` (clamped to 0..1) done. */
export const progressAt = (span: ProgressSpan, fraction: number) =>
  Math.min(1, span.from + span.weight * Math.max(0, Math.min(1, fraction)));

/**
 * The one progress writer every stage reports through (pages converted, batches embedded).
 * Each report is a state change with its event (PROCESSING_STATUS), so it is throttled to one
 * write per `everyMs`, the last report (fraction 1) always getting through; writes run one at a
 * time in report order, so the published progress never goes backwards. A failed write is
 * logged, never fatal: progress is a courtesy, the stage's own commit is what counts.
 *
 * The throttle starts when the stage does, since entering it has just written progress.
 */
export class StageProgress {
  private lastWrite = Date.now();
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly writer: DocumentWriter,
    private readonly log: Logger,
    readonly span: ProgressSpan,
    private readonly everyMs: number,
  ) {}

  /** Overall progress at `fraction` of this stage: for the stage's own commit. */
  at(fraction: number): number {
    return progressAt(this.span, fraction);
  }

  /**
   * `last` (by default: the stage is done) is written whatever the throttle says; since the
   * stage's own commit follows it at once, it is announced to ride with that commit (or written
   * alone if the commit does not come soon, document-writer.ts) instead of costing a transaction.
   */
  report(fraction: number, details?: EventDetails, last = fraction >= 1): void {
    const now = Date.now();
    if (!last && now - this.lastWrite < this.everyMs) return;
    this.lastWrite = now;
    const progress = this.at(fraction);
    if (last) {
      // After the writes already under way, so the events stay in report order.
      this.writing = this.writing.then(() => this.writer.announce({ progress }, 'PROCESSING_STATUS', details));
      return;
    }
    this.writing = this.writing.then(() =>
      this.writer
        .transition({ progress }, 'PROCESSING_STATUS', details ? { details } : {})
        .catch((err: unknown) => this.log.warn({ err }, 'progress update failed')),
    );
  }

  /** Waits for the reports in flight: call it before the stage commits, so none lands after. */
  flush(): Promise<unknown> {
    return this.writing;
  }
}
