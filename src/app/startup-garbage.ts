import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Logger } from '../logger.js';

/**
 * Collects the garbage the embedded database leaves behind when it opens, once.
 *
 * Opening PGlite on a new data directory runs initdb in WebAssembly: about 430 MB of wasm memory
 * and 220 MB of array buffers become garbage right after, but V8 only frees them at a full
 * collection, and a server whose JavaScript heap stays small may not run one for a long time. The
 * API process then held ~770 MB before its first upload (BENCHMARKS.md, ingest: API peak RSS);
 * after one collection it holds about 400 MB. On an existing directory there is less to collect
 * and the pass costs a few milliseconds.
 *
 * `--expose-gc` is switched on through V8's flag API and `gc` taken from a new context (which
 * picks the flag up), so deployments need no extra Node options; the process's own global scope
 * never gets a `gc` function.
 */
export function collectStartupGarbage(log: Logger): void {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as (() => void) | undefined;
    if (typeof gc !== 'function') return;
    const before = process.memoryUsage.rss();
    const started = performance.now();
    gc();
    log.debug(
      {
        ms: Math.round(performance.now() - started),
        rssBeforeMb: Math.round(before / 2 ** 20),
        rssAfterMb: Math.round(process.memoryUsage.rss() / 2 ** 20),
      },
      'startup garbage collected',
    );
  } catch (err) {
    // Only memory is at stake: a runtime without the flag keeps the garbage until V8 collects it.
    log.debug({ err }, 'startup garbage collection unavailable');
  }
}
