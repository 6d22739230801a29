import { describe, expect, it } from 'vitest';
import type { Container } from '../../../src/app/container.js';
import { NUDGE_COALESCE_MS, nudgeDispatch } from '../../../src/jobs/outbox-nudge.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An API process without workers: only its bus and log are used. */
function apiContainer() {
  const sent: { urgent: boolean }[] = [];
  const c = {
    workers: undefined,
    bus: { publishOutboxNudge: (n: { urgent: boolean }) => void sent.push(n) },
    log: { warn: () => {} },
  } as unknown as Container;
  return { c, sent };
}

/**
 * Services mode: an API process tells the workers of new outbox rows over Redis. A bulk upload
 * must not cost a nudge per document, and no nudge may be dropped: the last of a burst is
 * always followed by one, and an urgent one (HIGH upload) goes at once.
 */
describe('outbox nudges from an API process', () => {
  it('sends the first at once, a burst as one more at the end of the window', async () => {
    const { c, sent } = apiContainer();
    for (let i = 0; i < 20; i++) nudgeDispatch(c, false);
    expect(sent).toEqual([{ urgent: false }]);
    await sleep(NUDGE_COALESCE_MS * 2);
    expect(sent).toEqual([{ urgent: false }, { urgent: false }]);
    // Quiet since: the next one goes at once again.
    await sleep(NUDGE_COALESCE_MS);
    nudgeDispatch(c, false);
    expect(sent).toHaveLength(3);
    await sleep(NUDGE_COALESCE_MS * 2);
    expect(sent).toHaveLength(3);
  });

  it('never holds back an urgent nudge, which also answers the pending one', async () => {
    const { c, sent } = apiContainer();
    nudgeDispatch(c, false);
    nudgeDispatch(c, false);
    nudgeDispatch(c, true);
    expect(sent).toEqual([{ urgent: false }, { urgent: true }]);
    await sleep(NUDGE_COALESCE_MS * 2);
    expect(sent).toHaveLength(2);
  });

  it('keeps containers apart', () => {
    const a = apiContainer();
    const b = apiContainer();
    nudgeDispatch(a.c, false);
    nudgeDispatch(b.c, false);
    expect(a.sent).toHaveLength(1);
    expect(b.sent).toHaveLength(1);
  });
});
