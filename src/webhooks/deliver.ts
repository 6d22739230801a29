import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { DeliveryAttempt } from '../db/schema/index.js';
import { SIGNATURE_HEADER, signPayload } from './signing.js';
import { checkLiteralTarget, guardedLookup } from './target-guard.js';

export interface DeliveryRequest {
  deliveryId: number;
  eventType: string;
  url: string;
  secret: string;
  payload: string;
}

/**
 * One delivery attempt: POST the stored body, signed with a fresh timestamp. Success is a 2xx
 * answer within the timeout; redirects are not followed (a redirect could point anywhere the
 * target guard would refuse). Never throws: the outcome is what the delivery log records.
 */
export async function attemptDelivery(
  req: DeliveryRequest,
  options: { timeoutMs: number; allowPrivate: boolean },
): Promise<{ ok: boolean; attempt: DeliveryAttempt }> {
  const started = Date.now();
  const done = (statusCode: number | null, error: string | null) => ({
    ok: statusCode !== null && statusCode >= 200 && statusCode < 300,
    attempt: { at: new Date(started).toISOString(), statusCode, error, durationMs: Date.now() - started },
  });
  let url: URL;
  try {
    url = new URL(req.url);
    checkLiteralTarget(url, options.allowPrivate);
  } catch (err) {
    return done(null, (err as Error).message);
  }
  const body = Buffer.from(req.payload);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const r = send(
      url,
      {
        method: 'POST',
        lookup: guardedLookup(options.allowPrivate),
        timeout: options.timeoutMs,
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          'user-agent': 'Docsphere-Webhooks/1',
          [SIGNATURE_HEADER]: signPayload(req.secret, req.payload, Math.floor(Date.now() / 1000)),
          'docsphere-event': req.eventType,
          'docsphere-delivery': String(req.deliveryId),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve(done(res.statusCode ?? null, res.statusCode && res.statusCode < 300 ? null : `HTTP ${res.statusCode}`)),
        );
        res.on('error', (err) => resolve(done(res.statusCode ?? null, err.message)));
      },
    );
    r.on('timeout', () => r.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    r.on('error', (err) => resolve(done(null, err.message)));
    r.end(body);
  });
}
