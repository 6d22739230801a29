/**
 * Production runs the JavaScript build (`npm start` → `node dist/main.js`; the launcher runs
 * dist/cli/main.js), while the other suites run the TypeScript sources through tsx. This suite
 * builds (when dist/ is older than the sources) and checks that the build itself works: the API
 * starts from dist/ and converts an upload in a sandbox forked from dist/, and the launcher runs
 * the built CLI without loading tsx.
 */
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTRACT, SIGN_UP } from '../../client/src/operations.js';
import { GraphQLHttpClient } from '../helpers/graphql-client.js';
import { corpus, startApi, tempDataDir } from '../helpers/processes.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

describe('the built server and CLI', () => {
  let api: Awaited<ReturnType<typeof startApi>> | undefined;
  let dataDir: string;

  beforeAll(async () => {
    await run(process.execPath, [path.join(ROOT, 'bin', 'build.js'), '--if-stale'], { cwd: ROOT });
    dataDir = await tempDataDir();
    api = await startApi({ DATA_DIR: dataDir }, { built: true });
  }, 600_000);

  afterAll(async () => {
    await api?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('serves the API from dist/ and converts in a sandbox forked from dist/', async () => {
    expect(api!.child.spawnargs.slice(1)).toEqual([path.join(ROOT, 'dist', 'main.js')]);
    expect((await fetch(`${api!.baseUrl}/health`)).status).toBe(200);
    const client = new GraphQLHttpClient(api!.graphqlUrl);
    const signUp = await client.request(SIGN_UP, { email: 'built@example.com', password: 'correct horse battery staple' });
    expect(signUp.errors).toBeUndefined();
    client.token = signUp.data!.signUp.token;
    const res = await client.upload(EXTRACT, { file: null }, { file: { path: corpus('docx', 'lorem_ipsum.docx') } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.extract.mimeType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.data!.extract.markdown).toMatch(/lorem ipsum/i);
  });

  it('runs the built CLI through the launcher, without tsx', async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      [
        '--import',
        path.join(ROOT, 'tests/helpers/module-trace.mjs'),
        path.join(ROOT, 'bin', 'docsphere.js'),
        'extract',
        corpus('md', 'duck.md'),
      ],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
    );
    expect(stdout.length).toBeGreaterThan(100);
    const loaded = stderr.split('\n').filter((line) => line.startsWith('LOADED '));
    expect(loaded.some((line) => line.includes('/dist/cli/main.js'))).toBe(true);
    expect(loaded.filter((line) => /node_modules\/tsx\/|\/src\/cli\//.test(line))).toEqual([]);
  });
});
