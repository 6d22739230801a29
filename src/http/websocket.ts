import type { Server } from 'node:http';
import { GraphQLError, execute, subscribe, type ExecutionArgs } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Container } from '../app/container.js';
import type { Yoga } from '../graphql/yoga.js';
import { authenticate } from '../services/auth-service.js';

interface EnvelopedRoot {
  execute: typeof execute;
  subscribe: typeof subscribe;
}

/**
 * graphql-ws on the same path as HTTP. Each operation runs through yoga's envelop, so the plugins
 * and the context (auth from the connection_init payload) are the same as over HTTP. A socket
 * whose token is invalid is refused at connection_init, before any operation.
 */
export function attachWebSocket(c: Container, server: Server, yoga: Yoga) {
  const wss = new WebSocketServer({ server, path: yoga.graphqlEndpoint });
  const disposable = useServer(
    {
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args as ExecutionArgs),
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args as ExecutionArgs),
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        try {
          await authenticate(c, params.authorization ?? params.Authorization);
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: async (ctx, _id, payload) => {
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
        const errors = validate(schema, document);
        if (errors.length) return errors;
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
  );
  return {
    wss,
    async close() {
      await disposable.dispose();
      wss.close();
    },
  };
}
