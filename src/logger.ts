import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * One pino instance per process. Secrets never reach the log: request headers, tokens and
 * passwords are redacted by path, so a careless `log.info({ req })` cannot leak them.
 */
export function createLogger(level: string, name: string): Logger {
  return pino({
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
  });
}
