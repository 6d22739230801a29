import { startPipelineLoops, type PipelineLoops } from '../jobs/pipeline-loops.js';
import { processDocument } from '../pipeline/process-document.js';
import { closeSandboxPool, sandboxPool } from '../sandbox/index.js';
import type { Container } from './container.js';
import { installProcessGuards } from './process-guards.js';

const loopsOf = new WeakMap<Container, PipelineLoops>();

/**
 * The worker role: converter sandboxes, the outbox dispatcher, the reconciler and the queue
 * consumer. The reconciler's first pass (at start) puts back every unfinished document whose job
 * was lost, so work in flight when a process died (or that never reached the queue) resumes.
 */
export async function startWorkers(c: Container): Promise<void> {
  // Sandboxes load every converter (seconds on a busy machine): start them without holding up
  // readiness; a job that arrives first waits for its sandbox.
  void sandboxPool(c).warm();
  loopsOf.set(c, startPipelineLoops(c));
  await c.queue.work(
    { 'document.process': (payload, job) => processDocument(c, payload, job) },
    c.config.workerConcurrency,
  );
  c.log.info({ concurrency: c.config.workerConcurrency }, 'workers started');
}

/**
 * Stops taking work (dispatcher, reconciler, queue consumer), gives running jobs
 * SHUTDOWN_TIMEOUT_MS to finish, then kills the sandboxes. A job cut off this way is handed
 * back: its document stays PROCESSING, its BullMQ lock lapses and another worker (or the
 * reconciler after a restart) runs it again; every stage write is idempotent.
 */
export async function stopWorkers(c: Container): Promise<void> {
  const loops = loopsOf.get(c);
  if (!loops) return;
  loopsOf.delete(c);
  await loops.stop();
  await c.queue.close(c.config.shutdownTimeoutMs);
  await closeSandboxPool(c);
}

/** SIGTERM/SIGINT: stop taking work, finish what is running (bounded), then close connections. */
export function onShutdown(c: Container, stop: () => Promise<void>): void {
  installProcessGuards(c.log);
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    c.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      c.log.error('shutdown timed out; exiting');
      process.exit(1);
    }, c.config.shutdownTimeoutMs + 10_000);
    force.unref();
    stopWorkers(c)
      .then(stop)
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        c.log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
