/**
 * Whether dist/ holds a build of the current sources. `npm run build` writes dist/.build-stamp
 * last; the build is fresh when that stamp is newer than every file it was built from (src/,
 * the tsconfig files, package.json). Shared by the launcher (bin/docsphere.js), which runs the
 * build only when it is fresh, and by bin/build.js --if-stale, which `npm start` runs first.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = path.join(ROOT, 'dist');
export const STAMP = path.join(DIST, '.build-stamp');
const INPUTS = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

const mtimeOf = (file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0;

/** The newest modification time under `dir` (0 when it does not exist). */
function newestIn(dir) {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(full) : mtimeOf(full));
  }
  return newest;
}

/** True when dist/ has a complete build and no source file changed after it was made. */
export function buildIsFresh() {
  const stamp = mtimeOf(STAMP);
  if (stamp === 0) return false;
  const sources = Math.max(newestIn(path.join(ROOT, 'src')), ...INPUTS.map((file) => mtimeOf(path.join(ROOT, file))));
  return stamp >= sources;
}
