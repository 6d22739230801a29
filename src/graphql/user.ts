import { logIn, signUp, type AuthUser } from '../services/auth-service.js';
import { builder } from './builder.js';

export const UserRef = builder.objectRef<AuthUser>('User').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.exposeString('email'),
  }),
});

const AuthPayload = builder.objectRef<{ token: string; user: AuthUser }>('AuthPayload').implement({
  description: 'Send the token as `Authorization: Bearer <token>` (HTTP) or in connection_init (WebSocket).',
  fields: (t) => ({
    token: t.exposeString('token'),
    user: t.field({ type: UserRef, resolve: (p) => p.user }),
  }),
});

builder.queryField('me', (t) =>
  t.field({
    type: UserRef,
    nullable: true,
    description: 'The signed-in user, or null without a token.',
    resolve: (_root, _args, ctx) => ctx.user,
  }),
);

builder.mutationFields((t) => ({
  signUp: t.field({
    type: AuthPayload,
    args: { email: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => signUp(ctx.c, args.email, args.password),
  }),
  logIn: t.field({
    type: AuthPayload,
    args: { email: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => logIn(ctx.c, args.email, args.password),
  }),
}));
