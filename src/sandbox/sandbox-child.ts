/**
 * Entry point of a converter sandbox: a child process the worker forks with a V8 heap cap, polls
 * for RSS (PDFium's and tesseract's WebAssembly heaps and Buffers live outside the V8 heap), and
 * kills on a wall-clock limit. One conversion at a time; the parent reuses the process for the
 * next job unless it had to kill it.
 */
import { Worker } from 'node:worker_threads';
import { blockNetwork } from './no-network.js';
import type { ConvertRequest, SandboxMessage } from './protocol.js';

blockNetwork();

// The parent going away (killed worker) must not leave orphaned converters behind. 'disconnect'
// only fires when this event loop is free; a converter stuck in a CPU loop never frees it, so a
// watchdog thread checks the parent pid and SIGKILLs this whole process when it changes.
process.on('disconnect', () => process.exit(0));
new Worker(
  `const { workerData } = require('node:worker_threads');
   setInterval(() => { if (process.ppid !== workerData.ppid) process.kill(process.pid, 'SIGKILL'); }, 1000);`,
  { eval: true, workerData: { ppid: process.ppid } },
).unref();

const { convert } = await import('../converters/registry.js');
const { toAppError } = await import('../errors.js');
const { preflight } = await import('./preflight.js');

const send = (message: SandboxMessage) => process.send?.(message);

process.on('message', (raw: ConvertRequest) => {
  if (raw?.type !== 'convert') return;
  const { taskId } = raw;
  preflight(raw.bytes, raw.mimeType, { maxPages: raw.maxPages })
    .then(() =>
      convert({
        bytes: raw.bytes,
        mimeType: raw.mimeType,
        filename: raw.filename,
        options: raw.options,
        onProgress: ({ page, pageCount }) => send({ type: 'progress', taskId, page, pageCount }),
      }),
    )
    .then(
      (result) => send({ type: 'result', taskId, result }),
      (err: unknown) => {
        const e = toAppError(err);
        // INTERNAL keeps its cause out of the message: the parent logs the code, clients see a mask.
        const message = e.code === 'INTERNAL' ? String((err as Error)?.message ?? err).slice(0, 500) : e.message;
        send({ type: 'error', taskId, code: e.code, message, permanent: e.permanent });
      },
    );
});

send({ type: 'ready' });
