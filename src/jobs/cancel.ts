import { eq } from 'drizzle-orm';
import type { Container } from '../app/container.js';
import { documents } from '../db/schema/index.js';

/** How often a running conversion checks whether its document was cancelled or reprocessed. */
const WATCH_INTERVAL_MS = 1000;

const running = new Map<string, AbortController>();

/**
 * Cancellation of running work. `cancelProcessing` bumps the document's generation in the
 * database (the durable signal every worker, in any process, can see); the job's watcher polls
 * for that and aborts, which kills the sandbox running the converter. In the process that
 * served the mutation the abort is immediate.
 */
export function watchForCancel(c: Container, doc: { id: string; generation: number }) {
  const controller = new AbortController();
  running.set(doc.id, controller);
  const timer = setInterval(() => {
    c.db
      .select({ generation: documents.generation })
      .from(documents)
      .where(eq(documents.id, doc.id))
      .then(([row]) => {
        if (!row || row.generation !== doc.generation) controller.abort();
      })
      .catch(() => {
        // A database blip is not a cancellation; the next tick checks again.
      });
  }, WATCH_INTERVAL_MS);
  timer.unref();
  return {
    signal: controller.signal,
    stop() {
      clearInterval(timer);
      if (running.get(doc.id) === controller) running.delete(doc.id);
    },
  };
}

/** Aborts the document's running conversion if it runs in this process. */
export function cancelLocal(documentId: string): boolean {
  const controller = running.get(documentId);
  controller?.abort();
  return !!controller;
}
