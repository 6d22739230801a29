import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config.js';

/**
 * The signing key for access tokens. Services mode requires JWT_SECRET (config enforces it) so
 * every process signs alike; the embedded default makes one on first start and keeps it under
 * DATA_DIR with owner-only permissions, so tokens survive restarts without any set-up.
 */
export async function loadJwtSecret(config: Config): Promise<Uint8Array> {
  if (config.jwtSecret) return new TextEncoder().encode(config.jwtSecret);
  const file = path.join(config.dataDir, 'secrets', 'jwt-secret');
  try {
    return Buffer.from((await readFile(file, 'utf8')).trim(), 'base64url');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const secret = randomBytes(48);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    await writeFile(file, secret.toString('base64url'), { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (err) {
    // Another start won the race: use the secret it wrote.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      return Buffer.from((await readFile(file, 'utf8')).trim(), 'base64url');
    }
    throw err;
  }
}
