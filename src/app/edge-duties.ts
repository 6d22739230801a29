import { startStorageSweeper } from '../storage/sweeper.js';
import { startWatchFolder } from '../watch/watch-folder.js';
import { startWebhookLoop } from '../webhooks/webhook-loop.js';
import type { Container } from './container.js';

/** The worker role's duties at the edges of the pipeline, started and stopped with its loops. */
export interface EdgeDuties {
  stop(): Promise<void>;
}

/**
 * The storage sweeper (leftovers of killed uploads), and when configured the watched folder and
 * webhook delivery. Each survives a failing pass on its own and is stopped before the queue.
 */
export function startEdgeDuties(c: Container): EdgeDuties {
  const sweeper = startStorageSweeper(
    c.blobs,
    c.db,
    { orphanAgeMs: c.config.storage.orphanAgeMs, intervalMs: c.config.storage.sweepIntervalMs },
    c.log.child({ part: 'sweeper' }),
  );
  const duties = [sweeper, startWebhookLoop(c.db, c.config.webhooks, c.log.child({ part: 'webhooks' }))];
  if (c.config.watch) duties.push(startWatchFolder(c, c.config.watch, c.log.child({ part: 'watch' })));
  return {
    async stop() {
      await Promise.allSettled(duties.map((d) => d.stop()));
    },
  };
}
