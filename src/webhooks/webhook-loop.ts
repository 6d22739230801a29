import type { Db } from '../db/client.js';
import { anyWebhooks, claimDueDeliveries, fanOutWebhookEvents, recordDeliveryAttempt } from '../db/repositories/webhooks-repo.js';
import type { WebhookConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { startPeriodicDuty, type PeriodicDuty } from '../app/periodic-duty.js';
import { attemptDelivery } from './deliver.js';

/** Deliveries sent at once per pass and process. */
const PARALLEL = 8;
/** How far the fan-out's cursor trails the newest event (webhooks-repo explains why). */
const FANOUT_LAG_SECONDS = 60;
const MAX_BACKOFF_MS = 3_600_000;

/** Delay before attempt `attempts + 1` after `attempts` failures: base, 2×base, 4×base… capped at an hour. */
export const webhookBackoff = (config: WebhookConfig, attempts: number) =>
  Math.min(MAX_BACKOFF_MS, config.backoffMs * 2 ** Math.max(0, attempts - 1));

/**
 * One pass: fan new document events out to pending deliveries, then send the due ones. Every
 * worker runs it; the lease in `claimDueDeliveries` keeps two workers off one delivery, so a
 * delivery is sent at least once and, unless a worker dies mid-request, exactly once.
 */
export async function runWebhookPass(db: Db, config: WebhookConfig, log: Logger): Promise<{ fannedOut: number; sent: number }> {
  // Without webhooks there is nothing to fan out or send (deliveries go with their webhook), and
  // the fan-out's statements re-read the last minute's events on every pass: during a bulk
  // upload that was several per cent of the embedded server's CPU. The cursor stays where it is;
  // the first pass after a webhook is created catches up from there, and the webhook hears only
  // events after its creation either way.
  if (!(await anyWebhooks(db))) return { fannedOut: 0, sent: 0 };
  const fannedOut = await fanOutWebhookEvents(db, FANOUT_LAG_SECONDS);
  const due = await claimDueDeliveries(db, PARALLEL, config.timeoutMs + 30_000);
  await Promise.all(
    due.map(async (d) => {
      const { ok, attempt } = await attemptDelivery(
        { deliveryId: d.id, eventType: d.eventType, url: d.url, secret: d.secret, payload: d.payload },
        config,
      );
      const attempts = d.attempts + 1;
      const retryAt = ok || attempts >= config.maxAttempts ? null : new Date(Date.now() + webhookBackoff(config, attempts));
      await recordDeliveryAttempt(db, d.id, attempt, ok, retryAt);
      if (!ok) log.info({ deliveryId: d.id, webhookId: d.webhookId, attempts, error: attempt.error, retryAt }, 'webhook delivery failed');
    }),
  );
  return { fannedOut, sent: due.length };
}

/** The worker role's webhook loop; a failing pass (database down) is logged and retried next tick. */
export function startWebhookLoop(db: Db, config: WebhookConfig, log: Logger): PeriodicDuty {
  return startPeriodicDuty(
    'webhook pass',
    config.pollMs,
    async (stopped) => {
      // Keep going while a pass found a full batch, so a backlog drains faster than one batch a tick.
      for (;;) {
        const r = await runWebhookPass(db, config, log);
        if (stopped() || r.sent < PARALLEL) break;
      }
    },
    log,
  );
}
