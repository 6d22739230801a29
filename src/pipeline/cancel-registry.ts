import type { Executor } from '../db/client.js';
import { findDocumentGeneration } from '../db/repositories/documents-repo.js';

/** How often a running conversion checks whether its document was cancelled or reprocessed. */
const WATCH_INTERVAL_MS = 1000;

export interface CancelWatch {
  /** Aborts when the document leaves the job's generation (cancelled, reprocessed, deleted). */
  signal: AbortSignal;
  stop(): void;
}

/**
 * Cancellation of running work. `cancelProcessing` bumps the document's generation in the
 * database (the durable signal every worker, in any process, can see); each running
 * conversion's watcher polls for that and aborts, which kills the sandbox running the
 * converter. In the process that served the mutation the abort is immediate (`cancelLocal`).
 *
 * One registry per worker runtime (app/worker-runtime.ts), not per module, so two servers in
 * one process (the tests run several) never abort each other's work.
 */
export class CancelRegistry {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly db: Executor,
    private readonly intervalMs = WATCH_INTERVAL_MS,
  ) {}

  watch(doc: { id: string; generation: number }): CancelWatch {
    const controller = new AbortController();
    this.running.set(doc.id, controller);
    const timer = setInterval(() => {
      findDocumentGeneration(this.db, doc.id)
        .then((generation) => {
          if (generation !== doc.generation) controller.abort();
        })
        .catch(() => {
          // A database blip is not a cancellation; the next tick checks again.
        });
    }, this.intervalMs);
    timer.unref();
    return {
      signal: controller.signal,
      stop: () => {
        clearInterval(timer);
        if (this.running.get(doc.id) === controller) this.running.delete(doc.id);
      },
    };
  }

  /** Aborts the document's running conversion if it runs under this registry. */
  cancelLocal(documentId: string): boolean {
    const controller = this.running.get(documentId);
    controller?.abort();
    return !!controller;
  }
}
