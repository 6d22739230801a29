import type { JobContext, JobPayload } from '../jobs/catalogue.js';
import { startPipelineLoops, type PipelineLoops } from '../jobs/pipeline-loops.js';
import { CancelRegistry } from '../pipeline/cancel-registry.js';
import { processDocument } from '../pipeline/process-document.js';
import type { EventListenerHandle } from '../pubsub/event-bus.js';
import type { SandboxPool } from '../sandbox/pool.js';
import { startBm25FoldDuty } from './bm25-fold-duty.js';
import { startEdgeDuties, type EdgeDuties } from './edge-duties.js';
import type { PeriodicDuty } from './periodic-duty.js';
import type { Container, LocalWorkers } from './container.js';

/** How long after start the converter sandboxes are forked, if no job forked them first. */
const SANDBOX_WARM_DELAY_MS = 2000;

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
  private fold?: PeriodicDuty;
  private nudges?: EventListenerHandle;
  private stopped?: Promise<void>;
  private warmTimer?: NodeJS.Timeout;

  constructor(private readonly c: Container) {
    this.sandboxes = c.sandboxes;
    this.cancels = new CancelRegistry(c.db);
  }

  nudgeDispatch(urgent = false): void {
    this.loops?.nudge(urgent);
  }

  cancelLocal(documentId: string): boolean {
    return this.cancels.cancelLocal(documentId);
  }

  /** @internal `startWorkers` does this; split out so the constructor stays free of effects. */
  async start(): Promise<void> {
    const { c } = this;
    // Sandboxes are forked after start, not during it: readiness does not wait for (or share the
    // CPU with) the forks, and a job that comes first forks its own. A child is cheap to start
    // now that converters load on first use.
    this.warmTimer = setTimeout(() => void this.sandboxes.warm(), SANDBOX_WARM_DELAY_MS).unref();
    this.loops = startPipelineLoops(c);
    // Uploads committed by API processes (services mode) wake this dispatcher at once.
    this.nudges = c.bus.listenOutboxNudges((n) => this.nudgeDispatch(n.urgent));
    this.nudges.ready.catch((err: unknown) => c.log.warn({ err }, 'outbox nudges unavailable; the dispatcher tick still runs'));
    this.edge = startEdgeDuties(c);
    this.fold = startBm25FoldDuty(
      c.db,
      c.config.bm25FoldIntervalMs,
      c.config.bm25,
      c.config.bm25ImpactListChunks,
      c.log.child({ part: 'bm25-fold' }),
    );
    c.workers = this;
    const deps = { c, sandboxes: this.sandboxes, cancels: this.cancels };
    // A finished job frees a slot: top the window up now rather than at the next tick.
    const run = (payload: JobPayload<'document.process'>, job: JobContext) =>
      processDocument(deps, payload, job).finally(() => this.loops?.jobDone());
    await c.queue.work({ 'document.process': run }, c.config.workerConcurrency);
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
      clearTimeout(this.warmTimer);
      this.nudges?.close();
      await this.loops?.stop();
      await this.edge?.stop();
      await this.fold?.stop();
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
