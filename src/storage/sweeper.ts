import type { Db } from '../db/client.js';
import { referencedStorageKeys } from '../db/repositories/blob-refs-repo.js';
import type { Logger } from '../logger.js';
import { startPeriodicDuty, type PeriodicDuty } from '../app/periodic-duty.js';
import type { BlobStore, StoredKey } from './blob-store.js';

const BATCH = 500;

export interface SweepReport {
  /** Staging files or objects and unfinished multipart uploads of uploads that never finished. */
  staging: number;
  /** Originals stored by an upload whose document row never committed (crash in between). */
  unreferenced: number;
}

/**
 * Removes what a killed upload leaves behind. Only leftovers older than `orphanAgeMs` go: a younger
 * staging object may belong to an upload still running, and a younger original to a document row
 * about to commit (a commit onto an existing original refreshes its time for the same reason).
 * Deletes are idempotent, so two workers sweeping at once do no harm.
 */
export async function sweepStorage(blobs: BlobStore, db: Db, orphanAgeMs: number, now = Date.now()): Promise<SweepReport> {
  const cutoff = new Date(now - orphanAgeMs);
  const report: SweepReport = { staging: await blobs.sweepStaging(cutoff), unreferenced: 0 };
  let batch: StoredKey[] = [];
  const flush = async () => {
    const used = await referencedStorageKeys(
      db,
      batch.map((k) => k.key),
    );
    for (const k of batch) {
      if (used.has(k.key)) continue;
      await blobs.delete(k.key);
      report.unreferenced++;
    }
    batch = [];
  };
  for await (const k of blobs.listKeys()) {
    if (k.modifiedAt >= cutoff) continue;
    batch.push(k);
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length) await flush();
  return report;
}

/** Runs the sweep at start and every `intervalMs` in the worker role; a failed pass is retried next tick. */
export function startStorageSweeper(
  blobs: BlobStore,
  db: Db,
  options: { orphanAgeMs: number; intervalMs: number },
  log: Logger,
): PeriodicDuty {
  return startPeriodicDuty(
    'storage sweep',
    options.intervalMs,
    async () => {
      const r = await sweepStorage(blobs, db, options.orphanAgeMs);
      if (r.staging || r.unreferenced) log.info(r, 'storage sweeper removed leftovers of interrupted uploads');
    },
    log,
  );
}
