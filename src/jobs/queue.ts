import type { JobHandlers, JobName, JobPayload } from './catalogue.js';

export interface EnqueueOptions {
  /** Lower runs first (BullMQ semantics). */
  priority?: number;
}

/**
 * The job queue port: BullMQ on Redis in services mode, an in-process runner in the embedded
 * default. Both apply the same retry policy (attempts, exponential backoff) and the same
 * idempotent job ids, so pipeline code cannot tell them apart.
 */
export interface JobQueue {
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options?: EnqueueOptions): Promise<void>;
  /** Starts consuming jobs in this process. */
  work(handlers: JobHandlers, concurrency: number): Promise<void>;
  /**
   * Whether the job for this payload is waiting, delayed or running. When it is not, its id is
   * free again (a finished or failed job with that id is dropped), so the caller may enqueue it
   * anew: the reconciler's check for jobs lost to a Redis flush or a dead worker.
   */
  isLive<N extends JobName>(name: N, payload: JobPayload<N>): Promise<boolean>;
  /** Jobs waiting or running, for readiness and metrics. */
  pending(): Promise<number>;
  /** Stops taking jobs, lets running ones finish (up to `timeoutMs`), and disconnects. */
  close(timeoutMs?: number): Promise<void>;
}

export interface RetryPolicy {
  attempts: number;
  /** First retry delay; doubles on each further attempt. */
  backoffMs: number;
  /**
   * How long a job stays with a worker that stopped renewing its lock (killed, frozen) before
   * it is handed to another worker. Converters run in sandboxes, so a busy worker still renews.
   */
  lockMs?: number;
}

export const backoffDelay = (policy: RetryPolicy, attempt: number) => policy.backoffMs * 2 ** Math.max(0, attempt - 1);
