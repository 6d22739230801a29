#!/usr/bin/env node
/**
 * `npm run build`: compiles the server, workers and CLI (src/) to JavaScript in dist/ with tsc,
 * so production runs start without a TypeScript compiler. `--if-stale` builds only when dist/ is
 * missing or older than the sources (`npm start` and `npm run worker` run it first).
 *
 * dist/ mirrors src/ one level below the repository root, so the paths the code resolves from
 * its own location (../../drizzle for migrations, ../../client/dist, ../../package.json) are the
 * same from src/ and dist/. The build goes to a sibling folder and is swapped in whole, so a
 * process running from dist/ (the launcher, a server) never sees half a build.
 */
import { spawnSync } from 'node:child_process';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { buildIsFresh, DIST, ROOT } from './build-state.js';

if (process.argv.includes('--if-stale') && buildIsFresh()) process.exit(0);

const staging = path.join(ROOT, `dist.build-${process.pid}`);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
rmSync(staging, { recursive: true, force: true });
// --noCheck: emit only (isolatedModules makes that safe); `npm run typecheck` checks types,
// and a start should not wait for it.
const args = [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--noCheck', '--outDir', staging];
const result = spawnSync(process.execPath, args, {
  cwd: ROOT,
  stdio: 'inherit',
});
if (result.status !== 0) {
  rmSync(staging, { recursive: true, force: true });
  process.exit(result.status ?? 1);
}
writeFileSync(path.join(staging, '.build-stamp'), `${new Date().toISOString()}\n`);
const old = path.join(ROOT, `dist.old-${process.pid}`);
try {
  renameSync(DIST, old);
} catch {
  // No earlier build.
}
renameSync(staging, DIST);
rmSync(old, { recursive: true, force: true });
