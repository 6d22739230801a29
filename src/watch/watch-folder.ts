import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Container } from '../app/container.js';
import type { WatchConfig } from '../config.js';
import { findUserByEmail } from '../db/repositories/users-repo.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { startPeriodicDuty } from '../app/periodic-duty.js';
import { runAsUser } from '../security/tenant-scope.js';
import { uploadDocument } from '../services/documents/upload-document.js';
import { FAILED, moveOut, PROCESSED } from './folder-moves.js';
import { redisLeaderLock, soleLeader, type LeaderLock } from './leader-lock.js';

/** Names a scanner or copier uses while it still writes (and our own reason files). */
const IN_PROGRESS = /^[.~]|\.(part|partial|tmp|crdownload|download)$/i;

interface Seen {
  size: number;
  mtimeMs: number;
  since: number;
}

/**
 * The watched folder (a scanner's drop folder): a file that appears in WATCH_DIR is ingested
 * for WATCH_OWNER once its size and modification time held still for WATCH_STABLE_MS, then
 * moved to `processed/`, or to `failed/` with a `.reason.txt` when the upload is refused.
 *
 * Polling, not file-system events: it works the same on network shares and container volumes
 * (where inotify is silent), and a scan at start finds whatever arrived while no one watched.
 * No duplicates across restarts without extra bookkeeping: a file is moved only after its
 * document committed, and uploads are deduplicated by content per owner, so a crash between the
 * commit and the move re-ingests the file as a duplicate of its own document and then moves it.
 * Transient failures (database or storage down) leave the file in place for the next scan.
 */
export class WatchFolder {
  private readonly seen = new Map<string, Seen>();
  private warnedOwner = false;
  private leading = false;

  constructor(
    private readonly c: Container,
    private readonly config: WatchConfig,
    private readonly lock: LeaderLock,
    private readonly log: Logger,
  ) {}

  /** One scan; returns how many files it moved out. */
  async scan(now = Date.now()): Promise<number> {
    const leading = await this.lock.hold();
    if (leading !== this.leading) {
      this.leading = leading;
      this.log.info({ dir: this.config.dir, leading }, leading ? 'watching folder as leader' : 'another process watches the folder');
    }
    if (!leading) return 0;
    const owner = await findUserByEmail(this.c.db, this.config.ownerEmail.toLowerCase());
    if (!owner) {
      if (!this.warnedOwner) this.log.warn({ owner: this.config.ownerEmail }, 'WATCH_OWNER has no account yet; files wait');
      this.warnedOwner = true;
      return 0;
    }
    await mkdir(this.config.dir, { recursive: true });
    const entries = await readdir(this.config.dir, { withFileTypes: true });
    const present = new Set<string>();
    let moved = 0;
    for (const entry of entries) {
      if (!entry.isFile() || IN_PROGRESS.test(entry.name)) continue;
      present.add(entry.name);
      const info = await stat(path.join(this.config.dir, entry.name)).catch(() => null);
      if (!info) continue;
      const before = this.seen.get(entry.name);
      if (!before || before.size !== info.size || before.mtimeMs !== info.mtimeMs) {
        this.seen.set(entry.name, { size: info.size, mtimeMs: info.mtimeMs, since: now });
        if (this.config.stableMs > 0) continue;
      } else if (now - before.since < this.config.stableMs) continue;
      if (await this.ingest(owner, entry.name)) {
        this.seen.delete(entry.name);
        moved++;
      }
    }
    for (const name of this.seen.keys()) if (!present.has(name)) this.seen.delete(name);
    return moved;
  }

  /** True when the file was handled (moved out), false when it stays for another try. */
  private async ingest(owner: { id: string; email: string }, name: string): Promise<boolean> {
    const file = path.join(this.config.dir, name);
    try {
      const result = await runAsUser(owner.id, () =>
        uploadDocument(this.c, owner, { filename: name, createReadStream: () => createReadStream(file) }, {}, { path: `watch/${name}` }),
      );
      await moveOut(this.config.dir, name, PROCESSED);
      this.log.info({ file: name, documentId: result.document.id, duplicate: result.duplicate }, 'watched file ingested');
      return true;
    } catch (err) {
      if (!(err instanceof AppError)) {
        this.log.warn({ err, file: name }, 'watched file not ingested; will retry');
        return false;
      }
      const reason = `${err.code}: ${err.message}\n${new Date().toISOString()}\n`;
      await moveOut(this.config.dir, name, FAILED, reason);
      this.log.info({ file: name, code: err.code }, 'watched file refused');
      return true;
    }
  }

  async close(): Promise<void> {
    await this.lock.release();
  }
}

/** Starts polling WATCH_DIR in the worker role (one leader across processes in services mode). */
export function startWatchFolder(c: Container, config: WatchConfig, log: Logger): { stop(): Promise<void> } {
  const key = `${c.config.redisPrefix}:watch-leader:${createHash('sha256').update(config.dir).digest('hex').slice(0, 16)}`;
  const lock = c.config.redisUrl ? redisLeaderLock(c.config.redisUrl, key, Math.max(10_000, config.pollMs * 5)) : soleLeader;
  const watcher = new WatchFolder(c, config, lock, log);
  const duty = startPeriodicDuty('watch folder scan', config.pollMs, () => watcher.scan(), log);
  return {
    async stop() {
      await duty.stop();
      await watcher.close();
    },
  };
}
