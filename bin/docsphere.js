#!/usr/bin/env node
/**
 * The `docsphere` command. The CLI is TypeScript run through tsx (a runtime dependency), so the
 * installed package needs no build step; the package's own tsconfig is used, never the one in
 * the caller's working directory.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const tsconfig = fileURLToPath(new URL('../tsconfig.json', import.meta.url));
register({ tsconfig: existsSync(tsconfig) ? tsconfig : false });
await import(new URL('../src/cli/main.ts', import.meta.url).href);
