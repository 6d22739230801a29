import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Container } from '../../app/container.js';
import { badInput, notFound } from '../../errors.js';
import { deleteWebhook, findWebhook, insertWebhook, listDeliveries, listWebhooks } from '../../db/repositories/webhooks-repo.js';
import { webhookEventType, type WebhookEventType, type WebhookRow } from '../../db/schema/index.js';
import { generateWebhookSecret } from '../../webhooks/signing.js';
import { isPublicAddress } from '../../webhooks/target-guard.js';
import type { AuthUser } from '../auth/types.js';
import { audit } from '../auth/audit-log.js';

const MAX_WEBHOOKS_PER_USER = 25;
const MAX_URL_LENGTH = 2048;

/** A webhook as the doors show it: never with its secret. */
export type WebhookView = Omit<WebhookRow, 'secret'>;
const view = ({ secret: _secret, ...rest }: WebhookRow): WebhookView => rest;

export interface CreateWebhookInput {
  url: string;
  events: readonly string[];
  /** Optional: a secret of the caller's choosing (at least 24 characters); otherwise one is generated. */
  secret?: string | null;
}

/**
 * Registers a webhook for the user's documents. The target is checked now for early feedback
 * (scheme, no credentials, not a private or loopback address unless WEBHOOK_ALLOW_PRIVATE), and
 * again on every delivery, where it counts (webhooks/target-guard.ts). The secret is returned
 * once, here; it is stored because every delivery is signed with it.
 */
export async function createWebhook(
  c: Container,
  user: AuthUser,
  input: CreateWebhookInput,
): Promise<{ webhook: WebhookView; secret: string }> {
  const url = await checkTarget(input.url, c.config.webhooks.allowPrivate);
  const events = [...new Set(input.events)];
  if (!events.length) throw badInput('Choose at least one event', { field: 'events' });
  const unknown = events.filter((e) => !(webhookEventType as readonly string[]).includes(e));
  if (unknown.length) throw badInput(`Unknown webhook events: ${unknown.join(', ')}`, { field: 'events' });
  if (input.secret != null && input.secret.length < 24)
    throw badInput('A webhook secret needs at least 24 characters', { field: 'secret' });
  if ((await listWebhooks(c.db, user.id)).length >= MAX_WEBHOOKS_PER_USER) {
    throw badInput(`At most ${MAX_WEBHOOKS_PER_USER} webhooks per user`);
  }
  const secret = input.secret ?? generateWebhookSecret();
  const row = await insertWebhook(c.db, { ownerId: user.id, url: url.toString(), events: events as WebhookEventType[], secret });
  await audit(c, { userId: user.id, action: 'WEBHOOK_CREATED', details: { webhookId: row.id, url: row.url } });
  return { webhook: view(row), secret };
}

export async function listUserWebhooks(c: Container, user: AuthUser): Promise<WebhookView[]> {
  return (await listWebhooks(c.db, user.id)).map(view);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function removeWebhook(c: Container, user: AuthUser, id: string): Promise<WebhookView> {
  const row = UUID.test(id) ? await deleteWebhook(c.db, user.id, id) : null;
  if (!row) throw notFound('Webhook');
  await audit(c, { userId: user.id, action: 'WEBHOOK_DELETED', details: { webhookId: id } });
  return view(row);
}

/** The delivery log of one of the user's webhooks, newest first. */
export async function webhookDeliveries(c: Container, user: AuthUser, webhookId: string, first: number, before?: number) {
  if (before !== undefined && !(Number.isSafeInteger(before) && before > 0)) throw badInput('Invalid delivery cursor', { field: 'before' });
  if (!UUID.test(webhookId) || !(await findWebhook(c.db, user.id, webhookId))) throw notFound('Webhook');
  return listDeliveries(c.db, user.id, webhookId, Math.min(Math.max(first, 1), 100), before);
}

async function checkTarget(raw: string, allowPrivate: boolean): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badInput('The webhook URL is not a valid URL', { field: 'url' });
  }
  if (raw.length > MAX_URL_LENGTH) throw badInput('The webhook URL is too long', { field: 'url' });
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badInput('Webhook URLs use http or https', { field: 'url' });
  if (url.username || url.password) throw badInput('Webhook URLs may not carry credentials; use the signature', { field: 'url' });
  if (allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host)
    ? [host]
    : await lookup(host, { all: true }).then(
        (a) => a.map((x) => x.address),
        () => [],
      );
  if (addresses.some((a) => !isPublicAddress(a))) {
    throw badInput('Webhook URLs may not point at private, loopback or link-local addresses', { field: 'url' });
  }
  return url;
}
