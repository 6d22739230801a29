import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const PROCESSED = 'processed';
export const FAILED = 'failed';

/** A free name in `dir` for `name`: `name`, then `name (2)`, `name (3)`… before the extension. */
async function freeName(dir: string, name: string): Promise<string> {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? name : `${stem} (${n})${ext}`;
    if (!(await stat(path.join(dir, candidate)).catch(() => null))) return candidate;
  }
}

/**
 * Moves a handled file out of the watched folder (a rename within it, so atomic). A file already
 * gone was moved by a previous run that died before noticing; that is not an error.
 */
export async function moveOut(root: string, name: string, to: typeof PROCESSED | typeof FAILED, reason?: string): Promise<string | null> {
  const dir = path.join(root, to);
  await mkdir(dir, { recursive: true });
  const target = await freeName(dir, name);
  if (reason !== undefined) await writeFile(path.join(dir, `${target}.reason.txt`), reason);
  try {
    await rename(path.join(root, name), path.join(dir, target));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  return target;
}
