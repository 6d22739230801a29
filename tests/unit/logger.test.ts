import { Writable } from 'node:stream';
import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createLogger, type LogFormat } from '../../src/logger.js';

/** What one logger wrote, line by line (a real stream: pino-pretty pipes into it). */
function capture(format: LogFormat) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { log: createLogger('info', 'docsphere-test', format, sink), lines };
}

describe('createLogger', () => {
  it('writes JSON lines, secrets redacted, when asked for JSON', () => {
    const { log, lines } = capture('json');
    log.info({ token: 'secret-token', url: 'http://x/' }, 'ready at http://x/');
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ msg: 'ready at http://x/', name: 'docsphere-test', level: 30, token: '[redacted]' });
  });

  it('writes readable lines with pino-pretty, still redacted, when asked for pretty', async () => {
    const { log, lines } = capture('pretty');
    log.info({ token: 'secret-token' }, 'ready at http://x/');
    await tick();
    const text = lines.join('\n');
    expect(() => JSON.parse(lines[0]!) as unknown).toThrow();
    expect(text).toMatch(/INFO.*\(docsphere-test\): ready at http:\/\/x\//);
    expect(text).not.toContain('secret-token');
    expect(text).not.toContain('\x1b['); // no colours into a file or pipe
  });

  it('stays JSON in auto mode when the output is not a terminal', () => {
    const { log, lines } = capture('auto');
    log.warn('plain');
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'plain', level: 40 });
  });
});
