import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { is } from 'drizzle-orm';
import { drizzle as drizzleNodePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import type * as schema from './schema';

export type ServerSchema = typeof schema;
/** The office database on either driver: PGlite (embedded default) or PostgreSQL (node-postgres). */
export type ServerDatabase<S extends Record<string, unknown> = ServerSchema> = PgliteDatabase<S> | NodePgDatabase<S>;

/**
 * The SQL migrations, found from this file so it works whatever the working directory: beside the
 * bundle (out/server/migrations, scripts/build.mjs), else the repository's migrations/server.
 */
export const SERVER_MIGRATIONS_FOLDER = serverMigrationsFolder();

function serverMigrationsFolder(): string {
  const bundled = fileURLToPath(new URL('./migrations', import.meta.url));
  if (existsSync(join(bundled, 'meta', '_journal.json'))) return bundled;
  return fileURLToPath(new URL('../../migrations/server', import.meta.url));
}

/**
 * Session-level advisory lock taken around migrating PostgreSQL: several server processes may start
 * together on one database (architecture.md), and drizzle's migrator alone would let two of them
 * create the same tables at once. Any fixed 64-bit key will do; this one is Bureau's.
 */
export const MIGRATION_LOCK_KEY = 4_242_100_001;

/**
 * Brings the office database to the latest schema (migrations/server), including the version
 * counter's row. Safe to call on every start; on PostgreSQL, safe from several processes at once.
 */
export async function migrateServerDatabase<S extends Record<string, unknown>>(
  db: ServerDatabase<S>,
  options: { migrationsFolder?: string } = {},
): Promise<void> {
  const config = { migrationsFolder: options.migrationsFolder ?? SERVER_MIGRATIONS_FOLDER };
  // A PGlite database belongs to one process (server-api.md): nothing to coordinate with.
  if (is(db, PgliteDatabase)) return migratePglite(db, config);

  const client = (db as unknown as { $client: pg.Pool | pg.PoolClient | pg.Client }).$client;
  // The lock and the migration must share one connection: from a pool, borrow one for both.
  if (client instanceof pg.Pool) {
    const connection = await client.connect();
    try {
      await withMigrationLock(connection, () => migrateNodePg(drizzleNodePg({ client: connection }), config));
    } finally {
      connection.release();
    }
    return;
  }
  await withMigrationLock(client, () => migrateNodePg(db, config));
}

async function withMigrationLock(connection: pg.PoolClient | pg.Client, run: () => Promise<void>): Promise<void> {
  await connection.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    await run();
  } finally {
    await connection.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  }
}
