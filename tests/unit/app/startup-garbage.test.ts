import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { collectStartupGarbage } from '../../../src/app/startup-garbage.js';

/**
 * The embedded database's initdb leaves hundreds of MB of garbage that V8 would keep until some
 * later full collection (src/app/startup-garbage.ts). The collection must really run on this
 * Node without `--expose-gc` on the command line, and free what is unreachable.
 */
describe('startup garbage collection', () => {
  it('runs a full collection without --expose-gc and frees unreachable buffers', async () => {
    const lines: Record<string, unknown>[] = [];
    const log = pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
    let garbage: ArrayBuffer[] | null = Array.from({ length: 16 }, () => new ArrayBuffer(8 * 2 ** 20));
    const before = process.memoryUsage().arrayBuffers;
    expect(garbage.length).toBe(16);
    garbage = null;
    collectStartupGarbage(log);
    expect(lines.map((l) => l.msg)).toEqual(['startup garbage collected']);
    // The collection finds the buffers dead; V8 may release their backing stores on a background
    // thread right after it, later on a busy machine, so the count is read until it falls (2 s at most).
    const freed = () => before - process.memoryUsage().arrayBuffers;
    for (const until = Date.now() + 2000; freed() < 100 * 2 ** 20 && Date.now() < until;) await new Promise((r) => setTimeout(r, 20));
    expect(freed()).toBeGreaterThanOrEqual(100 * 2 ** 20);
    expect(garbage).toBeNull();
  });
});
