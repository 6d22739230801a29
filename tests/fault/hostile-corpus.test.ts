import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANCEL_PROCESSING, DOCUMENT } from '../../client/src/operations.js';
import { waitFor, type GraphQLHttpClient } from '../helpers/graphql-client.js';
import { corpus } from '../helpers/processes.js';
import { childPids, signUp } from './batch.js';
import { billionLaughsDocx, manyPagesPdf, pngBomb, zipBomb } from './bombs.js';
import { deployPrivate, privateServicesAvailable, type PrivateDeployment } from './private-services.js';

/**
 * Hostile input end to end, on a real deployment (services mode on a private PostgreSQL and
 * Redis: an API process and a worker process whose converters run in sandbox children, so the
 * worker's own memory is measured apart from the database's): the hostile corpus plus generated bombs each end FAILED with a typed code
 * (or are refused at upload with one) within their limit, the server process stays small and
 * alive, and ordinary documents keep flowing. Also: cancelProcessing kills a running conversion.
 */
const MEMORY_MB = 768;
const TIMEOUT_MS = 20_000;
const BOMB_CODES = ['RESOURCE_LIMIT', 'TIMEOUT', 'CORRUPT_DOCUMENT'];
const UPLOAD = /* GraphQL */ `
  mutation Upload($file: Upload!, $options: UploadOptions) {
    uploadDocument(file: $file, options: $options) {
      document {
        id
        status
      }
    }
  }
`;

const rssMb = (pid: number, field: 'VmRSS' | 'VmHWM') => {
  try {
    const kb = new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
};

const available = await privateServicesAvailable();

describe.skipIf(!available)('hostile documents are contained', () => {
  let d: PrivateDeployment;
  let client: GraphQLHttpClient;
  let sampler: NodeJS.Timeout;
  let sandboxPeakMb = 0;
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    d = await deployPrivate({ CONVERT_MEMORY_MB: String(MEMORY_MB), CONVERT_TIMEOUT_MS: String(TIMEOUT_MS) });
    client = await signUp(d.api.graphqlUrl, 'hostile@example.com');
    sampler = setInterval(() => {
      for (const pid of childPids(d.worker.child.pid!)) sandboxPeakMb = Math.max(sandboxPeakMb, rssMb(pid, 'VmRSS'));
    }, 100);
  });

  afterAll(async () => {
    clearInterval(sampler);
    console.log(`[hostile figures] ${JSON.stringify(figures)}`);
    await d?.stop();
  });

  const upload = async (file: string, options?: Record<string, unknown>, as = client) => {
    const res = await as.upload(UPLOAD, { file: null, options }, { file: { path: file } });
    if (res.errors) return { file, rejected: res.errors[0]?.extensions?.code as string };
    return { file, id: res.data!.uploadDocument.document.id as string };
  };
  const finished = (id: string, timeoutMs: number, as = client) =>
    waitFor(
      `document ${id} to finish`,
      async () => {
        const doc = (await as.request(DOCUMENT, { id })).data?.document;
        return doc && (doc.status === 'INDEXED' || doc.status === 'FAILED') ? doc : null;
      },
      timeoutMs,
      250,
    );

  it('the hostile corpus and generated bombs fail with clear codes while other documents flow', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'docsphere-bombs-'));
    const bombs = [await zipBomb(dir), await billionLaughsDocx(dir), await pngBomb(dir), await manyPagesPdf(dir, 5000)];
    const hostile = readdirSync(corpus('hostile'))
      .sort()
      .map((f) => corpus('hostile', f));
    const normal = [corpus('md', 'mixed_without_h1.md'), corpus('pdf', 'multi_page.pdf')];

    const started = Date.now();
    const first = await upload(normal[0]!);
    const uploads = [];
    for (const file of [...bombs, ...hostile]) uploads.push(await upload(file));
    const last = await upload(normal[1]!);

    // Every document finishes; allowing the wall-clock limit (plus slack) for each one in turn.
    const results: Array<{ file: string; outcome: string }> = [];
    for (const u of uploads) {
      if (u.rejected) {
        results.push({ file: path.basename(u.file), outcome: `rejected ${u.rejected}` });
        expect(u.rejected, u.file).not.toBe('INTERNAL');
        continue;
      }
      const doc = await finished(u.id!, TIMEOUT_MS * 3);
      results.push({ file: path.basename(u.file), outcome: doc.status === 'FAILED' ? `FAILED ${doc.error?.code}` : doc.status });
      if (doc.status === 'FAILED') expect(doc.error?.code, u.file).not.toBe('INTERNAL');
      if (bombs.includes(u.file)) {
        expect(doc.status, u.file).toBe('FAILED');
        expect(BOMB_CODES, u.file).toContain(doc.error?.code);
      }
    }
    for (const u of [first, last]) expect((await finished(u.id!, 120_000)).status, u.file).toBe('INDEXED');

    const workerPeakMb = rssMb(d.worker.child.pid!, 'VmHWM');
    Object.assign(figures, {
      results,
      seconds: Math.round((Date.now() - started) / 1000),
      workerPeakMb: Math.round(workerPeakMb),
      sandboxPeakMb: Math.round(sandboxPeakMb),
      capMb: MEMORY_MB,
    });
    // The worker process never parses a document itself: it stays under the converter cap.
    expect(workerPeakMb).toBeLessThan(MEMORY_MB);
    expect(d.worker.child.exitCode).toBeNull();
  });

  it('cancelProcessing kills the running conversion and marks the document CANCELLED', async () => {
    const owner = await signUp(d.api.graphqlUrl, 'canceller@example.com');
    const { id } = await upload(corpus('ocr', 'nemotron_multipage.pdf'), { ocr: 'FORCE' }, owner);
    await waitFor('the conversion to start', async () => {
      const doc = (await owner.request(DOCUMENT, { id })).data?.document;
      return doc?.status === 'PROCESSING' && doc.stage === 'CONVERT';
    });
    const sandboxes = childPids(d.worker.child.pid!);
    // Another user cannot cancel it: the document does not exist for them.
    expect((await client.request(CANCEL_PROCESSING, { id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const res = await owner.request(CANCEL_PROCESSING, { id });
    expect(res.errors).toBeUndefined();
    expect(res.data!.cancelProcessing).toMatchObject({ status: 'FAILED', error: { code: 'CANCELLED' } });
    // The sandbox that ran it was killed (and replaced): one of the old process ids is gone.
    await waitFor('the sandbox to be killed', () => sandboxes.some((pid) => !childPids(d.worker.child.pid!).includes(pid)), 15_000);
    expect((await finished(id!, 30_000, owner)).error?.code).toBe('CANCELLED');
    // Cancelling again is a typed error, not a crash.
    expect((await owner.request(CANCEL_PROCESSING, { id })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
