import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface RunningProcess {
  child: ChildProcess;
  /** Every log line so far (JSON from pino, or plain text). */
  lines: string[];
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `src/<entry>` as a real Node process through tsx (as `npm run dev` does: the suites
 * need no build step and test the sources as they are), or with `built` the compiled
 * `dist/<entry>.js` exactly as `npm start` / `npm run worker` run it (tests/integration/built.test.ts
 * builds first). Resolves once a log line satisfies `ready`.
 */
export async function startProcess(
  entry: 'main.ts' | 'worker.ts',
  env: Record<string, string>,
  ready: (line: Record<string, unknown>) => boolean,
  // Generous: on a 2-core machine shared by parallel test runs, a cold start has taken 70 s.
  timeoutMs = 110_000,
  built = false,
): Promise<RunningProcess & { readyLine: Record<string, unknown> }> {
  const args = built ? [path.join(ROOT, 'dist', entry.replace(/\.ts$/, '.js'))] : ['--import', 'tsx', path.join(ROOT, 'src', entry)];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const readyLine = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => {
      // A process that never got ready must not outlive the test run (it would only add load).
      child.kill('SIGKILL');
      reject(new Error(`${entry} not ready in ${timeoutMs} ms:\n${lines.slice(-20).join('\n')}`));
    }, timeoutMs);
    const onLine = (line: string) => {
      lines.push(line);
      if (process.env.TEST_SERVER_LOGS) console.log(`[${entry}] ${line}`);
      let parsed: Record<string, unknown> | undefined;
      try {
        parsed = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      if (ready(parsed)) {
        clearTimeout(timer);
        resolve(parsed);
      }
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code} before it was ready:\n${lines.slice(-30).join('\n')}`));
    });
  });
  return {
    child,
    lines,
    readyLine,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
}

export async function startApi(env: Record<string, string>, opts: { built?: boolean } = {}) {
  const proc = await startProcess(
    'main.ts',
    { PORT: '0', ...env },
    (l) => typeof l.url === 'string' && l.msg !== undefined && String(l.msg).includes('ready at'),
    undefined,
    opts.built,
  );
  const graphqlUrl = String(proc.readyLine.url);
  return { ...proc, graphqlUrl, baseUrl: graphqlUrl.replace(/\/graphql$/, '') };
}

export function startWorker(env: Record<string, string>) {
  return startProcess('worker.ts', env, (l) => l.msg === 'workers started');
}

export const tempDataDir = () => mkdtemp(path.join(tmpdir(), 'docsphere-test-'));

export const corpus = (...parts: string[]) => path.resolve(ROOT, '..', 'shared', 'corpus', ...parts);

/**
 * A corpus PDF with a unique comment after %%EOF: the same document to every reader, but bytes
 * the extraction cache has not seen, so a test that watches conversion (per-page progress,
 * conversion metrics) is not served from a cache warmed by an earlier suite on the same database.
 */
export async function uncachedPdf(file: string): Promise<Uint8Array> {
  const { readFile } = await import('node:fs/promises');
  const nonce = `%docsphere-test-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}\n`;
  return new Uint8Array(Buffer.concat([await readFile(file), Buffer.from(`\n${nonce}`)]));
}
