import { GraphQLError, Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Container } from '../app/container.js';
import { AppError, ErrorCode } from '../errors.js';
import type { GraphQLContext } from '../graphql/context.js';
import type { LimitedAction } from './rate-limit.js';
import { requireWritable } from '../services/auth/auth-service.js';
import { currentIp } from './tenant-scope.js';

/** Root mutation fields that cost a rate-limit point per occurrence (aliases count separately). */
const LIMITED_FIELDS: Record<string, LimitedAction> = {
  uploadDocument: 'upload',
  uploadDocuments: 'upload',
  extract: 'extract',
};

function operationOf(document: DocumentNode, name?: string | null): OperationDefinitionNode | undefined {
  const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return name ? ops.find((o) => o.name?.value === name) : ops[0];
}

/** How many points each limited action costs in this operation. */
export function chargesFor(document: DocumentNode, operationName?: string | null): Map<LimitedAction, number> {
  const charges = new Map<LimitedAction, number>();
  const op = operationOf(document, operationName);
  if (op?.operation !== 'mutation') return charges;
  for (const sel of op.selectionSet.selections) {
    if (sel.kind !== Kind.FIELD) continue;
    const action = LIMITED_FIELDS[sel.name.value];
    if (action) charges.set(action, (charges.get(action) ?? 0) + 1);
  }
  return charges;
}

/** The GraphQL form of RATE_LIMITED: `extensions.retryAfter`, HTTP 429 and Retry-After. */
export function rateLimitedGraphQLError(error: AppError): GraphQLError {
  const retryAfter = Number(error.details?.retryAfter ?? 1);
  return new GraphQLError(error.message, {
    extensions: {
      code: ErrorCode.RATE_LIMITED,
      retryAfter,
      http: { status: 429, headers: { 'Retry-After': String(retryAfter) } },
    },
  });
}

/**
 * Charges uploads and extractions to the caller (user and address) before execution, so an
 * over-limit request is refused before any resolver reads a byte. It runs in envelop's execute
 * hook, which both the HTTP and the WebSocket doors go through.
 */
export function operationRateLimits(c: Container): Plugin<GraphQLContext> {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const charges = chargesFor(args.document, args.operationName);
      if (charges.size === 0) return;
      const ctx = args.contextValue as GraphQLContext;
      try {
        for (const [action, points] of charges) {
          await c.rateLimits.consume(action, { userId: ctx.user?.id, ip: currentIp() }, points);
        }
      } catch (err) {
        const error = err instanceof AppError && err.code === ErrorCode.RATE_LIMITED ? err : null;
        if (!error) throw err;
        setResultAndStopExecution({ data: null, errors: [rateLimitedGraphQLError(error)] });
      }
    },
  };
}

/**
 * Refuses every mutation of a request made with a read-only API key, before any resolver runs:
 * one check at the door (HTTP and WebSocket alike) rather than one per service, so a mutation
 * added later is covered without anyone remembering to.
 */
export function readOnlyKeys(): Plugin<GraphQLContext> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      if (operationOf(args.document, args.operationName)?.operation !== 'mutation') return;
      const ctx = args.contextValue as GraphQLContext;
      try {
        requireWritable(ctx.user);
      } catch (err) {
        const error = err as AppError;
        setResultAndStopExecution({ data: null, errors: [new GraphQLError(error.message, { extensions: { code: error.code } })] });
      }
    },
  };
}
