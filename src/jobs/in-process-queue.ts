import PQueue from 'p-queue';
import type { Logger } from '../logger.js';
import { runInScope } from '../security/tenant-scope.js';
import { jobIdFor, parsePayload, type JobHandlers, type JobName, type JobPayload } from './catalogue.js';
import { backoffDelay, type EnqueueOptions, type JobQueue, type RetryPolicy } from './queue.js';

/**
 * The embedded default's queue: jobs run in this process with bounded concurrency. Nothing is
 * persisted here; the database is the record of what still has to be done, and the startup
 * reconciler re-enqueues unfinished documents, so a restart loses no work.
 */
export class InProcessQueue implements JobQueue {
  private readonly queue = new PQueue({ autoStart: false });
  private readonly known = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private handlers?: JobHandlers;
  private closed = false;

  constructor(
    private readonly policy: RetryPolicy,
    private readonly log: Logger,
  ) {}

  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options?: EnqueueOptions): Promise<void> {
    if (this.closed) return;
    const data = parsePayload(name, payload);
    const id = jobIdFor(name, data);
    if (this.known.has(id)) return;
    this.known.add(id);
    this.schedule(id, name, data, 1, options?.priority ?? 0);
  }

  async work(handlers: JobHandlers, concurrency: number): Promise<void> {
    this.handlers = handlers;
    this.queue.concurrency = concurrency;
    this.queue.start();
  }

  async isLive<N extends JobName>(name: N, payload: JobPayload<N>): Promise<boolean> {
    return this.known.has(jobIdFor(name, parsePayload(name, payload)));
  }

  async pending(): Promise<number> {
    return this.queue.size + this.queue.pending + this.timers.size;
  }

  async close(timeoutMs = 10_000): Promise<void> {
    this.closed = true;
    this.queue.pause();
    this.queue.clear();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.queue.onPendingZero(), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  /**
   * A job is enqueued from inside whatever triggered the dispatch, often an upload request, and
   * would inherit that caller's tenant scope: every pipeline transaction would then run as the
   * uploader (one `set_config` round trip each, and the wrong identity for another owner's
   * document). Jobs run in an empty scope, as BullMQ's workers do in services mode.
   */
  private schedule<N extends JobName>(id: string, name: N, data: JobPayload<N>, attempt: number, priority: number) {
    // p-queue runs higher priority first; BullMQ (and our callers) use lower-first.
    void this.queue.add(() => runInScope(() => this.run(id, name, data, attempt, priority)), { priority: -priority });
  }

  private async run<N extends JobName>(id: string, name: N, data: JobPayload<N>, attempt: number, priority: number) {
    const handler = this.handlers?.[name];
    if (!handler) throw new Error(`no handler for ${name}`);
    try {
      await handler(data, { attempt, maxAttempts: this.policy.attempts });
      this.known.delete(id);
    } catch (err) {
      if (this.closed || attempt >= this.policy.attempts) {
        this.known.delete(id);
        this.log.error({ err, job: id, attempt }, 'job failed for good');
        return;
      }
      const delay = backoffDelay(this.policy, attempt);
      this.log.warn({ err, job: id, attempt, delay }, 'job failed, will retry');
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (!this.closed) this.schedule(id, name, data, attempt + 1, priority);
      }, delay);
      this.timers.add(timer);
    }
  }
}
