/**
 * `docsphere extract` as users run it: the real launcher (bin/docsphere.js) in a child process,
 * through `npx` from the repository and from a project that has the package installed.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpus } from '../helpers/processes.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'docsphere.js');
const PDF = corpus('pdf', 'multi_page.pdf');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], opts: { cwd?: string; stdin?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd ?? ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    if (opts.stdin) child.stdin!.end(opts.stdin);
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const cli = (...args: string[]) => run(process.execPath, [BIN, ...args]);

describe('docsphere extract', () => {
  it('prints the Markdown of a PDF on stdout and nothing on stderr', async () => {
    const r = await cli('extract', PDF);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# The Evolution of the Word Processor\n/);
    expect(r.stdout).toContain('Christopher Latham Sholes');
  });

  it('prints the whole result as JSON with --json, honouring --ocr and --lang', async () => {
    const r = await cli('extract', '--json', '--ocr', 'off', '--lang', 'eng,deu', PDF);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.mimeType).toBe('application/pdf');
    expect(result.markdown).toContain('Sholes');
    expect(result.pageCount).toBeGreaterThan(1);
    expect(result.pages).toHaveLength(result.pageCount);
    expect(result.pages.every((p: { ocr: boolean }) => p.ocr === false)).toBe(true);
    expect(result.outline[0]).toEqual({ level: 1, text: 'The Evolution of the Word Processor' });
    expect(result.language).toBe('en');
  });

  it('OCRs a scanned page with --ocr force', async () => {
    const r = await cli('extract', '--json', '--ocr', 'force', corpus('ocr', 'ocr_test.pdf'));
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.pages[0].ocr).toBe(true);
    expect(result.text.length).toBeGreaterThan(20);
  });

  it('reads stdin for "-"', async () => {
    const r = await run(process.execPath, [BIN, 'extract', '-'], { stdin: '# Hello\n\nFrom a pipe.\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('From a pipe.');
  });

  it('fails with the error code on stderr and a non-zero status for files it cannot convert', async () => {
    // Independent processes: run side by side to keep the file fast on a loaded machine.
    const [unsupported, truncated, encrypted, missing] = await Promise.all([
      cli('extract', corpus('hostile', 'testOneNote-fuzz1.one')),
      cli('extract', corpus('hostile', 'testWORD_truncated.docx')),
      cli('extract', corpus('hostile', 'testWORD_protected_passtika.docx')),
      cli('extract', path.join(tmpdir(), 'no-such-file.pdf')),
    ]);
    expect(unsupported.code).toBe(65);
    expect(unsupported.stdout).toBe('');
    expect(unsupported.stderr).toMatch(/^UNSUPPORTED_FORMAT: \S/);

    expect(truncated.code).toBe(65);
    expect(truncated.stdout).toBe('');
    expect(truncated.stderr).toMatch(/^CORRUPT_DOCUMENT: \S/);

    expect(encrypted.code).toBe(65);
    expect(encrypted.stderr).toMatch(/^ENCRYPTED_DOCUMENT: \S/);

    expect(missing.code).toBe(66);
    expect(missing.stderr).toMatch(/^NOT_FOUND: /);
  });

  it('rejects bad options with a usage error', async () => {
    const r = await cli('extract', '--ocr', 'sometimes', PDF);
    expect(r.code).toBe(64);
    expect(r.stderr).toContain("'sometimes' is invalid");
    expect(r.stdout).toBe('');
  });
});

describe('the docsphere launcher', () => {
  let project: string;

  beforeAll(async () => {
    // A project that depends on docsphere, laid out as npm installs it.
    project = await mkdtemp(path.join(tmpdir(), 'docsphere-cli-'));
    await mkdir(path.join(project, 'node_modules', '.bin'), { recursive: true });
    await symlink(ROOT, path.join(project, 'node_modules', 'docsphere'), 'dir');
    await symlink('../docsphere/bin/docsphere.js', path.join(project, 'node_modules', '.bin', 'docsphere'));
  });

  afterAll(async () => {
    if (project) await rm(project, { recursive: true, force: true });
  });

  it('runs through npx from the repository', async () => {
    const r = await run('npx', ['--no-install', 'docsphere', 'extract', corpus('md', 'duck.md')]);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(100);
  });

  it('runs from a project where the package is installed', async () => {
    const r = await run(path.join(project, 'node_modules', '.bin', 'docsphere'), ['extract', PDF], { cwd: project });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Sholes');
  });
});
