import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { InProcessQueue } from '../../../src/jobs/in-process-queue.js';
import { currentUserId, runInScope } from '../../../src/security/tenant-scope.js';

/**
 * The embedded queue runs jobs enqueued from inside an upload request (the dispatcher is nudged
 * there). A job must not inherit that request's user: it would act as the uploader on another
 * owner's document, and every pipeline transaction would pay a `set_config` round trip.
 */
describe('in-process queue scope', () => {
  it('runs a job enqueued inside a user scope, and its retries, as nobody', async () => {
    const queue = new InProcessQueue({ attempts: 2, backoffMs: 1 }, pino({ level: 'silent' }));
    const seen: (string | null)[] = [];
    const done = new Promise<void>((resolve) => {
      void queue.work(
        {
          'document.process': async (_payload, job) => {
            seen.push(currentUserId());
            if (job.attempt === 1) throw new Error('retry me');
            resolve();
          },
        },
        1,
      );
    });
    const payload = { documentId: '00000000-0000-4000-8000-000000000001', generation: 1 };
    await runInScope(async () => {
      expect(currentUserId()).toBe('uploader');
      await queue.enqueue('document.process', payload);
    }, 'uploader');
    await done;
    expect(seen).toEqual([null, null]);
    await queue.close(1000);
  });
});
