import type { ConversionResult } from '../converters/core/types.js';
import type { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { Sandbox, type SandboxLimits, type SandboxTask } from './sandbox.js';

export interface SandboxStats {
  conversions: number;
  kills: number;
  /** Highest RSS any sandbox reached while converting. */
  maxRssBytes: number;
}

/**
 * A fixed set of converter sandboxes, sized to the worker's job concurrency so every running
 * job has one. Each child is forked when a conversion first needs it, or by `warm`, which the
 * worker runtime calls shortly after start. A sandbox that had to be killed is replaced before the next job takes it,
 * so a hostile document costs its own job and nothing else.
 */
export class SandboxPool {
  private readonly idle: Sandbox[] = [];
  private readonly waiting: Array<(s: Sandbox) => void> = [];
  private readonly all: Sandbox[] = [];
  private closed = false;
  readonly stats: SandboxStats = { conversions: 0, kills: 0, maxRssBytes: 0 };

  constructor(
    size: number,
    readonly limits: SandboxLimits,
    private readonly log: Logger,
  ) {
    for (let i = 0; i < size; i++) {
      const s = new Sandbox(limits, (reason) => this.onKill(s, reason));
      this.all.push(s);
      this.idle.push(s);
    }
  }

  /** Starts every sandbox not yet started, so the first jobs do not wait for a fork. */
  async warm(): Promise<void> {
    if (this.closed) return;
    await Promise.all(
      this.all.map((s) =>
        s.start().catch((err: unknown) => {
          if (!this.closed) this.log.error({ err }, 'sandbox failed to start');
        }),
      ),
    );
  }

  async convert(task: SandboxTask): Promise<ConversionResult> {
    const sandbox = await this.acquire();
    try {
      const { result, maxRssBytes } = await sandbox.run(task);
      this.stats.conversions++;
      this.stats.maxRssBytes = Math.max(this.stats.maxRssBytes, maxRssBytes);
      return result;
    } finally {
      this.release(sandbox);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.all.map((s) => s.stop()));
  }

  private onKill(sandbox: Sandbox, reason: AppError) {
    this.stats.kills++;
    this.log.warn({ pid: sandbox.pid, code: reason.code }, 'converter sandbox killed');
  }

  private acquire(): Promise<Sandbox> {
    const s = this.idle.pop();
    if (s) return Promise.resolve(s);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(sandbox: Sandbox) {
    // A killed (or crashed) sandbox is restarted in the background, ready for the next job.
    if (!sandbox.alive && !this.closed) {
      sandbox.start().catch((err: unknown) => {
        if (!this.closed) this.log.error({ err }, 'sandbox failed to restart');
      });
    }
    const next = this.waiting.shift();
    if (next) next(sandbox);
    else this.idle.push(sandbox);
  }
}
