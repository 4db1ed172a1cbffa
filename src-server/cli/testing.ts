import { PassThrough, Readable } from 'node:stream';
import type { ServerConfig } from '../config';
import { openServerDatabase, type ServerDb } from '../db/connection';
import { runOfficeCommand } from './commands';

// How the CLI's tests run `npm run office` in-process and look at its database between commands.

/** The environment that names the test database, as an administrator's shell would. */
export function envOf(config: ServerConfig): Record<string, string> {
  return config.databaseUrl !== null ? { DATABASE_URL: config.databaseUrl } : { DATA_DIR: config.dataDir };
}

/** One `npm run office -- …` on the test database: its exit code and what it printed. */
export async function office(config: ServerConfig, argv: string[], stdin = '') {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const code = await runOfficeCommand(argv, { stdin: Readable.from([stdin]), stdout, stderr, env: envOf(config) });
  return { code, out, err };
}

/** Opens the database between commands (with PGlite, only one holder at a time). */
export async function withDb<T>(config: ServerConfig, fn: (db: ServerDb) => Promise<T>): Promise<T> {
  const db = await openServerDatabase(config);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
