import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config';

// The server's logs carry ids, never names, e-mails, phones, messages, bodies, tokens or passwords
// (issue 3, point 1). Request logs are written by the app itself (http/app.ts) with exactly the
// fields listed there; the redaction below is the safety net for anything logged by mistake.

export type Log = Logger;

/** Keys whose values are personal or secret, wherever they appear at the top or one level down. */
const SECRET_KEYS = [
  'authorization',
  'cookie',
  'password',
  'passwordHash',
  'token',
  'calendarSecret',
  'secret',
  'email',
  'phone',
  'phoneE164',
  'phoneRaw',
  'to',
  'firstName',
  'lastName',
  'body',
  'args',
  'headers',
];

export const REDACTED_PATHS = [...SECRET_KEYS, ...SECRET_KEYS.map((key) => `*.${key}`)];

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; standard error by default so that standard output keeps the one ready line. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Log {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'bureau-server' },
      redact: { paths: REDACTED_PATHS, censor: '[masqué]' },
      serializers: { err: serializeError, error: serializeError },
    },
    options.destination ?? pino.destination({ fd: 2, sync: true }),
  );
}

/**
 * An error as logged: its kind, code, message and call stack, never its other properties (a
 * PostgreSQL error's `detail` repeats the row's values) nor drizzle's `params` (which it also puts
 * in its message: for a failed query only the SQL text is kept, which holds placeholders).
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const { code, statusCode, query, params, cause } = error as {
    code?: unknown;
    statusCode?: unknown;
    query?: unknown;
    params?: unknown;
    cause?: unknown;
  };
  const failedQuery = typeof query === 'string' && params !== undefined;
  return {
    type: error.name,
    message: failedQuery ? `Failed query: ${query}` : error.message,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(typeof statusCode === 'number' ? { statusCode } : {}),
    stack: stackFrames(error),
    ...(cause instanceof Error ? { cause: serializeError(cause) } : {}),
  };
}

/** The "at …" lines of a stack, without the header that repeats the message. */
function stackFrames(error: Error): string | undefined {
  return error.stack
    ?.split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .join('\n');
}
