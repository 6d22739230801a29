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
  /** Set when the caller authenticated with a scoped API key: every visibility check narrows to it. */
  keyScope?: KeyScope | null;
  /** The client address of the request, for rate limits and the audit log. */
  ip?: string | null;
}

/**
 * What an API key may reach beyond its user's own rights: only documents in `collectionIds`
 * (null: no collection limit) that the user may still see at use time, and nothing to write
 * when `readOnly`. It lives in the tenant scope, next to the user, because the visibility rule
 * (db/repositories/visibility.ts) reads it there: one place, so every door and every query obeys.
 */
export interface KeyScope {
  collectionIds: readonly string[] | null;
  readOnly: boolean;
}

const storage = new AsyncLocalStorage<TenantScope>();

/** Runs `fn` (and everything it awaits) with a fresh scope, as `userId` when given. */
export function runInScope<T>(fn: () => T, userId: string | null = null, ip: string | null = null, keyScope: KeyScope | null = null): T {
  return storage.run({ userId, ip, keyScope }, fn);
}

/**
 * Runs `fn` as the given user: for work done on a user's behalf outside a request. Inside a
 * request of that same user the key scope carries over, so a scoped key never widens by
 * passing through here.
 */
export function runAsUser<T>(userId: string, fn: () => T): T {
  const current = storage.getStore();
  return runInScope(fn, userId, currentIp(), current?.userId === userId ? (current.keyScope ?? null) : null);
}

/**
 * A runner that replays the current scope later: for callbacks (bus messages) that arrive
 * outside the request that registered them but must still act as its user and key.
 */
export function captureScope(): <T>(fn: () => T) => T {
  const current = storage.getStore();
  const snapshot = { userId: current?.userId ?? null, ip: current?.ip ?? null, keyScope: current?.keyScope ?? null };
  return (fn) => storage.run({ ...snapshot }, fn);
}

/** Records the authenticated caller (and their key's scope) in the current request's scope (a no-op outside one). */
export function bindUser(userId: string | null, keyScope: KeyScope | null = null): void {
  const scope = storage.getStore();
  if (scope) {
    scope.userId = userId;
    scope.keyScope = keyScope;
  }
}

/** The current caller's key scope; null for a session or an unscoped key. */
export function currentKeyScope(): KeyScope | null {
  return storage.getStore()?.keyScope ?? null;
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
  keyScope: KeyScope | null = null,
): AsyncIterableIterator<T> {
  const it: AsyncIterableIterator<T> = {
    next: (...args) => runInScope(() => source.next(...args), userId, ip, keyScope),
    return: (value?: unknown) =>
      source.return ? runInScope(() => source.return!(value), userId, ip, keyScope) : Promise.resolve({ done: true, value: undefined }),
    throw: (err?: unknown) => (source.throw ? runInScope(() => source.throw!(err), userId, ip, keyScope) : Promise.reject(err)),
    [Symbol.asyncIterator]: () => it,
  };
  return it;
}

/**
 * Runs a GraphQL execute/subscribe for `userId` from `ip`: the call itself and, when it answers an
 * async iterator (a subscription), every later pull of it. For the WebSocket door, whose
 * operations do not run inside an HTTP request's scope.
 */
export async function runOperationInScope<T>(
  userId: string | null,
  ip: string | null,
  fn: () => T | Promise<T>,
  keyScope: KeyScope | null = null,
): Promise<T> {
  const result = await runInScope(fn, userId, ip, keyScope);
  if (result && typeof result === 'object' && Symbol.asyncIterator in result) {
    const source = (result as unknown as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    return scopeIterator(userId, ip, source, keyScope) as unknown as T;
  }
  return result;
}
