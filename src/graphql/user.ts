import { encodeGlobalID } from '@pothos/plugin-relay';
import { auditActions, type AuditLogRow } from '../db/schema/index.js';
import { createApiKey, listApiKeys, revokeApiKey, type ApiKeyInfo } from '../services/auth/api-keys.js';
import { listAudit } from '../services/auth/audit-log.js';
import { logIn, refreshLogin, signUp } from '../services/auth/auth-service.js';
import type { AuthResult, AuthUser } from '../services/auth/types.js';
import { endSessions } from '../services/auth/sessions.js';
import { badInput, notFound } from '../errors.js';
import { builder } from './builder.js';

export const UserRef = builder.objectRef<AuthUser>('User').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.exposeString('email'),
  }),
});

const AuthPayload = builder.objectRef<AuthResult>('AuthPayload').implement({
  description:
    'Send the access token as `Authorization: Bearer <token>` (HTTP) or as `authorization` in connection_init ' +
    '(WebSocket). It expires in minutes: exchange the refresh token for a new pair with `refreshToken`.',
  fields: (t) => ({
    token: t.string({ description: 'The access token (same as accessToken).', resolve: (p) => p.accessToken }),
    accessToken: t.exposeString('accessToken'),
    accessTokenExpiresAt: t.expose('accessTokenExpiresAt', { type: 'DateTime' }),
    refreshToken: t.exposeString('refreshToken', { description: 'Single use: every refresh returns a new one.' }),
    refreshTokenExpiresAt: t.expose('refreshTokenExpiresAt', { type: 'DateTime' }),
    user: t.field({ type: UserRef, resolve: (p) => p.user }),
  }),
});

const ApiKeyRef = builder.objectRef<ApiKeyInfo>('ApiKey');
builder.node(ApiKeyRef, {
  description: 'An API key; the secret itself is shown only once, when it is created.',
  id: { resolve: (k) => k.id },
  isTypeOf: (v) => typeof v === 'object' && v !== null && 'prefix' in v && 'revokedAt' in v,
  // Keys are not loadable by id through `node`: list them with `apiKeys`.
  loadOne: () => null,
  fields: (t) => ({
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'The first characters of the key, to tell keys apart.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    collectionIds: t.field({
      type: ['ID'],
      nullable: true,
      description: 'The collections this key is limited to (and only while you are a member); null: everything you can see.',
      resolve: (k) => k.collectionIds?.map((id) => encodeGlobalID('Collection', id)) ?? null,
    }),
    readOnly: t.exposeBoolean('readOnly', { description: 'A read-only key cannot upload or change anything.' }),
  }),
});

const CreateApiKeyPayload = builder.objectRef<{ key: string; apiKey: ApiKeyInfo }>('CreateApiKeyPayload').implement({
  fields: (t) => ({
    key: t.exposeString('key', {
      description: 'The secret: send it as `Authorization: Bearer <key>` or `X-API-Key: <key>`. It cannot be shown again.',
    }),
    apiKey: t.field({ type: ApiKeyRef, resolve: (p) => p.apiKey }),
  }),
});

const AuditActionEnum = builder.enumType('AuditAction', { values: auditActions });

const AuditEntryRef = builder.objectRef<AuditLogRow>('AuditEntry').implement({
  description: 'One entry of your audit trail.',
  fields: (t) => ({
    action: t.field({ type: AuditActionEnum, resolve: (e) => e.action }),
    documentId: t.globalID({ nullable: true, resolve: (e) => (e.documentId ? { type: 'Document', id: e.documentId } : null) }),
    ip: t.exposeString('ip', { nullable: true }),
    at: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

builder.queryFields((t) => ({
  me: t.field({
    skipTypeScopes: true,
    type: UserRef,
    nullable: true,
    description: 'The signed-in user, or null without a token.',
    resolve: (_root, _args, ctx) => ctx.user,
  }),
  apiKeys: t.withAuth({ user: true }).field({
    type: [ApiKeyRef],
    description: 'Your API keys, revoked ones included, newest first.',
    resolve: (_root, _args, ctx) => listApiKeys(ctx.c, ctx.user),
  }),
  auditLog: t.withAuth({ user: true }).field({
    type: [AuditEntryRef],
    description: 'What was done with your account and documents, newest first.',
    args: { first: t.arg.int({ defaultValue: 50 }) },
    resolve: (_root, args, ctx) => listAudit(ctx.c, ctx.user, args.first ?? 50),
  }),
}));

const credentials = (t: Parameters<Parameters<typeof builder.mutationFields>[0]>[0]) => ({
  email: t.arg.string({ required: true }),
  password: t.arg.string({ required: true }),
});

builder.mutationFields((t) => ({
  signUp: t.field({
    skipTypeScopes: true,
    type: AuthPayload,
    args: credentials(t),
    resolve: (_root, args, ctx) => signUp(ctx.c, args.email, args.password),
  }),
  logIn: t.field({
    skipTypeScopes: true,
    type: AuthPayload,
    description: 'Failed attempts are throttled per email and address (RATE_LIMITED with retryAfter).',
    args: credentials(t),
    resolve: (_root, args, ctx) => logIn(ctx.c, args.email, args.password),
  }),
  refreshToken: t.field({
    skipTypeScopes: true,
    type: AuthPayload,
    description: 'Exchanges a refresh token for a new access and refresh token. Reusing a spent refresh token ends that session.',
    args: { refreshToken: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => refreshLogin(ctx.c, args.refreshToken),
  }),
  logOut: t.withAuth({ user: true }).boolean({
    description: 'Revokes the session of the given refresh token, or every session when it is omitted.',
    args: { refreshToken: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      await endSessions(ctx.c, ctx.user.id, args.refreshToken);
      return true;
    },
  }),
  createApiKey: t.withAuth({ user: true }).field({
    type: CreateApiKeyPayload,
    description:
      'A key for a script or app. `collectionIds` limits it to documents in those collections (of those you stay a member of); ' +
      '`readOnly` forbids uploads and every other change. A RAG app wants both.',
    args: {
      name: t.arg.string({ required: true }),
      collectionIds: t.arg.globalIDList({ required: false }),
      readOnly: t.arg.boolean({ required: false }),
    },
    resolve: (_root, args, ctx) => {
      const collectionIds = args.collectionIds?.map((g) => {
        if (g.typename !== 'Collection') throw notFound('Collection');
        return g.id;
      });
      return createApiKey(ctx.c, ctx.user, args.name, { collectionIds, readOnly: args.readOnly });
    },
  }),
  revokeApiKey: t.withAuth({ user: true }).field({
    type: ApiKeyRef,
    description: 'The key stops working on its next request.',
    args: { id: t.arg.globalID({ required: true, for: ApiKeyRef }) },
    resolve: (_root, args, ctx) => {
      if (!UUID.test(args.id.id)) throw badInput('Invalid API key id', { field: 'id' });
      return revokeApiKey(ctx.c, ctx.user, args.id.id);
    },
  }),
}));
