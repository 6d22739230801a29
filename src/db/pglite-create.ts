/**
 * Entry point of the short-lived child process that creates a new embedded database directory:
 * initdb, pgvector and every migration, then exit. `createPgliteDirectory` (pglite.ts) forks it
 * and says why it is a process of its own.
 */
import { createPgliteClient, migratePglite } from './pglite.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: pglite-create <data directory>');
const client = await createPgliteClient(dir);
await migratePglite(client);
await client.close();
