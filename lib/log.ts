// The server's logger (pino): one JSON object per line in production, readable
// lines in development. Only the request pipeline (lib/http/route.ts) and
// startup (instrumentation.ts) write to it. Never give it a token, a request
// or response body, or a secret.
import pino, { type Logger } from 'pino';
import { env } from './env';

function createLogger(): Logger {
  const options: pino.LoggerOptions = {
    level: env().LOG_LEVEL,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  // `next build` inlines NODE_ENV, so production bundles neither load nor trace pino-pretty.
  if (process.env.NODE_ENV === 'development') {
    const pretty: typeof import('pino-pretty') = require('pino-pretty');
    return pino(options, pretty({ sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss' }));
  }
  return pino(options);
}

let logger: Logger | undefined;

export function log(): Logger {
  logger ??= createLogger();
  return logger;
}
