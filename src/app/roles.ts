import { processDocument } from '../pipeline/process-document.js';
import { requeueUnfinished } from '../services/documents-service.js';
import type { Container } from './container.js';

/**
 * The worker role: consume pipeline jobs. Unfinished documents are put back on the queue first,
 * so work that was in flight when a process died (or that never reached the queue) resumes.
 */
export async function startWorkers(c: Container): Promise<void> {
  await requeueUnfinished(c);
  await c.queue.work(
    { 'document.process': (payload, job) => processDocument(c, payload, job) },
    c.config.workerConcurrency,
  );
  c.log.info({ concurrency: c.config.workerConcurrency }, 'workers started');
}

/** SIGTERM/SIGINT: stop taking work, finish what is running (bounded), then close connections. */
export function onShutdown(c: Container, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    c.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      c.log.error('shutdown timed out; exiting');
      process.exit(1);
    }, 30_000);
    force.unref();
    stop()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        c.log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
