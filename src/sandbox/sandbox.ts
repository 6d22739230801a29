import { fork, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { ConversionResult, ConvertInput } from '../converters/core/types.js';
import { AppError, ErrorCode } from '../errors.js';
import type { ConvertRequest, SandboxMessage } from './protocol.js';
import { childEntry } from '../app/child-entry.js';

export interface SandboxLimits {
  /** Wall-clock limit of one conversion. */
  timeoutMs: number;
  /** Resident set size cap of the sandbox process (V8 heap + WASM + native buffers). */
  memoryMb: number;
  /** Most pages a paged document may have (checked before conversion). */
  maxPages: number;
  /** How often RSS is sampled while a conversion runs. */
  pollMs?: number;
}

/** What a conversion needs; the same contract the converters themselves take. */
export type SandboxTask = Pick<ConvertInput, 'bytes' | 'mimeType' | 'filename' | 'options' | 'signal' | 'onProgress'>;

export interface TaskOutcome {
  result: ConversionResult;
  maxRssBytes: number;
}

const entry = () => childEntry(import.meta.url, 'sandbox-child');

/**
 * The child inherits the loader flags (tsx in development) but not a heap size or inspector
 * flag of the parent; its own heap cap is set from the limits.
 */
function childExecArgv(memoryMb: number): string[] {
  const inherited = entry().execArgv.filter((a) => !a.startsWith('--max-old-space-size'));
  // The V8 heap is capped below the RSS cap, so an ordinary JS blow-up dies as a clean V8 OOM
  // and native allocations (outside the heap) are caught by the RSS poll.
  const heapMb = Math.max(64, Math.floor(memoryMb * 0.75));
  return [...inherited, `--max-old-space-size=${heapMb}`];
}

/** Linux: VmRSS from /proc; elsewhere the V8 heap cap is the only bound (documented). */
async function rssBytes(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The child's error as a typed error here; an unexpected one keeps its text only as the cause. */
const fromChild = (code: ErrorCode, message: string) =>
  code === ErrorCode.INTERNAL
    ? new AppError(code, 'Conversion failed', undefined, { cause: new Error(message) })
    : new AppError(code, message);

const KILLED_AT_LIMIT = 'killedAtLimit';

/**
 * True for a conversion the sandbox killed at its wall-clock limit. TIMEOUT is retryable in
 * general (a slow database), but a document that ran out its limit once will again: the
 * pipeline fails it at once instead of spending the limit on every attempt.
 */
export const killedAtLimit = (err: AppError) => err.code === ErrorCode.TIMEOUT && err.details?.[KILLED_AT_LIMIT] === true;

/**
 * One converter child process. It is reused across conversions and killed (SIGKILL, so a
 * CPU-bound loop or a native allocation cannot ignore it) when a conversion runs over its
 * wall-clock limit or RSS cap, or is cancelled; the pool then starts a fresh one.
 */
export class Sandbox {
  private child?: ChildProcess;
  private ready?: Promise<void>;
  /** Set while a conversion runs; the reason the child was killed, if it was. */
  private killedFor?: AppError;
  /** Tells this child's answers to one task from a late answer to the one before. */
  private nextTaskId = 1;

  constructor(
    private readonly limits: SandboxLimits,
    private readonly onKill: (reason: AppError) => void = () => {},
  ) {}

  get alive(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Forks the child and waits until it is ready (it loads each converter on first use). */
  start(): Promise<void> {
    if (this.ready && this.alive) return this.ready;
    const child = fork(entry().file, [], {
      execArgv: childExecArgv(this.limits.memoryMb),
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // Hostile input is parsed here: no secrets (database URL, JWT secret) in its environment.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: process.env.NODE_ENV ?? 'production', TZ: 'UTC' },
    });
    this.child = child;
    this.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (m: SandboxMessage) => {
        if (m.type !== 'ready') return;
        child.off('message', onMessage);
        resolve();
      };
      child.on('message', onMessage);
      child.once('exit', (code, signal) => reject(new Error(`sandbox exited during start (${code ?? signal})`)));
    });
    this.ready.catch(() => {});
    return this.ready;
  }

  /** Runs one conversion; rejects with TIMEOUT, RESOURCE_LIMIT or CANCELLED when it kills it. */
  async run(task: SandboxTask): Promise<TaskOutcome> {
    task.signal?.throwIfAborted();
    await this.start();
    const child = this.child!;
    const taskId = this.nextTaskId++;
    this.killedFor = undefined;
    let maxRss = 0;
    const limitBytes = this.limits.memoryMb * 1024 * 1024;
    const timers: NodeJS.Timeout[] = [];
    let onAbort = () => {};
    let detach = () => {};

    const outcome = new Promise<ConversionResult>((resolve, reject) => {
      const onMessage = (m: SandboxMessage) => {
        if (!('taskId' in m) || m.taskId !== taskId) return;
        if (m.type === 'progress') task.onProgress?.({ page: m.page, pageCount: m.pageCount });
        else if (m.type === 'result') resolve(m.result);
        else if (m.type === 'error') reject(fromChild(m.code, m.message));
      };
      child.on('message', onMessage);
      detach = () => child.off('message', onMessage);
      child.once('exit', (code, signal) => {
        detach();
        if (this.killedFor) return reject(this.killedFor);
        // V8 aborts (SIGABRT / 134) when the heap cap is reached; the OOM killer sends SIGKILL.
        if (signal === 'SIGABRT' || signal === 'SIGKILL' || code === 134) {
          return reject(new AppError(ErrorCode.RESOURCE_LIMIT, `Conversion exceeded the memory limit of ${this.limits.memoryMb} MB`));
        }
        reject(new Error(`converter sandbox exited unexpectedly (${code ?? signal})`));
      });
      const kill = (reason: AppError) => {
        if (this.killedFor) return;
        this.killedFor = reason;
        child.kill('SIGKILL');
        this.onKill(reason);
      };
      timers.push(
        setTimeout(
          () =>
            kill(
              new AppError(ErrorCode.TIMEOUT, `Conversion took longer than ${Math.round(this.limits.timeoutMs / 1000)} s`, {
                timeoutMs: this.limits.timeoutMs,
                [KILLED_AT_LIMIT]: true,
              }),
            ),
          this.limits.timeoutMs,
        ),
      );
      const poll = async () => {
        const rss = await rssBytes(child.pid!);
        maxRss = Math.max(maxRss, rss);
        if (rss > limitBytes)
          kill(new AppError(ErrorCode.RESOURCE_LIMIT, `Conversion exceeded the memory limit of ${this.limits.memoryMb} MB`));
      };
      timers.push(setInterval(() => void poll(), this.limits.pollMs ?? 100));
      onAbort = () => kill(new AppError(ErrorCode.CANCELLED, 'Processing was cancelled'));
      task.signal?.addEventListener('abort', onAbort, { once: true });
      const request: ConvertRequest = {
        type: 'convert',
        taskId,
        bytes: task.bytes,
        mimeType: task.mimeType,
        filename: task.filename,
        options: task.options,
        maxPages: this.limits.maxPages,
      };
      child.send(request, (err) => err && kill(new AppError(ErrorCode.INTERNAL, 'sandbox unreachable', undefined, { cause: err })));
    });

    try {
      const result = await outcome;
      maxRss = Math.max(maxRss, await rssBytes(child.pid!));
      return { result, maxRssBytes: maxRss };
    } finally {
      for (const t of timers) clearTimeout(t);
      task.signal?.removeEventListener('abort', onAbort);
      detach();
      child.removeAllListeners('exit');
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.alive) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }
}
