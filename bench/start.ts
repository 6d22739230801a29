/**
 * `npm run bench:start`: how long the built CLI and server take to start, side by side with
 * references measured in the same run (absolute times on a shared machine mean little):
 *
 * - `docsphere extract FILE` (the launcher running dist/) on a small Markdown, HTML and DOCX
 *   file and a 10-page PDF made here with pdfseparate/pdfunite from corpus PDFs, against
 *   `node -e 0` (Node's own start), `pdftotext` on the PDF and `pandoc` on the others, and the
 *   same command run from the TypeScript sources through tsx. Targets: < 1 s, < 1.5 s for the PDF.
 * - The server on the embedded default with an existing data directory: time until /health
 *   answers, and the API process's RSS once idle. Targets: < 3 s, < 350 MB.
 *
 * Medians of REPEAT runs. The table is printed; BENCHMARKS.md is updated by hand.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CORPUS, ensureTools, fmt, machine, ROOT, table, timed, today } from './tools.js';

const REPEAT = Number(process.argv[2] ?? 5);
const SERVER_REPEAT = Math.max(1, Math.ceil(REPEAT / 2));
const BIN = path.join(ROOT, 'bin', 'docsphere.js');

const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function seconds(command: string, args: readonly string[]): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const r = await timed(command, args);
    if (r.code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${r.code}: ${r.stderr.slice(-1000)}`);
    runs.push(r.seconds);
  }
  return median(runs);
}

/** Peak RSS (MB) of one run, from GNU time. */
async function peakRssMb(command: string, args: readonly string[]): Promise<number> {
  const r = await timed('/usr/bin/time', ['-f', '%M', command, ...args]);
  return Number(r.stderr.trim().split('\n').at(-1)) / 1024;
}

/** A 10-page PDF from the corpus's text PDFs, in `work`. */
async function tenPagePdf(work: string): Promise<string> {
  const sources = ['normal_4pages.pdf', 'multi_page.pdf', 'redp5110_sampled.pdf'].map((f) => path.join(CORPUS, 'pdf', f));
  const all = path.join(work, 'all.pdf');
  await timed('pdfunite', [...sources, all]);
  const r = await timed('pdfseparate', ['-f', '1', '-l', '10', all, path.join(work, 'page-%d.pdf')]);
  if (r.code !== 0) throw new Error(`pdfseparate: ${r.stderr}`);
  const out = path.join(work, 'ten-pages.pdf');
  const pages = Array.from({ length: 10 }, (_, i) => path.join(work, `page-${i + 1}.pdf`));
  const u = await timed('pdfunite', [...pages, out]);
  if (u.code !== 0) throw new Error(`pdfunite: ${u.stderr}`);
  return out;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const rssMbOf = async (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** Starts the server, waits for /health, lets it idle, and stops it. */
async function serverStart(args: readonly string[], dataDir: string): Promise<{ readySeconds: number; idleRssMb: number }> {
  const port = await freePort();
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const readySeconds = Number(process.hrtime.bigint() - start) / 1e9;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    return { readySeconds, idleRssMb: await rssMbOf(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

async function main() {
  ensureTools(['pdftotext', 'pdfunite', 'pdfseparate']);
  const build = await timed(process.execPath, [path.join(ROOT, 'bin', 'build.js'), '--if-stale']);
  if (build.code !== 0) throw new Error(`build failed: ${build.stderr}`);
  const hasPandoc = (await timed('pandoc', ['--version']).catch(() => ({ code: 1 }))).code === 0;
  const work = await mkdtemp(path.join(tmpdir(), 'docsphere-bench-start-'));
  try {
    const files = [
      { label: 'Markdown', file: path.join(CORPUS, 'md', 'duck.md') },
      { label: 'HTML', file: path.join(CORPUS, 'html', 'example_03.html') },
      { label: 'DOCX', file: path.join(CORPUS, 'docx', 'lorem_ipsum.docx') },
      { label: 'PDF, 10 pages', file: await tenPagePdf(work) },
    ];
    const node = await seconds(process.execPath, ['-e', '0']);
    const rows = [];
    for (const { label, file } of files) {
      const built = await seconds(process.execPath, [BIN, 'extract', file]);
      const rss = await peakRssMb(process.execPath, [BIN, 'extract', file]);
      const source = await seconds(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'main.ts'), 'extract', file]);
      const isPdf = file.endsWith('.pdf');
      const reference = isPdf
        ? await seconds('pdftotext', [file, '/dev/null'])
        : hasPandoc
          ? await seconds('pandoc', ['-t', 'gfm', '-o', '/dev/null', file])
          : Number.NaN;
      rows.push([
        label,
        fmt(built, 2),
        fmt(rss, 0),
        fmt(source, 2),
        fmt(node, 3),
        `${fmt(reference, 3)} (${isPdf ? 'pdftotext' : 'pandoc'})`,
        fmt(built / reference, 1),
        fmt(built / node, 1),
      ]);
    }

    // The data directory exists (first start creates and migrates it, not measured).
    const dataDir = path.join(work, 'data');
    const builtServer = [path.join(ROOT, 'dist', 'main.js')];
    const sourceServer = ['--import', 'tsx', path.join(ROOT, 'src', 'main.ts')];
    await serverStart(builtServer, dataDir);
    type ServerRun = { readySeconds: number; idleRssMb: number };
    const runs = { built: [] as ServerRun[], source: [] as ServerRun[] };
    for (let i = 0; i < SERVER_REPEAT; i++) {
      runs.built.push(await serverStart(builtServer, dataDir));
      runs.source.push(await serverStart(sourceServer, dataDir));
    }
    const serverRow = (name: string, r: ServerRun[]) => [
      name,
      fmt(median(r.map((x) => x.readySeconds)), 2),
      fmt(median(r.map((x) => x.idleRssMb)), 0),
    ];

    console.log(`\n${today()} — ${machine()}; medians of ${REPEAT} runs (servers: ${SERVER_REPEAT})\n`);
    console.log('`docsphere extract FILE` cold start (s; targets < 1, < 1.5 for the PDF)\n');
    console.log(
      table(
        [
          'file',
          'built (s)',
          'peak RSS (MB)',
          'from source, tsx (s)',
          '`node -e 0` (s)',
          'reference (s)',
          'built ÷ reference',
          'built ÷ `node -e 0`',
        ],
        rows,
      ),
    );
    console.log('\nServer on the embedded default, existing data directory (targets: ready < 3 s, idle RSS < 350 MB)\n');
    console.log(
      table(
        ['server', 'ready: /health answers (s)', 'API RSS idle (MB)'],
        [serverRow('`node dist/main.js` (npm start)', runs.built), serverRow('`node --import tsx src/main.ts` (source)', runs.source)],
      ),
    );
    if (!existsSync(path.join(ROOT, 'client', 'dist'))) console.log('\n(client/dist is absent: the server ran without the web client)');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
