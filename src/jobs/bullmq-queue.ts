import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Logger } from '../logger.js';
import { jobIdFor, parsePayload, type JobHandlers, type JobName, type JobPayload } from './catalogue.js';
import type { EnqueueOptions, JobQueue, RetryPolicy } from './queue.js';

const QUEUE_NAME = 'documents';
const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

/**
 * Services mode: jobs live in Redis and any number of worker processes, on any machine, take
 * them. Job ids derive from the payload, so enqueueing the same document generation twice (a
 * retry of the upload request, the reconciler) adds one job.
 */
export class BullmqQueue implements JobQueue {
  private readonly queue: Queue;
  private worker?: Worker;

  constructor(
    private readonly redisUrl: string,
    private readonly prefix: string,
    private readonly policy: RetryPolicy,
    private readonly log: Logger,
  ) {
    this.queue = new Queue(QUEUE_NAME, { connection: this.connection(false), prefix });
    this.queue.on('error', (err) => this.log.error({ err }, 'queue connection error'));
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options?: EnqueueOptions): Promise<void> {
    const data = parsePayload(name, payload);
    await this.queue.add(name, data, {
      jobId: jobIdFor(name, data),
      attempts: this.policy.attempts,
      backoff: { type: 'exponential', delay: this.policy.backoffMs },
      priority: options?.priority,
      removeOnComplete: { age: 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
  }

  async work(handlers: JobHandlers, concurrency: number): Promise<void> {
    this.worker = new Worker(
      QUEUE_NAME,
      async (job) => {
        const name = job.name as JobName;
        const handler = handlers[name];
        if (!handler) throw new Error(`no handler for job ${job.name}`);
        await handler(parsePayload(name, job.data), {
          attempt: job.attemptsMade + 1,
          maxAttempts: job.opts.attempts ?? 1,
        });
      },
      {
        connection: this.connection(true),
        prefix: this.prefix,
        concurrency,
        lockDuration: this.policy.lockMs ?? 30_000,
        stalledInterval: this.policy.lockMs ?? 30_000,
        // A job stalls when its worker dies; several kills in a row must not fail the document
        // (the reconciler would still revive it, but later).
        maxStalledCount: 5,
      },
    );
    this.worker.on('error', (err) => this.log.error({ err }, 'worker connection error'));
    this.worker.on('failed', (job, err) => this.log.warn({ err, job: job?.id, attempt: job?.attemptsMade }, 'job attempt failed'));
    await this.worker.waitUntilReady();
  }

  async isLive<N extends JobName>(name: N, payload: JobPayload<N>): Promise<boolean> {
    const job = await this.queue.getJob(jobIdFor(name, parsePayload(name, payload)));
    if (!job) return false;
    const state = await job.getState();
    if (LIVE_STATES.has(state)) return true;
    // Completed or failed with the document still unfinished: free the id for a new attempt.
    await job.remove().catch((err: unknown) => this.log.warn({ err, job: job.id }, 'could not drop a finished job'));
    return false;
  }

  async pending(): Promise<number> {
    const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(counts).reduce((a, b) => a + b, 0);
  }

  async close(timeoutMs = 10_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const forced = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        void this.worker?.close(true).then(resolve, resolve);
      }, timeoutMs);
    });
    await Promise.race([this.worker?.close() ?? Promise.resolve(), forced]);
    clearTimeout(timer);
    await this.queue.close();
  }

  /** Workers block on Redis; BullMQ requires unlimited retries per request for them. */
  private connection(forWorker: boolean): ConnectionOptions {
    const u = new URL(this.redisUrl);
    return {
      host: u.hostname,
      port: Number(u.port || 6379),
      username: u.username || undefined,
      password: u.password ? decodeURIComponent(u.password) : undefined,
      db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined,
      tls: u.protocol === 'rediss:' ? {} : undefined,
      maxRetriesPerRequest: forWorker ? null : 20,
    };
  }
}
