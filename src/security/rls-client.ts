import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { Sql } from 'postgres';
import { currentUserId } from './tenant-scope.js';

/** The role user-facing transactions run as; created by the row-level security migration. */
export const APP_ROLE = 'docsphere_app';
/** The pipeline's role: acts on documents by id, without a user (explicit policy, see migration). */
export const WORKER_ROLE = 'docsphere_worker';

type Unsafe = Sql['unsafe'];

/**
 * Wraps a postgres.js client so that every statement issued inside a tenant scope runs in a
 * transaction that first sets `role = docsphere_app` and `app.user_id` (both transaction-local,
 * so nothing leaks to the next user of a pooled connection). Row-level security then enforces
 * what the repositories already filter on. Statements outside a scope run unchanged, as the
 * connection's role: docsphere_app sees no tenant rows; docsphere_worker (the pipeline) sees all.
 *
 * drizzle's postgres-js driver only calls `unsafe` (with `.values()`) and `begin`, so those are
 * the two doors to guard; everything else passes through.
 */
export function tenantScopedClient(client: Sql): Sql {
  const enter = (tx: Sql, userId: string) => tx`select set_config('role', ${APP_ROLE}, true), set_config('app.user_id', ${userId}, true)`;
  /**
   * Runs `fn` in `tx` after the scope's settings, without waiting for them first: postgres.js
   * sends the settings and `fn`'s first statement together (pipelined on the transaction's
   * connection, in order), so a scoped transaction costs no round trip of its own for them.
   * PostgreSQL still applies them before that statement; should they fail, the transaction is
   * aborted, so nothing of `fn` commits, and their error is the one thrown.
   */
  const scoped = async <T>(tx: Sql, userId: string, fn: (tx: Sql) => T | Promise<T>): Promise<T> => {
    const entered = enter(tx, userId);
    // Sends it now (postgres.js runs a query once it is awaited or caught); awaited below.
    void entered.catch(() => undefined);
    try {
      const result = await fn(tx);
      await entered;
      return result;
    } catch (err) {
      await entered;
      throw err;
    }
  };

  const unsafe = ((query: string, params?: unknown[], options?: unknown) => {
    const userId = currentUserId();
    const target = client.unsafe as unknown as (...a: unknown[]) => ReturnType<Unsafe>;
    if (!userId) return target.call(client, query, params, options);
    // Boxed: postgres.js would otherwise treat a returned result array as a list of queries.
    const run = (values: boolean) =>
      client
        .begin((tx) =>
          scoped(tx as unknown as Sql, userId, async (scopedTx) => {
            const q = (scopedTx.unsafe as unknown as (...a: unknown[]) => ReturnType<Unsafe>)(query, params, options);
            return { rows: values ? await q.values() : await q };
          }),
        )
        .then((box) => (box as { rows: unknown }).rows);
    return {
      values: () => run(true),
      then: (ok?: (v: unknown) => unknown, fail?: (e: unknown) => unknown) => run(false).then(ok, fail),
      catch: (fail: (e: unknown) => unknown) => run(false).catch(fail),
    };
  }) as unknown as Unsafe;

  const begin = ((...args: unknown[]) => {
    const userId = currentUserId();
    const fn = args[args.length - 1] as (tx: Sql) => unknown;
    const rest = args.slice(0, -1);
    const callback = userId ? (tx: Sql) => scoped(tx, userId, fn) : fn;
    return (client.begin as unknown as (...a: unknown[]) => unknown)(...rest, callback);
  }) as unknown as Sql['begin'];

  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === 'unsafe') return unsafe;
      if (prop === 'begin') return begin;
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

/**
 * The embedded database's half of the same contract. PGlite runs as a superuser, so row-level
 * security never applies there, but a transaction opened in a tenant scope still carries
 * `app.user_id`, so database code that reads it (the lexical match function, migration 0006)
 * sees the same user in both modes. Statements outside a transaction pass unchanged.
 */
export function tenantScopedPglite(client: PGlite): PGlite {
  const transaction = (<T>(fn: (tx: Transaction) => Promise<T>) => {
    const userId = currentUserId();
    return client.transaction(async (tx) => {
      if (userId) await tx.query(`select set_config('app.user_id', $1, true)`, [userId]);
      return fn(tx);
    });
  }) as PGlite['transaction'];
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === 'transaction') return transaction;
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
