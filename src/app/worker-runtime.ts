import { startPipelineLoops, type PipelineLoops } from '../jobs/pipeline-loops.js';
import { CancelRegistry } from '../pipeline/cancel-registry.js';
import { processDocument } from '../pipeline/process-document.js';
import type { SandboxPool } from '../sandbox/pool.js';
import { startEdgeDuties, type EdgeDuties } from './edge-duties.js';
import type { Container, LocalWorkers } from './container.js';

/**
 * Everything a process that runs the pipeline holds while it runs: the converter sandboxes, the
 * dispatcher and reconciler loops, and the registry of running conversions (for cancel). One
 * object, returned by `startWorkers` and stopped by its owner (main.ts, worker.ts, a test),
 * instead of module-level maps that two servers in one process would share.
 */
export class WorkerRuntime implements LocalWorkers {
  readonly sandboxes: SandboxPool;
  readonly cancels: CancelRegistry;
  private loops?: PipelineLoops;
  private edge?: EdgeDuties;
  private stopped?: Promise<void>;

  constructor(private readonly c: Container) {
    this.sandboxes = c.sandboxes;
    this.cancels = new CancelRegistry(c.db);
  }

  nudgeDispatch(): void {
    this.loops?.nudge();
  }

  cancelLocal(documentId: string): boolean {
    return this.cancels.cancelLocal(documentId);
  }

  /** @internal `startWorkers` does this; split out so the constructor stays free of effects. */
  async start(): Promise<void> {
    const { c } = this;
    // Sandboxes load every converter (seconds on a busy machine): start them without holding up
    // readiness; a job that arrives first waits for its sandbox.
    void this.sandboxes.warm();
    this.loops = startPipelineLoops(c);
    this.edge = startEdgeDuties(c);
    c.workers = this;
    const deps = { c, sandboxes: this.sandboxes, cancels: this.cancels };
    await c.queue.work({ 'document.process': (payload, job) => processDocument(deps, payload, job) }, c.config.workerConcurrency);
    c.log.info({ concurrency: c.config.workerConcurrency }, 'workers started');
  }

  /**
   * Stops taking work (dispatcher, reconciler, queue consumer), gives running jobs
   * SHUTDOWN_TIMEOUT_MS to finish, then kills the sandboxes. A job cut off this way is handed
   * back: its document stays PROCESSING, its BullMQ lock lapses and another worker (or the
   * reconciler after a restart) runs it again; every stage write is idempotent. Safe to call
   * twice.
   */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      const { c } = this;
      if (c.workers === this) c.workers = undefined;
      await this.loops?.stop();
      await this.edge?.stop();
      await c.queue.close(c.config.shutdownTimeoutMs);
      await this.sandboxes.close();
    })();
    return this.stopped;
  }
}

/**
 * The worker role: converter sandboxes, the outbox dispatcher, the reconciler and the queue
 * consumer. The reconciler's first pass (at start) puts back every unfinished document whose job
 * was lost, so work in flight when a process died (or that never reached the queue) resumes.
 */
export async function startWorkers(c: Container): Promise<WorkerRuntime> {
  const runtime = new WorkerRuntime(c);
  await runtime.start();
  return runtime;
}
