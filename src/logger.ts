import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

export type LogFormat = 'auto' | 'pretty' | 'json';

const require = createRequire(import.meta.url);

/**
 * One pino instance per process. Secrets never reach the log: request headers, tokens and
 * passwords are redacted by path, so a careless `log.info({ req })` cannot leak them.
 *
 * A person at a terminal reads pino-pretty lines; anything else (containers, log shippers, the
 * tests that parse the ready line) gets JSON lines. `destination` lets a test capture the output.
 */
export function createLogger(level: string, name: string, format: LogFormat = 'json', destination?: DestinationStream): Logger {
  const options = {
    name,
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        '*.password',
        'password',
        '*.token',
        'token',
        'authorization',
        '*.authorization',
      ],
      censor: '[redacted]',
    },
  };
  const pretty = format === 'pretty' || (format === 'auto' && !destination && process.stdout.isTTY === true);
  const stream = pretty ? prettyStream(destination) : destination;
  return stream ? pino(options, stream) : pino(options);
}

/**
 * pino-pretty as a stream in this thread (no transport worker to start), loaded only when asked
 * for, so a JSON-only image never reads it. Missing (a pruned install): JSON it is.
 */
function prettyStream(destination?: DestinationStream): DestinationStream | undefined {
  try {
    const { PinoPretty } = require('pino-pretty') as typeof import('pino-pretty');
    return PinoPretty({
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
      colorize: !destination && process.stdout.isTTY === true,
      ...(destination ? { destination } : {}),
    });
  } catch {
    return destination;
  }
}
