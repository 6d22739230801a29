import { defineConfig } from 'vitest/config';

/**
 * Two projects: pure unit tests run in parallel; integration tests start real server processes
 * and services, so they run one file at a time to stay within a 2-core machine.
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
    ],
  },
});
