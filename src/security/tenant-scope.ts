import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who the current database work is for. The services-mode database client reads this to set
 * `app.user_id` in every transaction, so PostgreSQL's row-level security sees the same user the
 * application checked; a query run outside any scope sees no tenant rows at all.
 *
 * A scope is a mutable box: the HTTP server opens an empty one per request before it knows the
 * caller, and authentication fills it in (`bindUser`), so every resolver, loader and REST handler
 * of that request runs as the authenticated user without passing anything around.
 */
export interface TenantScope {
  userId: string | null;
  /** The client address of the request, for rate limits and the audit log. */
  ip?: string | null;
}

const storage = new AsyncLocalStorage<TenantScope>();

/** Runs `fn` (and everything it awaits) with a fresh scope, as `userId` when given. */
export function runInScope<T>(fn: () => T, userId: string | null = null, ip: string | null = null): T {
  return storage.run({ userId, ip }, fn);
}

/** Runs `fn` as the given user: for work done on a user's behalf outside a request. */
export function runAsUser<T>(userId: string, fn: () => T): T {
  return runInScope(fn, userId, currentIp());
}

/** Records the authenticated caller in the current request's scope (a no-op outside one). */
export function bindUser(userId: string | null): void {
  const scope = storage.getStore();
  if (scope) scope.userId = userId;
}

export function currentUserId(): string | null {
  return storage.getStore()?.userId ?? null;
}

export function currentIp(): string | null {
  return storage.getStore()?.ip ?? null;
}

/**
 * Wraps an async iterator so that each `next()` runs in `userId`'s scope. A subscription's
 * events are resolved whenever the iterator is pulled, long after the request that started it.
 */
export function scopeIterator<T>(
  userId: string | null,
  ip: string | null,
  source: AsyncIterator<T> & Partial<AsyncIterable<T>>,
): AsyncIterableIterator<T> {
  const it: AsyncIterableIterator<T> = {
    next: (...args) => runInScope(() => source.next(...args), userId, ip),
    return: (value?: unknown) =>
      source.return ? runInScope(() => source.return!(value), userId, ip) : Promise.resolve({ done: true, value: undefined }),
    throw: (err?: unknown) => (source.throw ? runInScope(() => source.throw!(err), userId, ip) : Promise.reject(err)),
    [Symbol.asyncIterator]: () => it,
  };
  return it;
}

/**
 * Runs a GraphQL execute/subscribe for `userId` from `ip`: the call itself and, when it answers an
 * async iterator (a subscription), every later pull of it. For the WebSocket door, whose
 * operations do not run inside an HTTP request's scope.
 */
export async function runOperationInScope<T>(userId: string | null, ip: string | null, fn: () => T | Promise<T>): Promise<T> {
  const result = await runInScope(fn, userId, ip);
  if (result && typeof result === 'object' && Symbol.asyncIterator in result) {
    const source = (result as unknown as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    return scopeIterator(userId, ip, source) as unknown as T;
  }
  return result;
}
