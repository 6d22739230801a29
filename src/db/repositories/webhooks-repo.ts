import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { queryRows } from '../rows.js';
import { webhookDeliveries, webhooks, type DeliveryAttempt, type WebhookEventType } from '../schema/index.js';

/**
 * Webhooks and their deliveries (db/schema/webhooks.ts). The user-facing queries take the owner
 * (row-level security checks it again in services mode); the fan-out and delivery ones run in
 * the worker role across owners.
 */

export async function insertWebhook(ex: Executor, values: { ownerId: string; url: string; events: WebhookEventType[]; secret: string }) {
  const [row] = await ex.insert(webhooks).values(values).returning();
  if (!row) throw new Error('webhook insert returned no row');
  return row;
}

export function listWebhooks(ex: Executor, ownerId: string) {
  return ex.select().from(webhooks).where(eq(webhooks.ownerId, ownerId)).orderBy(webhooks.createdAt);
}

export async function findWebhook(ex: Executor, ownerId: string, id: string) {
  const [row] = await ex
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.ownerId, ownerId), eq(webhooks.id, id)));
  return row ?? null;
}

export async function deleteWebhook(ex: Executor, ownerId: string, id: string) {
  const [row] = await ex
    .delete(webhooks)
    .where(and(eq(webhooks.ownerId, ownerId), eq(webhooks.id, id)))
    .returning();
  return row ?? null;
}

/** A webhook's delivery log, newest first; `before` is a delivery id (keyset pagination). */
export function listDeliveries(ex: Executor, ownerId: string, webhookId: string, limit: number, before?: number) {
  return ex
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.ownerId, ownerId),
        eq(webhookDeliveries.webhookId, webhookId),
        before ? lt(webhookDeliveries.id, before) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.id))
    .limit(limit);
}

/** Whether any webhook exists (deliveries go with their webhook, by cascade). */
export async function anyWebhooks(ex: Executor): Promise<boolean> {
  const [row] = await ex.select({ id: webhooks.id }).from(webhooks).limit(1);
  return row !== undefined;
}

const CURSOR = 'webhooks';

/**
 * Turns new document events into pending deliveries, one per subscribed webhook, with the exact
 * body every attempt will send. Event ids are allocated before their transaction commits, so an
 * event can become visible after a later one: each pass re-reads from a cursor that trails by
 * `lagSeconds` (events whose transaction started earlier), and the unique (webhook, event) key
 * makes the re-read free of duplicates. A webhook hears only events after its creation.
 */
export async function fanOutWebhookEvents(ex: Executor, lagSeconds: number): Promise<number> {
  await ex.execute(sql`
    insert into webhook_cursor (name, last_event_id)
    select ${CURSOR}, coalesce(max(id), 0) from document_events
    on conflict (name) do nothing`);
  const inserted = await queryRows<{ id: number }>(
    ex,
    sql`
    insert into webhook_deliveries (webhook_id, owner_id, event_id, event_type, payload)
    select w.id, w.owner_id, e.id, e.type,
      json_build_object(
        'id', 'evt_' || e.id,
        'type', e.type,
        'occurredAt', e.created_at,
        'document', json_build_object(
          'id', e.document_id,
          'nodeId', encode(convert_to('Document:' || e.document_id, 'UTF8'), 'base64'),
          'filename', d.filename, 'status', e.status,
          'errorCode', e.error_code, 'errorMessage', e.error_message))::text
    from document_events e
    join webhooks w on w.owner_id = e.owner_id and e.type = any (w.events) and e.created_at >= w.created_at
    left join documents d on d.id = e.document_id
    where e.id > (select last_event_id from webhook_cursor where name = ${CURSOR})
      and e.type in ('DOCUMENT_INDEXED', 'DOCUMENT_FAILED', 'DOCUMENT_DELETED')
    order by e.id
    on conflict (webhook_id, event_id) do nothing
    returning id`,
  );
  await ex.execute(sql`
    update webhook_cursor set last_event_id = greatest(last_event_id, coalesce((
      select max(id) from document_events
      where id > last_event_id and created_at < now() - make_interval(secs => ${lagSeconds})), 0))
    where name = ${CURSOR}`);
  return inserted.length;
}

export interface DueDelivery {
  id: number;
  webhookId: string;
  eventType: string;
  payload: string;
  attempts: number;
  url: string;
  secret: string;
}

/**
 * Leases up to `limit` due deliveries for `leaseMs` (moving their next attempt past the lease),
 * so no other worker takes them meanwhile and a worker that dies mid-delivery only delays them.
 */
export async function claimDueDeliveries(ex: Executor, limit: number, leaseMs: number): Promise<DueDelivery[]> {
  const rows = await queryRows<{
    id: number;
    webhook_id: string;
    event_type: string;
    payload: string;
    attempts: number;
    url: string;
    secret: string;
  }>(
    ex,
    sql`
    with due as (
      select id from webhook_deliveries
      where status = 'PENDING' and next_attempt_at <= now()
      order by next_attempt_at
      limit ${limit}
      for update skip locked)
    update webhook_deliveries d
    set next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000})
    from due, webhooks w
    where d.id = due.id and w.id = d.webhook_id
    returning d.id, d.webhook_id, d.event_type, d.payload, d.attempts, w.url, w.secret`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    webhookId: r.webhook_id,
    eventType: r.event_type,
    payload: r.payload,
    attempts: Number(r.attempts),
    url: r.url,
    secret: r.secret,
  }));
}

/** Logs one attempt; `retryAt` null ends the delivery (DELIVERED when `ok`, else FAILED). */
export async function recordDeliveryAttempt(ex: Executor, id: number, attempt: DeliveryAttempt, ok: boolean, retryAt: Date | null) {
  await ex
    .update(webhookDeliveries)
    .set({
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      attemptsLog: sql`${webhookDeliveries.attemptsLog} || ${JSON.stringify([attempt])}::jsonb`,
      status: ok ? 'DELIVERED' : retryAt ? 'PENDING' : 'FAILED',
      deliveredAt: ok ? sql`now()` : null,
      nextAttemptAt: retryAt ?? sql`now()`,
    })
    .where(eq(webhookDeliveries.id, id));
}
