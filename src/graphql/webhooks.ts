import { webhookEventType, type DeliveryAttempt, type WebhookDeliveryRow } from '../db/schema/index.js';
import {
  createWebhook,
  listUserWebhooks,
  removeWebhook,
  webhookDeliveries,
  type WebhookView,
} from '../services/webhooks/webhooks-service.js';
import { builder } from './builder.js';

const WebhookEventEnum = builder.enumType('WebhookEvent', { values: webhookEventType });
const WebhookDeliveryStatusEnum = builder.enumType('WebhookDeliveryStatus', { values: ['PENDING', 'DELIVERED', 'FAILED'] as const });

const WebhookAttempt = builder.objectRef<DeliveryAttempt>('WebhookAttempt').implement({
  description: 'One try of a delivery: the receiver’s HTTP status, or why there was none.',
  fields: (t) => ({
    at: t.field({ type: 'DateTime', resolve: (a) => new Date(a.at) }),
    statusCode: t.int({ nullable: true, resolve: (a) => a.statusCode }),
    error: t.string({ nullable: true, resolve: (a) => a.error }),
    durationMs: t.exposeInt('durationMs'),
  }),
});

const WebhookDelivery = builder.objectRef<WebhookDeliveryRow>('WebhookDelivery').implement({
  description: 'One event sent to one webhook, with every attempt (retried with exponential backoff).',
  fields: (t) => ({
    id: t.id({ resolve: (d) => String(d.id) }),
    event: t.field({ type: WebhookEventEnum, resolve: (d) => d.eventType }),
    status: t.field({ type: WebhookDeliveryStatusEnum, resolve: (d) => d.status }),
    attempts: t.exposeInt('attempts'),
    nextAttemptAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => (d.status === 'PENDING' ? d.nextAttemptAt : null) }),
    payload: t.exposeString('payload', { description: 'The exact JSON body sent (and signed) on every attempt.' }),
    log: t.field({ type: [WebhookAttempt], resolve: (d) => d.attemptsLog }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true }),
  }),
});

const Webhook = builder.objectRef<WebhookView>('Webhook').implement({
  description: 'Where the server POSTs signed JSON when the owner’s documents are indexed, fail or are deleted.',
  fields: (t) => ({
    id: t.exposeID('id'),
    url: t.exposeString('url'),
    events: t.field({ type: [WebhookEventEnum], resolve: (w) => w.events }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    deliveries: t.field({
      type: [WebhookDelivery],
      description: 'The delivery log, newest first; `before` is a delivery id from a previous page.',
      args: { first: t.arg.int({ defaultValue: 20 }), before: t.arg.id() },
      resolve: (w, args, ctx) => webhookDeliveries(ctx.c, ctx.user!, w.id, args.first ?? 20, args.before ? Number(args.before) : undefined),
    }),
  }),
});

const CreateWebhookInput = builder.inputType('CreateWebhookInput', {
  fields: (t) => ({
    url: t.string({ required: true, description: 'http(s); private and loopback targets are refused unless the server allows them.' }),
    events: t.field({ type: [WebhookEventEnum], required: true }),
    secret: t.string({ description: 'Optional (24+ characters); generated when omitted.' }),
  }),
});

const CreateWebhookPayload = builder.objectRef<{ webhook: WebhookView; secret: string }>('CreateWebhookPayload').implement({
  fields: (t) => ({
    webhook: t.field({ type: Webhook, resolve: (p) => p.webhook }),
    secret: t.exposeString('secret', {
      description: 'Signs every payload (Docsphere-Signature: t=…,v1=HMAC-SHA256 of "t.body"). Shown only here.',
    }),
  }),
});

const DeleteWebhookPayload = builder.objectRef<WebhookView>('DeleteWebhookPayload').implement({
  fields: (t) => ({ deletedId: t.exposeID('id') }),
});

builder.queryFields((t) => ({
  webhooks: t.withAuth({ user: true }).field({
    type: [Webhook],
    description: 'The caller’s webhooks.',
    resolve: (_root, _args, ctx) => listUserWebhooks(ctx.c, ctx.user),
  }),
}));

builder.mutationFields((t) => ({
  createWebhook: t.withAuth({ user: true }).field({
    type: CreateWebhookPayload,
    args: { input: t.arg({ type: CreateWebhookInput, required: true }) },
    resolve: (_root, { input }, ctx) => createWebhook(ctx.c, ctx.user, input),
  }),
  deleteWebhook: t.withAuth({ user: true }).field({
    type: DeleteWebhookPayload,
    description: 'Removes the webhook and its delivery log; pending deliveries are dropped.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => removeWebhook(ctx.c, ctx.user, String(args.id)),
  }),
}));
