import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPgliteClient, createPgliteDirectory, migratePglite } from '../../src/db/pglite.js';

/**
 * A new embedded database directory is created (initdb and migrations) by a child process, so
 * the server never holds initdb's heap (src/db/pglite.ts); the server then opens it as it opens
 * an existing one.
 */
describe('embedded database creation in a child process', () => {
  let root: string;
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('creates and migrates a new directory in a child, then leaves it alone', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'docsphere-pglite-'));
    const dir = path.join(root, 'pglite');
    const first = await createPgliteDirectory(dir);
    expect(first.created).toBe(true);
    expect(existsSync(path.join(dir, 'PG_VERSION'))).toBe(true);

    // Opened here, it needs no migration: the child applied them all.
    const client = await createPgliteClient(dir);
    try {
      const applied = await client.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
      expect(applied.rows[0]!.n).toBeGreaterThan(10);
      const before = applied.rows[0]!.n;
      await migratePglite(client);
      const after = await client.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
      expect(after.rows[0]!.n).toBe(before);
      const tables = await client.query<{ t: string }>(`select to_regclass('public.documents')::text as t`);
      expect(tables.rows[0]!.t).toBe('documents');
    } finally {
      await client.close();
    }

    expect(await createPgliteDirectory(dir)).toEqual({ created: false, ms: 0 });
  });

  it("fails the start with the child's error when the directory cannot be created", async () => {
    const file = path.join(root, 'not-a-directory');
    await writeFile(file, 'x');
    await expect(createPgliteDirectory(path.join(file, 'pglite'))).rejects.toThrow(/could not create the embedded database/);
  });
});
