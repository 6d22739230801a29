import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { copyFile, mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, type Deployment } from '../helpers/modes.js';
import { corpus } from '../helpers/processes.js';
import { signUpRest } from '../helpers/rest-client.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/docsphere.js');
const EMAIL = 'cli-user@example.com';
const PASSWORD = 'correct horse battery staple';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The real CLI as a user runs it, with its own config folder (XDG_CONFIG_HOME). */
function cli(configHome: string, args: string[], stdin?: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: configHome, XDG_CONFIG_HOME: configHome, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
      // Run from the config folder, which holds the uploaded folders: paths print relative to it.
      cwd: configHome,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end(stdin ?? '');
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('docsphere CLI against a real server', () => {
  let d: Deployment;
  let home: string;
  let folder: string;

  beforeAll(async () => {
    // One sandboxed converter is plenty here, and starts faster on a busy machine.
    d = await deploy('embedded', { WORKER_CONCURRENCY: '1' });
    await signUpRest(d.baseUrl, EMAIL, PASSWORD);
    home = await mkdtemp(path.join(tmpdir(), 'docsphere-cli-'));
    // A folder tree as a user has it: nested folders, a duplicate, and a file no converter takes.
    folder = path.join(home, 'papers');
    await mkdir(path.join(folder, 'reports', '2024'), { recursive: true });
    await copyFile(corpus('docx', 'word_sample.docx'), path.join(folder, 'reports', '2024', 'summer.docx'));
    await copyFile(corpus('docx', 'word_sample.docx'), path.join(folder, 'zz-copy-of-summer.docx'));
    await writeFile(path.join(folder, 'reports', 'notes.md'), '# Field notes\n\nThe heron stood in the reeds.\n');
    await writeFile(
      path.join(folder, 'noise.bin'),
      new Uint8Array(2048).map((_, i) => (i * 7919) % 251),
    );
  });
  afterAll(() => d?.stop());

  it('refuses to work before login, with UNAUTHENTICATED and a sysexits status', async () => {
    const run = await cli(home, ['ls']);
    expect(run.code).toBe(77);
    expect(run.stderr).toMatch(/^UNAUTHENTICATED: Not logged in/);
  });

  it('says in one line that the server cannot be reached, with EX_UNAVAILABLE (69)', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const url = `http://127.0.0.1:${port}`;
    const run = await cli(home, ['ls'], undefined, { DOCSPHERE_URL: url, DOCSPHERE_TOKEN: 'dsk_whatever' });
    expect(run.stderr).toBe(`UNREACHABLE: Cannot reach ${url} (ECONNREFUSED)\n`);
    expect(run.code).toBe(69);
  });

  it('tells the user to log in again when the saved key is rejected', async () => {
    const run = await cli(home, ['ls'], undefined, { DOCSPHERE_URL: d.baseUrl, DOCSPHERE_TOKEN: 'dsk_revoked_or_expired' });
    expect(run.stderr).toMatch(/^UNAUTHENTICATED: .*run `docsphere login/);
    expect(run.code).toBe(77);
  });

  it('login stores an API key in $XDG_CONFIG_HOME/docsphere with mode 0600; a wrong password fails', async () => {
    const wrong = await cli(home, ['login', d.baseUrl, '--email', EMAIL, '--password-stdin'], 'not the password\n');
    expect(wrong.code).toBe(77);
    expect(wrong.stderr).toMatch(/^UNAUTHENTICATED/);
    const run = await cli(home, ['login', `${d.baseUrl}/graphql`, '--email', EMAIL, '--password-stdin'], `${PASSWORD}\n`);
    expect(run.stderr).toMatch(/Logged in to/);
    expect(run.code).toBe(0);
    const file = path.join(home, 'docsphere', 'credentials.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await readFile(file, 'utf8'));
    expect(saved).toMatchObject({ url: d.baseUrl, email: EMAIL, token: expect.stringMatching(/^dsk_/) });
    expect(await readFile(file, 'utf8')).not.toContain(PASSWORD);
  });

  it('uploads a folder recursively, waits until indexed, prints a summary and fails for the bad file', async () => {
    const run = await cli(home, ['upload', folder, '--concurrency', '2']);
    expect(run.code).toBe(65);
    expect(run.stderr).toMatch(/1 of 4 files failed/);
    const rows = Object.fromEntries(
      run.stdout
        .split('\n\n')[0]!
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => {
          const [file, ...rest] = line.split(/\s{2,}/);
          expect(path.isAbsolute(file!)).toBe(false);
          return [path.relative(folder, path.resolve(home, file!)), rest];
        }),
    );
    expect(rows[path.join('reports', '2024', 'summer.docx')]?.slice(0, 2)).toEqual(['uploaded', 'INDEXED']);
    expect(rows[path.join('reports', 'notes.md')]?.slice(0, 2)).toEqual(['uploaded', 'INDEXED']);
    // Same bytes as summer.docx: hashed locally and not sent twice.
    expect(rows['zz-copy-of-summer.docx']?.[0]).toBe('skipped');
    expect(rows['noise.bin']?.[0]).toBe('failed');
    expect(run.stdout).toMatch(/^papers\/noise\.bin: UNSUPPORTED_FORMAT: \S/m);
  });

  it('reports a file that fails at conversion at once and exits 65 instead of waiting for the timeout', async () => {
    // A DOCX cut in half: detected as DOCX from its bytes, so the upload is accepted, and the
    // converter fails on it. The document ends FAILED with `error { code message }`.
    const whole = await readFile(corpus('docx', 'word_sample.docx'));
    const broken = path.join(home, 'broken', 'truncated.docx');
    await mkdir(path.dirname(broken), { recursive: true });
    await writeFile(broken, whole.subarray(0, Math.floor(whole.length / 2)));
    const started = Date.now();
    const run = await cli(home, ['upload', broken, '--timeout', '60']);
    expect(run.stdout).toMatch(/truncated\.docx\s+uploaded\s+FAILED/);
    expect(run.stdout).toMatch(/CORRUPT_DOCUMENT|UNSUPPORTED_FORMAT/);
    expect(run.stderr).toMatch(/1 of 1 files failed/);
    expect(run.code).toBe(65);
    expect(Date.now() - started).toBeLessThan(50_000);
  });

  it('skips everything on a second run: hashes are checked before anything is sent', async () => {
    const run = await cli(home, ['upload', path.join(folder, 'reports')]);
    expect(run.code).toBe(0);
    const results = run.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(/\s{2,}/)[1]);
    expect(results).toEqual(['skipped', 'skipped']);
  });

  it('ls lists the documents (table and JSON)', async () => {
    const table = await cli(home, ['ls']);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+STATUS\s+SIZE\s+CREATED\s+NAME$/);
    expect(table.stdout).toMatch(/INDEXED .*summer\.docx/);
    const json = await cli(home, ['ls', '--json', '--status', 'indexed']);
    const docs = JSON.parse(json.stdout) as Array<{ filename: string; metadata: { path?: string } }>;
    expect(docs.map((x) => `${x.metadata.path}/${x.filename}`).sort()).toEqual([
      'papers/reports/2024/summer.docx',
      'papers/reports/notes.md',
    ]);
    expect(table.stdout).toMatch(/papers\/reports\/2024\/summer\.docx/);
    // Short IDs (the UUID's first 8 characters) and lines that fit 100 columns.
    for (const line of table.stdout.trimEnd().split('\n').slice(1)) {
      expect(line).toMatch(/^[0-9a-f]{8} {2}/);
      expect(line.length).toBeLessThanOrEqual(100);
    }
  });

  it('search finds text inside the uploaded documents', async () => {
    const run = await cli(home, ['search', 'heron reeds']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^1\. notes\.md/);
    expect(run.stdout).toMatch(/heron/);
    const json = JSON.parse((await cli(home, ['search', 'duckling', '--json'])).stdout) as Array<{ document: { filename: string } }>;
    expect(json[0]?.document.filename).toBe('summer.docx');
  });

  it('tag adds (+a) and removes (-b) tags; ls --tag and search --tag keep only documents with all of them', async () => {
    const short = /^([0-9a-f]{8}) .*notes\.md$/m.exec((await cli(home, ['ls'])).stdout)?.[1];
    expect(short).toBeDefined();
    const tagged = await cli(home, ['tag', short!, '+Birds', '+Field Notes', 'wetland']);
    expect(tagged.stderr).toBe('');
    expect(tagged.stdout).toBe('birds, field notes, wetland\n');
    expect((await cli(home, ['tag', short!, '-WETLAND'])).stdout).toBe('birds, field notes\n');
    expect((await cli(home, ['tag', short!])).stdout).toBe('birds, field notes\n');
    const bad = await cli(home, ['tag', short!, '+a,b']);
    expect(bad.stderr).toMatch(/^BAD_USER_INPUT: /);
    expect(bad.code).not.toBe(0);
    const listed = JSON.parse((await cli(home, ['ls', '--json', '--tag', 'BIRDS', '--tag', 'field notes'])).stdout) as Array<{
      filename: string;
    }>;
    expect(listed.map((x) => x.filename)).toEqual(['notes.md']);
    expect(JSON.parse((await cli(home, ['ls', '--json', '--tag', 'birds', '--tag', 'wetland'])).stdout)).toEqual([]);
    expect((await cli(home, ['search', 'heron', '--tag', 'birds'])).stdout).toMatch(/^1\. notes\.md/);
    const none = await cli(home, ['search', 'duckling', '--tag', 'birds']);
    expect(none.stderr).toBe('No matches\n');
  });

  it('rm deletes by the short ID ls prints and reports unknown IDs with NOT_FOUND', async () => {
    const docs = JSON.parse((await cli(home, ['ls', '--json'])).stdout) as Array<{ id: string; filename: string }>;
    const notes = docs.find((x) => x.filename === 'notes.md')!;
    const short = /^([0-9a-f]{8}) .*notes\.md$/m.exec((await cli(home, ['ls'])).stdout)?.[1];
    expect(short).toBeDefined();
    const run = await cli(home, ['rm', short!, 'no-such-id']);
    expect(run.stdout).toBe(`deleted ${short}\n`);
    expect(run.stderr).toMatch(/^NOT_FOUND: no-such-id/);
    expect(run.code).toBe(66);
    const after = JSON.parse((await cli(home, ['ls', '--json'])).stdout) as Array<{ id: string }>;
    expect(after.map((x) => x.id)).not.toContain(notes.id);
  });
});
