#!/usr/bin/env node
/**
 * The `docsphere` command. It runs the JavaScript build (dist/cli/main.js) when there is one
 * for the current sources: no TypeScript compiler at start, and only the modules a command
 * needs. From a source checkout without a build, or after a source file changed, it runs the
 * TypeScript sources through tsx (a runtime dependency) instead, with the package's own
 * tsconfig, never the one in the caller's working directory.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildIsFresh } from './build-state.js';

if (buildIsFresh()) {
  await import(new URL('../dist/cli/main.js', import.meta.url).href);
} else {
  const { register } = await import('tsx/esm/api');
  const tsconfig = fileURLToPath(new URL('../tsconfig.json', import.meta.url));
  register({ tsconfig: existsSync(tsconfig) ? tsconfig : false });
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
