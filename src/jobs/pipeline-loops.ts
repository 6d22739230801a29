import type { Container } from '../app/container.js';
import { dispatchOutbox } from './outbox.js';
import { reconcile } from './reconciler.js';

/** How often pending outbox rows are looked for when nobody nudged the dispatcher. */
const DISPATCH_INTERVAL_MS = 500;

export interface PipelineLoops {
  /** Dispatch now (after an upload in this process) instead of at the next tick. */
  nudge(): void;
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
  let stopped = false;
  let dispatching: Promise<unknown> | undefined;
  let again = false;
  let reconciling: Promise<unknown> | undefined;

  const dispatch = () => {
    if (stopped) return;
    if (dispatching) {
      again = true;
      return;
    }
    dispatching = dispatchOutbox(c, window)
      .catch((err: unknown) => c.log.warn({ err }, 'dispatch pass failed'))
      .finally(() => {
        dispatching = undefined;
        if (again) {
          again = false;
          dispatch();
        }
      });
  };
  const runReconcile = (graceMs?: number) => {
    if (stopped || reconciling) return;
    reconciling = reconcile(c, graceMs)
      .then(() => dispatch())
      .catch((err: unknown) => c.log.warn({ err }, 'reconcile pass failed'))
      .finally(() => (reconciling = undefined));
  };

  const dispatchTimer = setInterval(dispatch, DISPATCH_INTERVAL_MS);
  const reconcileTimer = setInterval(() => runReconcile(), c.config.reconcileIntervalMs);
  runReconcile(0);

  return {
    nudge: dispatch,
    async stop() {
      stopped = true;
      clearInterval(dispatchTimer);
      clearInterval(reconcileTimer);
      await Promise.allSettled([dispatching, reconciling]);
    },
  };
}
