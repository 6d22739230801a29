import { afterAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../src/pubsub/event-bus.js';
import type { OutboxNudge } from '../../src/pubsub/topics.js';
import { servicesAvailable, servicesSkipReason } from '../helpers/modes.js';
import { inject } from 'vitest';

/**
 * In services mode an upload commits on an API process and the worker processes' dispatchers
 * hear of it over Redis at once (src/jobs/outbox-nudge.ts) instead of at their next tick: the
 * nudge crosses processes through a real Redis, reaches every listener of the deployment's
 * prefix and no other deployment's.
 */
describe.skipIf(!servicesAvailable())(`outbox nudges over Redis ${servicesSkipReason() ?? ''}`, () => {
  const buses: EventBus[] = [];
  afterAll(async () => {
    await Promise.all(buses.map((b) => b.close()));
  });

  const open = async (prefix: string) => {
    const bus = await EventBus.redis(inject('services')!.redisUrl, prefix);
    buses.push(bus);
    return bus;
  };

  it('reaches the workers of the same deployment, and only them', async () => {
    const prefix = `${inject('services')!.redisPrefix}nudge-${Math.random().toString(36).slice(2, 8)}`;
    const [api, workerA, workerB, other] = await Promise.all([open(prefix), open(prefix), open(prefix), open(`${prefix}-other`)]);
    const heard: Record<string, OutboxNudge[]> = { a: [], b: [], other: [] };
    const handles = [
      workerA.listenOutboxNudges((n) => heard.a!.push(n)),
      workerB.listenOutboxNudges((n) => heard.b!.push(n)),
      other.listenOutboxNudges((n) => heard.other!.push(n)),
    ];
    await Promise.all(handles.map((h) => h.ready));
    api.publishOutboxNudge({ urgent: false });
    api.publishOutboxNudge({ urgent: true });
    const deadline = Date.now() + 10_000;
    while ((heard.a!.length < 2 || heard.b!.length < 2) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(heard.a).toEqual([{ urgent: false }, { urgent: true }]);
    expect(heard.b).toEqual([{ urgent: false }, { urgent: true }]);
    // Another deployment's workers (another prefix) hear nothing; a closed listener neither.
    handles[0]!.close();
    api.publishOutboxNudge({ urgent: false });
    await new Promise((r) => setTimeout(r, 300));
    expect(heard.other).toEqual([]);
    expect(heard.a).toHaveLength(2);
    expect(heard.b).toHaveLength(3);
  });

  it('is heard in-process too (the embedded bus)', async () => {
    const bus = EventBus.inMemory('embedded');
    const heard: OutboxNudge[] = [];
    const h = bus.listenOutboxNudges((n) => heard.push(n));
    await h.ready;
    bus.publishOutboxNudge({ urgent: true });
    await Promise.resolve();
    h.close();
    bus.publishOutboxNudge({ urgent: false });
    expect(heard).toEqual([{ urgent: true }]);
  });
});
