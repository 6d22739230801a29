import { createHash, randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTS, SIGN_UP } from '../../client/src/operations.js';
import { GraphQLHttpClient, waitFor } from '../helpers/graphql-client.js';
import { deploy, servicesAvailable, type Deployment, type ModeName } from '../helpers/modes.js';
import { corpus, startWorker, type RunningProcess } from '../helpers/processes.js';

/**
 * The watched folder against real servers: 50 corpus files dropped in two halves around a
 * restart each end up as exactly one INDEXED document and in `processed/`; a file no converter
 * takes goes to `failed/` with its reason. In services mode a second worker runs, and only one
 * of the two watches (leader lock).
 */
const FILES = (async () => {
  const picked: string[] = [];
  // Distinct bytes only: the corpus holds two identical files, and uploads dedupe by content.
  const hashes = new Set<string>();
  for (const dir of ['md', 'html', 'csv']) {
    for (const f of (await readdir(corpus(dir))).sort()) {
      if (!f.endsWith(`.${dir}`)) continue;
      const hash = createHash('sha256')
        .update(await readFile(corpus(dir, f)))
        .digest('hex');
      if (!hashes.has(hash)) picked.push(corpus(dir, f));
      hashes.add(hash);
    }
  }
  return picked.slice(0, 50);
})();

type Doc = { id: string; filename: string; status: string };

async function allDocuments(client: GraphQLHttpClient): Promise<Doc[]> {
  const docs: Doc[] = [];
  let after: string | null = null;
  for (;;) {
    const res = await client.request(DOCUMENTS, { first: 50, after });
    const page = res.data!.documents as { edges: Array<{ node: Doc }>; pageInfo: { hasNextPage: boolean; endCursor: string } };
    docs.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) return docs;
    after = page.pageInfo.endCursor;
  }
}

const modes: ModeName[] = process.env.WATCH_MODES ? (process.env.WATCH_MODES.split(',') as ModeName[]) : ['embedded', 'services'];

for (const mode of modes) {
  describe.skipIf(mode === 'services' && !servicesAvailable())(`watched folder (${mode})`, () => {
    let d: Deployment;
    let watchDir: string;
    let client: GraphQLHttpClient;
    let second: RunningProcess | undefined;
    const owner = `watch-${mode}@example.com`;

    beforeAll(async () => {
      watchDir = await mkdtemp(path.join(tmpdir(), 'docsphere-watch-'));
      d = await deploy(mode, { WATCH_DIR: watchDir, WATCH_OWNER: owner, WATCH_POLL_MS: '200', WATCH_STABLE_MS: '400' });
      if (mode === 'services') second = await startWorker(d.env);
      client = new GraphQLHttpClient(d.graphqlUrl);
      const res = await client.request(SIGN_UP, { email: owner, password: 'correct horse battery staple' });
      client.token = res.data!.signUp.token;
    });

    afterAll(async () => {
      await second?.stop();
      await d?.stop();
      await rm(watchDir, { recursive: true, force: true });
    });

    it('50 files dropped across a restart are each indexed once and moved to processed/', async () => {
      const files = await FILES;
      expect(files).toHaveLength(50);
      const started = Date.now();
      const processed = async () => (await readdir(path.join(watchDir, 'processed')).catch(() => [] as string[])).length;
      for (const f of files.slice(0, 25)) await copyFile(f, path.join(watchDir, path.basename(f)));
      await waitFor('some files to be ingested', async () => (await processed()) >= 5, 60_000, 100);
      // Restart mid-ingestion, dropping the second half meanwhile.
      const restarting = d.restart();
      for (const f of files.slice(25)) await copyFile(f, path.join(watchDir, path.basename(f)));
      await restarting;
      // The restarted API listens on a new port; the session stays valid.
      const token = client.token;
      client = new GraphQLHttpClient(d.graphqlUrl);
      client.token = token;
      await waitFor('all 50 files to move to processed/', async () => (await processed()) === 50, 300_000, 200).catch(
        async (err: unknown) => {
          console.log(`[watch] processed ${await processed()}, left: ${(await readdir(watchDir)).join(', ')}`);
          throw err;
        },
      );
      expect((await readdir(watchDir)).filter((f) => f !== 'processed' && f !== 'failed')).toEqual([]);

      const docs = await waitFor(
        'every document to finish',
        async () => {
          const all = await allDocuments(client);
          return all.length >= 50 && all.every((x) => x.status === 'INDEXED' || x.status === 'FAILED') ? all : null;
        },
        400_000,
        1000,
      ).catch(async (err: unknown) => {
        const all = await allDocuments(client);
        const byStatus = all.reduce<Record<string, number>>((acc, x) => ({ ...acc, [x.status]: (acc[x.status] ?? 0) + 1 }), {});
        console.log(`[watch] ${all.length} documents: ${JSON.stringify(byStatus)}`);
        throw err;
      });
      expect(docs).toHaveLength(50);
      expect(new Set(docs.map((x) => x.filename)).size).toBe(50);
      expect(docs.filter((x) => x.status !== 'INDEXED').map((x) => x.filename)).toEqual([]);
      expect(new Set(docs.map((x) => x.filename))).toEqual(new Set(files.map((f) => path.basename(f))));
      console.log(
        `[watch figures] ${mode}: 50 files, ${docs.length} documents, ${(Date.now() - started) / 1000} s (noisy, shared machine)`,
      );
      if (second) {
        const leaders = [d.worker!, second].filter((w) => w.lines.some((l) => l.includes('watching folder as leader')));
        expect(leaders.length).toBeGreaterThanOrEqual(1);
        // The worker that was not restarted either led all along or never did; only one led at a time.
        const ingestedBy = [d.worker!, second].map((w) => w.lines.filter((l) => l.includes('watched file ingested')).length);
        expect(ingestedBy.filter((n) => n > 0).length).toBe(1);
      }
    }, 900_000);

    it('a file no converter takes goes to failed/ with a reason file', async () => {
      await writeFile(path.join(watchDir, 'noise.bin'), randomBytes(4096));
      await waitFor(
        'the refused file to move',
        async () => (await readdir(path.join(watchDir, 'failed')).catch(() => [])).length === 2,
        30_000,
        100,
      );
      expect((await readdir(path.join(watchDir, 'failed'))).sort()).toEqual(['noise.bin', 'noise.bin.reason.txt']);
      expect(await readFile(path.join(watchDir, 'failed', 'noise.bin.reason.txt'), 'utf8')).toMatch(/^UNSUPPORTED_FORMAT: /);
    });
  });
}
