/**
 * What both extraction benchmarks share: the reference tools from Debian (installed on demand,
 * so a fresh machine can run `npm run bench:*` as is), timed child processes, a description of
 * the machine, and writing a section of BENCHMARKS.md without touching the other sections.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus');
const BENCHMARKS = path.join(ROOT, 'BENCHMARKS.md');

const DEBIAN_PACKAGES = ['poppler-utils', 'pandoc', 'tesseract-ocr', 'tesseract-ocr-deu'];

const has = (command: string) => {
  try {
    execFileSync('which', [command], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** Installs the reference tools with apt when one is missing (the benches run as root). */
export function ensureTools(commands: readonly string[]): void {
  const missing = commands.filter((c) => !has(c));
  if (missing.length === 0) return;
  console.error(`installing ${DEBIAN_PACKAGES.join(' ')} (missing: ${missing.join(', ')})`);
  execFileSync('apt-get', ['update'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', ...DEBIAN_PACKAGES], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  const still = commands.filter((c) => !has(c));
  if (still.length) throw new Error(`still missing after apt-get install: ${still.join(', ')}`);
}

/**
 * The tesseract CLI needs the traineddata unpacked; the npm package (what tesseract.js uses)
 * ships it gzipped. Same model on both sides, so the comparison is of engines, not models.
 */
export async function tessdataDir(work: string): Promise<string> {
  const pkg = path.dirname(createRequire(import.meta.url).resolve('@tesseract.js-data/eng/package.json'));
  const dir = path.join(work, 'tessdata');
  await mkdir(dir, { recursive: true });
  await pipeline(
    createReadStream(path.join(pkg, '4.0.0_best_int', 'eng.traineddata.gz')),
    createGunzip(),
    createWriteStream(path.join(dir, 'eng.traineddata')),
  );
  return dir;
}

export interface Timed {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Runs a command to completion; the wall time includes process start, as a user would see it. */
export function timed(
  command: string,
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cpu?: number } = {},
): Promise<Timed> {
  // taskset pins the process (and its threads) to one core: "one core each" for both sides.
  const [cmd, argv] = opts.cpu === undefined ? [command, args] : ['taskset', ['-c', String(opts.cpu), command, ...args]];
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : undefined;
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, seconds: Number(process.hrtime.bigint() - start) / 1e9 });
    });
  });
}

/** Every file under `dir`, recursively, sorted, skipping reference outputs and READMEs. */
export async function corpusFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.name.endsWith('.expected.md') && e.name !== 'README.md')
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

export const expectedFor = (file: string) => (existsSync(`${file}.expected.md`) ? `${file}.expected.md` : undefined);

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  return `${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.versions.node}; load average at start ${load}`;
}

export const today = () =>
  new Date()
    .toISOString()
    .replace(/\.\d+Z$/, ' UTC')
    .replace('T', ' ');

/** Replaces the `## title` section of BENCHMARKS.md (up to the next `## `), or appends it. */
export async function writeSection(title: string, body: string): Promise<void> {
  const heading = `## ${title}`;
  const current = existsSync(BENCHMARKS) ? await readFile(BENCHMARKS, 'utf8') : '# Benchmarks\n';
  const section = `${heading}\n\n${body.trim()}\n`;
  const start = current.indexOf(`${heading}\n`);
  let next: string;
  if (start === -1) {
    next = `${current.trimEnd()}\n\n${section}`;
  } else {
    const after = current.indexOf('\n## ', start + heading.length);
    next = current.slice(0, start) + section + (after === -1 ? '' : `\n${current.slice(after + 1)}`);
  }
  await writeFile(BENCHMARKS, next);
}

/** A GitHub Markdown table. */
export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const fmt = (n: number | undefined, digits = 3) => (n === undefined || Number.isNaN(n) ? '—' : n.toFixed(digits));
export const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
