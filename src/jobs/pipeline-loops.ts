import type { Container } from '../app/container.js';
import { runInScope } from '../security/tenant-scope.js';
import { dispatchOutbox, type DispatchOptions } from './outbox.js';
import { reconcile } from './reconciler.js';

/**
 * How often pending outbox rows are looked for when nobody nudged the dispatcher: only a
 * fallback, since uploads in this process and every finished job nudge it, but in services mode
 * the API commits uploads in another process and the tick is how the workers hear of them.
 */
const DISPATCH_INTERVAL_MS = 500;

export interface PipelineLoops {
  /**
   * An upload or reprocess in this process committed an outbox row: dispatch now if the workers
   * are short of work or half the window is free; `urgent` (a HIGH upload) sends it regardless.
   */
  nudge(urgent?: boolean): void;
  /** A job finished here: top the window up once half of it is free. */
  jobDone(): void;
  stop(): Promise<void>;
}

/**
 * The worker role's background duties: the dispatcher (outbox → queue, fair across owners,
 * window-bounded) and the periodic reconciler. Each runs one pass at a time; a failing pass
 * (database or Redis down) is logged and retried on the next tick, so both survive restarts of
 * either service. The worker runtime (app/worker-runtime.ts) owns the loops and forwards
 * use-cases' nudges after they commit an outbox row.
 */
export function startPipelineLoops(c: Container): PipelineLoops {
  const window = Math.max(16, c.config.workerConcurrency * 8);
  const halfWindow = Math.floor(window / 2);
  let stopped = false;
  let dispatching: Promise<unknown> | undefined;
  let again: DispatchOptions | undefined;
  /**
   * The last pass found no more pending rows than it had room for. A finished job then has
   * nothing to top up: in a bulk upload most such passes (a transaction each) claimed nothing.
   * Every new row comes with a nudge (or is found by the tick or the reconciler), and a nudge
   * during a pass always causes another pass, whose result then sets this flag.
   */
  let drained = false;
  let reconciling: Promise<unknown> | undefined;

  const dispatch = (options: DispatchOptions) => {
    if (stopped) return;
    if (dispatching) {
      // One pass at a time; the next one does what every nudge meanwhile asked for.
      again = { minRoom: Math.min(again?.minRoom ?? Infinity, options.minRoom ?? 1), urgent: !!(again?.urgent || options.urgent) };
      return;
    }
    // A nudge comes from an upload request: the pass serves every owner, so it runs as nobody.
    dispatching = runInScope(() => dispatchOutbox(c, window, options))
      .then((r) => (drained = r.drained))
      .catch((err: unknown) => {
        drained = false;
        c.log.warn({ err }, 'dispatch pass failed');
      })
      .finally(() => {
        dispatching = undefined;
        const next = again;
        again = undefined;
        if (next) dispatch(next);
      });
  };
  const runReconcile = (graceMs?: number) => {
    if (stopped || reconciling) return;
    reconciling = reconcile(c, graceMs)
      .then(() => dispatch({}))
      .catch((err: unknown) => c.log.warn({ err }, 'reconcile pass failed'))
      .finally(() => (reconciling = undefined));
  };

  const dispatchTimer = setInterval(() => dispatch({ urgent: true }), DISPATCH_INTERVAL_MS);
  const reconcileTimer = setInterval(() => runReconcile(), c.config.reconcileIntervalMs);
  runReconcile(0);

  return {
    nudge: (urgent = false) => dispatch({ minRoom: halfWindow, urgent }),
    jobDone: () => {
      if (!drained) dispatch({ minRoom: halfWindow });
    },
    async stop() {
      stopped = true;
      clearInterval(dispatchTimer);
      clearInterval(reconcileTimer);
      await Promise.allSettled([dispatching, reconciling]);
    },
  };
}
