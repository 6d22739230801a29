import { getOperationAST, type DocumentNode, type GraphQLError } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { AppError } from '../errors.js';
import { graphqlDuration, graphqlErrors, graphqlOperations, subscriptionsActive } from './registry.js';

/**
 * GraphQL metrics as an envelop plugin, so they cover every transport yoga serves (HTTP, SSE,
 * and graphql-ws, whose operations run through the same envelop). Labels are the client's
 * operation name: bounded in practice for real clients, and 'anonymous' otherwise.
 */
export function useMetrics(): Plugin {
  return {
    onValidate({ params }) {
      return ({ valid, result }) => {
        if (valid) return;
        const { name } = describe(params.documentAST);
        graphqlErrors.inc({ operation_name: name, code: 'GRAPHQL_VALIDATION_FAILED' }, result.length);
      };
    },
    onExecute({ args }) {
      const { name, type } = describe(args.document, args.operationName);
      const labels = { operation_name: name, operation_type: type };
      graphqlOperations.inc(labels);
      const end = graphqlDuration.startTimer(labels);
      return {
        onExecuteDone({ result }) {
          end();
          if (isAsyncIterable(result)) return { onNext: ({ result: r }) => countErrors(name, r.errors) };
          countErrors(name, result.errors);
          return undefined;
        },
      };
    },
    onSubscribe({ args }) {
      const { name } = describe(args.document, args.operationName);
      graphqlOperations.inc({ operation_name: name, operation_type: 'subscription' });
      return {
        onSubscribeResult({ result }) {
          if (!isAsyncIterable(result)) {
            countErrors(name, result.errors);
            return undefined;
          }
          subscriptionsActive.inc();
          let ended = false;
          return {
            onNext: ({ result: r }) => countErrors(name, r.errors),
            onEnd: () => {
              if (ended) return;
              ended = true;
              subscriptionsActive.dec();
            },
          };
        },
        onSubscribeError({ error }) {
          countErrors(name, [error as GraphQLError]);
        },
      };
    },
  };
}

function describe(document: DocumentNode, operationName?: string | null) {
  const op = getOperationAST(document, operationName);
  return { name: op?.name?.value ?? operationName ?? 'anonymous', type: op?.operation ?? 'unknown' };
}

function countErrors(operationName: string, errors: readonly unknown[] | undefined) {
  for (const error of errors ?? []) graphqlErrors.inc({ operation_name: operationName, code: codeOf(error) });
}

function codeOf(error: unknown): string {
  const e = error as Partial<GraphQLError> | undefined;
  if (e?.originalError instanceof AppError) return e.originalError.code;
  if (error instanceof AppError) return error.code;
  const code = e?.extensions?.code;
  return typeof code === 'string' ? code : 'INTERNAL';
}
