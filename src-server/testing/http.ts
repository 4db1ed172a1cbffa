import { Writable } from 'node:stream';
import { DEFAULT_THROTTLE_POLICY, LoginThrottle } from '../auth/throttle';
import type { ServerConfig } from '../config';
import { createLogger, type Log } from '../log';
import { startServer, type RunningServer, type StartOptions } from '../server';

// Real HTTP for server suites: the whole server (migrations, defaults, first admin) listening on
// 127.0.0.1 with port 0, spoken to with fetch.

export const TEST_ADMIN = { email: 'admin@bureau.test', password: 'mot-de-passe-admin' };

/** A login throttle with the real thresholds and no waiting (no timing in tests). */
export function instantThrottle(): LoginThrottle {
  return new LoginThrottle({ ...DEFAULT_THROTTLE_POLICY, delayStepMs: 0, maxDelayMs: 0 });
}

/** A logger whose lines are kept in memory, to check what the logs say (and do not say). */
export function capturingLogger(): { log: Log; lines: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { log: createLogger({ level: 'trace', destination }), lines: () => chunks.join('') };
}

export async function startTestServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  return startServer(
    { ...config, firstAdmin: config.firstAdmin ?? TEST_ADMIN },
    { throttle: instantThrottle(), log: createLogger({ level: 'silent' }), ...options },
  );
}

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** One JSON request; the body is parsed when the answer is JSON. */
export async function call<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const text = await response.text();
  const isJson = response.headers.get('content-type')?.includes('application/json') ?? false;
  return { status: response.status, headers: response.headers, body: (isJson && text !== '' ? JSON.parse(text) : text) as T };
}

export async function login(base: string, email: string, password: string): Promise<string> {
  const answer = await call<{ token: string }>(base, 'POST', '/api/auth/login', { body: { email, password } });
  if (answer.status !== 200) throw new Error(`login ${email}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.token;
}
