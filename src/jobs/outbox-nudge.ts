import type { Container } from '../app/container.js';

/**
 * Nudges published over the bus at most once per this many milliseconds (after the first, which
 * goes at once): in a bulk upload every document used to cost each worker process a nudge and a
 * dispatch attempt (a queue count in Redis, often a transaction), while one pass serves every row
 * committed meanwhile.
 */
export const NUDGE_COALESCE_MS = 50;

interface Coalescer {
  /** A trailing nudge is due at the end of the current window. */
  timer?: NodeJS.Timeout;
  /** When the last nudge went out. */
  lastAt: number;
  /** Whether a nudge was asked for during this window. */
  wanted: boolean;
}

/** One coalescer per container (not per module): two servers in one process never share one. */
const coalescers = new WeakMap<Container, Coalescer>();

/**
 * After a use-case commits an outbox row: dispatch now instead of at the dispatcher's next tick
 * (500 ms). Workers in this process (embedded default) are nudged directly; they coalesce on
 * their own (one dispatch pass at a time, jobs/pipeline-loops.ts). An API process without
 * workers (services mode) tells the worker processes over the event bus (Redis), which was the
 * per-document wait between an upload and its first stage there: the first nudge goes at once,
 * further ones within `NUDGE_COALESCE_MS` become one nudge at the end of that window, and an
 * urgent one (a HIGH upload) never waits (it also stands for the window's pending nudge). A lost nudge costs only that wait: the
 * tick still finds every row.
 */
export function nudgeDispatch(c: Container, urgent: boolean): void {
  if (c.workers) {
    c.workers.nudgeDispatch(urgent);
    return;
  }
  let state = coalescers.get(c);
  if (!state) coalescers.set(c, (state = { lastAt: -Infinity, wanted: false }));
  const now = performance.now();
  if (urgent || (!state.timer && now - state.lastAt >= NUDGE_COALESCE_MS)) {
    publishNudge(c, state, urgent);
    return;
  }
  state.wanted = true;
  state.timer ??= setTimeout(
    () => {
      state.timer = undefined;
      if (state.wanted) publishNudge(c, state, false);
    },
    Math.max(0, NUDGE_COALESCE_MS - (now - state.lastAt)),
  ).unref();
}

function publishNudge(c: Container, state: Coalescer, urgent: boolean): void {
  state.lastAt = performance.now();
  state.wanted = false;
  try {
    c.bus.publishOutboxNudge({ urgent });
  } catch (err) {
    c.log.warn({ err }, 'outbox nudge publish failed');
  }
}
