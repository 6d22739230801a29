import type { Server } from 'node:http';
import { GraphQLError, execute, subscribe, type ExecutionArgs } from 'graphql';
import type { Context } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Container } from '../app/container.js';
import type { Yoga } from '../graphql/yoga.js';
import { authenticate, credentialExpiry } from '../services/auth/auth-service.js';
import type { AuthUser } from '../services/auth/types.js';
import { runOperationInScope } from '../security/tenant-scope.js';

/** The operation's user (from its context) and client address (from the upgrade request). */
function inScope<T>(args: { contextValue?: unknown }, fn: () => T | Promise<T>) {
  const ctx = args.contextValue as { user?: AuthUser | null; req?: { socket?: { remoteAddress?: string } } } | undefined;
  return runOperationInScope(ctx?.user?.id ?? null, ctx?.req?.socket?.remoteAddress ?? null, fn, ctx?.user?.keyScope ?? null);
}

interface EnvelopedRoot {
  execute: typeof execute;
  subscribe: typeof subscribe;
}

type WsContext = Context<Record<string, unknown> | undefined, Extra>;

/** Close codes in graphql-ws's private range: the client can tell why it was dropped. */
export const WsCloseCode = { Unauthorized: 4401, TooManyRequests: 4429 } as const;

/** setTimeout takes at most 2^31-1 ms; a later expiry is re-armed when this one fires. */
const MAX_TIMER_MS = 2_147_483_647;

interface SocketState {
  user: AuthUser;
  expiryTimer?: NodeJS.Timeout;
}

const authorizationOf = (ctx: WsContext) => ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;

function rateLimited(message: string) {
  return new GraphQLError(message, { extensions: { code: 'RATE_LIMITED' } });
}

/**
 * graphql-ws on the same path as HTTP. Each operation runs through yoga's envelop, so the plugins
 * and the context (auth from the connection_init payload) are the same as over HTTP.
 *
 * Sockets live for hours, so authentication is not a one-off: the token is checked at
 * connection_init (bad token: 4403) and again at every subscribe (a deleted user or an expired
 * token: 4401), and the socket is closed with 4401 the moment the token expires, which a
 * client answers by logging in again and resuming with its last event cursor. Sockets and
 * subscriptions per user are capped in each API process (4429 / RATE_LIMITED), and ws-level
 * pings (useServer's keep-alive) terminate sockets whose peer has silently gone.
 */
export function attachWebSocket(c: Container, server: Server, yoga: Yoga) {
  const limits = c.config.websocket;
  const wss = new WebSocketServer({ server, path: yoga.graphqlEndpoint });
  const states = new WeakMap<WsContext, SocketState>();
  const socketsByUser = new Map<string, Set<WsContext>>();

  const release = (ctx: WsContext) => {
    const state = states.get(ctx);
    if (!state) return;
    clearTimeout(state.expiryTimer);
    states.delete(ctx);
    const sockets = socketsByUser.get(state.user.id);
    sockets?.delete(ctx);
    if (sockets?.size === 0) socketsByUser.delete(state.user.id);
  };

  const closeAtExpiry = (ctx: WsContext, state: SocketState, expMs: number) => {
    const wait = expMs - Date.now();
    state.expiryTimer = setTimeout(
      () => {
        if (Date.now() >= expMs) ctx.extra.socket.close(WsCloseCode.Unauthorized, 'Token expired');
        else closeAtExpiry(ctx, state, expMs);
      },
      Math.max(0, Math.min(wait, MAX_TIMER_MS)),
    );
    state.expiryTimer.unref();
  };

  const disposable = useServer(
    {
      // In the caller's tenant scope, so RLS and the audit log see the user on this door too.
      execute: (args) => inScope(args, () => (args.rootValue as EnvelopedRoot).execute(args as ExecutionArgs)),
      subscribe: (args) => inScope(args, () => (args.rootValue as EnvelopedRoot).subscribe(args as ExecutionArgs)),
      onConnect: async (ctx) => {
        const authorization = authorizationOf(ctx);
        let user: AuthUser | null;
        try {
          user = await authenticate(c, authorization);
        } catch {
          return false;
        }
        // Anonymous sockets are allowed (public operations); they have no subscriptions to cap.
        if (!user) return true;
        const sockets = socketsByUser.get(user.id) ?? new Set<WsContext>();
        if (sockets.size >= limits.maxSocketsPerUser) {
          ctx.extra.socket.close(WsCloseCode.TooManyRequests, 'Too many connections');
          return false;
        }
        sockets.add(ctx);
        socketsByUser.set(user.id, sockets);
        const state: SocketState = { user };
        states.set(ctx, state);
        const expMs = credentialExpiry(authorization);
        if (expMs) closeAtExpiry(ctx, state, expMs);
        return true;
      },
      onClose: (ctx) => release(ctx),
      onSubscribe: async (ctx, _id, payload) => {
        const state = states.get(ctx);
        if (state) {
          try {
            const user = await authenticate(c, authorizationOf(ctx));
            if (user?.id !== state.user.id) throw new Error('user changed');
          } catch {
            ctx.extra.socket.close(WsCloseCode.Unauthorized, 'Unauthorized');
            return [new GraphQLError('Invalid or expired token', { extensions: { code: 'UNAUTHENTICATED' } })];
          }
          // This operation's id is already in ctx.subscriptions, so it is part of the count.
          let active = 0;
          for (const s of socketsByUser.get(state.user.id) ?? []) active += Object.keys(s.subscriptions).length;
          if (active > limits.maxSubscriptionsPerUser) {
            return [rateLimited(`At most ${limits.maxSubscriptionsPerUser} active operations per user`)];
          }
        }
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
          connectionParams: ctx.connectionParams ?? {},
        });
        let document;
        try {
          document = parse(payload.query);
        } catch (err) {
          return [err instanceof GraphQLError ? err : new GraphQLError('Invalid query')];
        }
        let errors: readonly GraphQLError[];
        try {
          errors = validate(schema, document);
        } catch (err) {
          // graphql-armor throws its limits from validation: answer the operation, keep the socket.
          if (!(err instanceof GraphQLError)) throw err;
          errors = [err];
        }
        if (errors.length) return [...errors];
        return {
          schema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe } satisfies EnvelopedRoot,
        };
      },
    },
    wss,
    limits.keepAliveMs,
  );
  return {
    wss,
    async close() {
      await disposable.dispose();
      wss.close();
    },
  };
}
