import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import type { ZodOpenApiOperationObject } from 'zod-openapi';
import type { Container } from '../app/container.js';
import { badInput, notFound } from '../errors.js';
import type { Logger } from '../logger.js';
import type { AuthUser } from '../services/auth/types.js';
import { ErrorSchema } from './schemas.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
type AnyObject = z.ZodObject;
type EmptyObject = z.ZodObject<Record<never, never>>;

export interface RouteContext<P extends AnyObject, Q extends AnyObject> {
  c: Container;
  req: IncomingMessage;
  res: ServerResponse;
  log: Logger;
  /** Null only on routes declared `auth: false`. */
  user: AuthUser;
  params: z.output<P>;
  query: z.output<Q>;
}

/**
 * One REST operation: the router mounts it and the OpenAPI generator documents it from the same
 * object, so a route without a spec entry (or the reverse) cannot exist.
 */
export interface RestRoute<P extends AnyObject = AnyObject, Q extends AnyObject = AnyObject> {
  method: Method;
  /** OpenAPI template syntax: `/api/documents/{id}`. */
  path: string;
  auth: boolean;
  params?: P;
  query?: Q;
  spec: Omit<ZodOpenApiOperationObject, 'requestParams'>;
  handle(ctx: RouteContext<P, Q>): Promise<void>;
}

export function defineRoute<P extends AnyObject = EmptyObject, Q extends AnyObject = EmptyObject>(route: RestRoute<P, Q>): RestRoute {
  return route as unknown as RestRoute;
}

export const jsonResponse = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** Responses every authenticated route can give, so each route lists only its own. */
export const commonErrors = (...statuses: number[]) =>
  Object.fromEntries(
    [...new Set([400, 401, 429, 500, ...statuses])].map((s) => [
      String(s),
      { description: ERROR_DESCRIPTIONS[s] ?? 'Error', content: { 'application/json': { schema: ErrorSchema } } },
    ]),
  );

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (BAD_USER_INPUT)',
  401: 'Missing or invalid token (UNAUTHENTICATED)',
  403: 'Not allowed for your role, e.g. a collection VIEWER editing (FORBIDDEN)',
  404: 'No such document for this user (NOT_FOUND)',
  413: 'File or request too large (FILE_TOO_LARGE, RESOURCE_LIMIT)',
  415: 'Format not supported (UNSUPPORTED_FORMAT)',
  422: 'Corrupt or encrypted document',
  429: 'Too many requests (RATE_LIMITED)',
  500: 'Internal error',
  504: 'Conversion timed out (TIMEOUT)',
};

/** Repeated keys and comma-separated values both fill array parameters (`?status=A&status=B`, `?status=A,B`). */
export function parseQuery<Q extends AnyObject>(schema: Q, search: URLSearchParams): z.output<Q> {
  const raw: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    if (!search.has(key)) continue;
    raw[key] = isArrayField(field as z.ZodType)
      ? search
          .getAll(key)
          .flatMap((v) => v.split(','))
          .map((v) => v.trim())
          .filter(Boolean)
      : search.get(key);
  }
  return parseInput(schema, raw);
}

export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.');
    throw badInput(`${field ? `${field}: ` : ''}${issue?.message ?? 'Invalid input'}`, field ? { field } : undefined);
  }
  return parsed.data;
}

function isArrayField(field: z.ZodType): boolean {
  let inner: unknown = field;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) inner = inner.unwrap();
  return inner instanceof z.ZodArray;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The GraphQL global ID or the bare UUID; anything else cannot name a document, so NOT_FOUND. */
export function parseDocumentId(raw: string): string {
  if (UUID.test(raw)) return raw.toLowerCase();
  try {
    const { typename, id } = decodeGlobalID(raw);
    if (typename === 'Document' && UUID.test(id)) return id.toLowerCase();
  } catch {
    // not base64 of "Type:id"
  }
  throw notFound('Document');
}
