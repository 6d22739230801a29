import { PothosValidationError } from '@pothos/core';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { GraphQLError } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Container } from '../app/container.js';
import { AppError, ErrorCode } from '../errors.js';
import { useMetrics } from '../metrics/graphql-plugin.js';
import { authenticate, authenticateRequest } from '../services/auth/auth-service.js';
import { armorPlugins } from '../security/armor.js';
import { csrfPlugin } from '../security/csrf.js';
import { operationRateLimits, readOnlyKeys } from '../security/operation-limits.js';
import { createContext, type GraphQLContext } from './context.js';
import { GRAPHIQL_DEFAULT_QUERY } from './graphiql-example.js';
import { schema } from './schema.js';

export interface ServerContext {
  /** Present on WebSocket operations: the connection_init payload. */
  connectionParams?: Record<string, unknown>;
}

export type Yoga = YogaServerInstance<ServerContext, GraphQLContext>;

/**
 * Known errors keep their message and stable `extensions.code`; anything else becomes a bare
 * INTERNAL error, so stack traces, SQL and paths never reach a client (the log keeps them).
 */
function maskError(c: Container) {
  return (error: unknown): Error => {
    const original = error instanceof GraphQLError ? error.originalError : error;
    if (original instanceof AppError) {
      return new GraphQLError(original.message, {
        nodes: error instanceof GraphQLError ? error.nodes : undefined,
        path: error instanceof GraphQLError ? error.path : undefined,
        extensions: { code: original.code, ...(original.details ?? {}), ...httpStatus(original) },
      });
    }
    if (original instanceof PothosValidationError && /^(Invalid global ID|ID: )/.test(original.message)) {
      // Relay's own message echoes the raw input back; answer like any other bad argument.
      return new GraphQLError('Invalid ID', {
        nodes: error instanceof GraphQLError ? error.nodes : undefined,
        path: error instanceof GraphQLError ? error.path : undefined,
        extensions: { code: ErrorCode.BAD_USER_INPUT },
      });
    }
    if (original instanceof GraphQLError) return original;
    if (error instanceof GraphQLError && !error.originalError) return error;
    c.log.error({ err: original }, 'unexpected error in GraphQL operation');
    return new GraphQLError('Internal server error', {
      path: error instanceof GraphQLError ? error.path : undefined,
      extensions: { code: 'INTERNAL' },
    });
  };
}

/** A bad token fails the whole request before execution: say so with a 401, not a 500. */
function httpStatus(error: AppError) {
  if (error.code === 'RATE_LIMITED') {
    return { http: { status: 429, headers: { 'Retry-After': String(error.details?.retryAfter ?? 1) } } };
  }
  return error.code === 'UNAUTHENTICATED' ? { http: { status: 401 } } : {};
}

export function createYogaServer(c: Container): Yoga {
  const log = c.log.child({ part: 'graphql' });
  return createYoga<ServerContext, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // Uploads are parsed (and size-limited while streaming) by graphql-upload-minimal before
    // yoga sees the request; yoga's own limit must not reject them by Content-Length first.
    multipart: false,
    maxRequestBodySize: c.config.maxFileSize * c.config.maxFiles + 1024 * 1024,
    graphiql: c.config.graphiql ? { subscriptionsProtocol: 'WS', title: 'Docsphere', defaultQuery: GRAPHIQL_DEFAULT_QUERY } : false,
    renderGraphiQL,
    maskedErrors: { maskError: maskError(c) },
    // Security first: CSRF is checked when the request is parsed, armor in parse/validate, rate
    // limits before execution; none of them lets a resolver run (src/security/).
    plugins: [csrfPlugin(), ...armorPlugins(c.config), readOnlyKeys(), operationRateLimits(c), useMetrics()],
    logging: {
      debug: (...args) => log.debug(args.length === 1 ? args[0] : args),
      info: (...args) => log.info(args.length === 1 ? args[0] : args),
      warn: (...args) => log.warn(args.length === 1 ? args[0] : args),
      // Yoga logs every error it masks, client errors included; maskError above already logs
      // the unexpected ones at error level, so these are only worth a debug line.
      error: (...args) => log.debug(args.length === 1 ? args[0] : args),
    },
    context: async ({ request, connectionParams }) => {
      const user = connectionParams
        ? await authenticate(c, connectionParams.authorization ?? connectionParams.Authorization)
        : await authenticateRequest(c, request.headers);
      return createContext(c, user);
    },
  });
}
