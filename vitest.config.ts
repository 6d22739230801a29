import { defineConfig } from 'vitest/config';

/**
 * Pure unit tests run in parallel; medium tests build the embedded container in-process, and
 * integration tests start real server processes and services, so both run one file at a time
 * to stay within a 2-core machine.
 */
export default defineConfig({
  // graphql 16 ships CJS ("main") and ESM ("module"); Node (and so every dependency) loads the
  // CJS build, so our own imports must too, or the schema holds types from two realms.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        // Service-level tests on an in-process container (PGlite, in-process queue, in-memory
        // bus) on a temporary DATA_DIR: no servers, but the real database and pipeline.
        extends: true,
        test: {
          name: 'medium',
          include: ['tests/medium/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/helpers/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Fault injection (kill -9, FLUSHALL, database restart, hostile files) on private
        // Redis/PostgreSQL instances each file starts itself; strictly one file at a time.
        extends: true,
        test: {
          name: 'fault',
          include: ['tests/fault/**/*.test.ts'],
          fileParallelism: false,
          sequence: { concurrent: false },
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The web client in headless Chromium against a real server; builds the client first
        // when client/dist is missing or older than its sources.
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          fileParallelism: false,
          sequence: { concurrent: false },
          testTimeout: 180_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
