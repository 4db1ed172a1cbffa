import type { PGlite } from '@electric-sql/pglite';
import { eq, type ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { join } from 'node:path';
import pg from 'pg';
import { createEmitter } from '~shared/events';
import type { ServerConfig } from '../config';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock';
import { initializePgliteFolder } from './pglite-init';
import { migrateServerDatabase, type ServerDatabase } from './migrate';
import { openPgPool } from './pg-connections';
import * as schema from './schema';

// The office database on either driver (architecture.md: PGlite by default, PostgreSQL with
// DATABASE_URL). Both drizzle drivers share pg-core's query builder, so repository code is
// written once against `DbExecutor` and runs on both.

export type ServerSchema = typeof schema;
type Relations = ExtractTablesWithRelations<ServerSchema>;
/** The drizzle database or a transaction of it, on either driver: what repository code takes. */
export type DbExecutor = PgDatabase<PgQueryResultHKT, ServerSchema, Relations>;
/** A transaction on either driver. */
export type ServerTx = PgTransaction<PgQueryResultHKT, ServerSchema, Relations>;

/** Hands out the versions of one writing transaction (sync-protocol.md, "Identities and counters"). */
export interface VersionAllocator {
  /** The next office-wide version; each call gives a new, higher one. */
  next(): number;
  /** The highest version handed out so far in this transaction, null when none. */
  readonly last: number | null;
  /**
   * For a writer that saves the counter in its own statement (writePuts): the value to save, or
   * null when nothing new was handed out since the last save. The transaction then skips its own
   * update of the counter unless more versions are handed out afterwards.
   */
  save(): number | null;
  /** Where the allocator stands, before a savepoint. */
  mark(): VersionMark;
  /**
   * Back to `mark` after a rollback to the savepoint taken there: the versions handed out since
   * were never written, and the counter's saved value went back with the rollback.
   */
  restore(mark: VersionMark): void;
}

export interface VersionMark {
  readonly current: number;
  readonly saved: number;
}

/** One SQL text with its $1… parameters, sent as is to the driver. */
export interface RawStatement {
  text: string;
  params: unknown[];
  /**
   * Parse and plan once per connection, then reuse (PostgreSQL): for statements a push sends
   * again and again, whose planning cost as much as their work (docs/benchmarks.md).
   */
  prepare?: boolean;
}

/**
 * Runs raw SQL inside a drizzle transaction, on its own connection, on either driver. Both
 * drivers' clients (node-postgres' PoolClient, PGlite's Transaction) take `query(text, params)` and
 * answer `{ rows }`; drizzle keeps that client on the transaction's session.
 */
export async function rawQuery<R = Record<string, unknown>>(tx: ServerTx, statement: RawStatement): Promise<R[]> {
  const client = (tx as unknown as { session: { client: { query(...args: unknown[]): Promise<{ rows: R[] }> } } }).session.client;
  const name = statement.prepare ? preparedName(statement.text) : null;
  // PGlite runs in this process: there is no parse or plan to save there.
  if (name !== null && client instanceof pg.Client) return (await client.query({ name, text: statement.text, values: statement.params })).rows;
  return (await client.query(statement.text, statement.params)).rows;
}

/**
 * How many statement texts may be prepared: each server connection keeps every statement it
 * prepared, so only texts of a bounded variety (a mutation's writes, the loader's probes) ask for
 * it, and past this many the others run unprepared.
 */
const MAX_PREPARED = 256;
const prepared = new Map<string, string>();

function preparedName(text: string): string | null {
  const known = prepared.get(text);
  if (known !== undefined) return known;
  if (prepared.size >= MAX_PREPARED) return null;
  const name = `bureau_${prepared.size}`;
  prepared.set(text, name);
  return name;
}

export interface ServerDb {
  readonly kind: 'pglite' | 'postgres';
  readonly db: DbExecutor;
  /** Raw SQL outside any transaction (never call it from inside `transaction`'s callback). */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  transaction<T>(fn: (tx: ServerTx) => Promise<T>): Promise<T>;
  /**
   * A transaction that writes synced rows: it locks the version counter first and holds it to
   * commit, so versions become visible in order; `lastVersion` is the highest version used (null
   * when none), for the caller to poke clients with. Commit listeners hear it too.
   */
  writeTransaction<T>(
    fn: (tx: ServerTx, versions: VersionAllocator) => Promise<T>,
  ): Promise<{ result: T; lastVersion: number | null }>;
  /**
   * Called after every committed writeTransaction that used versions, with the highest one
   * (the sync module pokes connected workstations from here). Returns the unsubscribe function.
   */
  onCommit(listener: (lastVersion: number) => void): () => void;
  close(): Promise<void>;
}

export interface OpenOptions {
  /**
   * Told about errors nobody awaits: a PostgreSQL pool's dropped idle connection, a commit
   * listener that threw (the commit itself stands).
   */
  onBackgroundError?: (error: unknown) => void;
}

/**
 * PGlite runs PostgreSQL inside this process: shared buffers come out of its own memory. 32 MB
 * instead of PostgreSQL's default 128 MB saves about 90 MB resident (a whole server then idles
 * near 300 MB); the operating system's file cache still holds the rest of a small office's data.
 */
const PGLITE_SETTINGS = 'shared_buffers=32MB';

/** Where PGlite keeps its files inside DATA_DIR (the lock file sits beside it). */
export function pgliteFolder(dataDir: string): string {
  return dataDir === 'memory://' ? dataDir : join(dataDir, 'pgdata');
}

/** Opens (never migrates) the office database named by the configuration. */
export async function openServerDatabase(
  config: Pick<ServerConfig, 'databaseUrl' | 'dataDir'>,
  options: OpenOptions = {},
): Promise<ServerDb> {
  if (config.databaseUrl !== null) return openPostgres(config.databaseUrl, options);
  return openPglite(config.dataDir, options);
}

async function openPglite(dataDir: string, options: OpenOptions): Promise<ServerDb> {
  const lock: DataDirLock | null = dataDir === 'memory://' ? null : acquireDataDirLock(dataDir);
  let client: PGlite;
  try {
    if (dataDir !== 'memory://') await initializePgliteFolder(pgliteFolder(dataDir));
    // Loaded only here: a server on PostgreSQL never pays for PGlite's module.
    const { PGlite } = await import('@electric-sql/pglite');
    client = await PGlite.create(pgliteFolder(dataDir), { postgresqlconf: PGLITE_SETTINGS });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = drizzlePglite({ client, schema }) as unknown as DbExecutor;
  return makeServerDb('pglite', db, options, {
    query: async (text, params) => (await client.query(text, params)).rows as never[],
    close: async () => {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  });
}

async function openPostgres(url: string, options: OpenOptions): Promise<ServerDb> {
  // A connection PostgreSQL drops (a restart, pg_terminate_backend) is told to onBackgroundError;
  // the pool opens a new one for the next query (pg-connections.ts).
  const pool = openPgPool({ connectionString: url, max: 10 }, (error) => options.onBackgroundError?.(error));
  // Fail now, with the driver's message, rather than at the first request.
  try {
    const probe = await pool.connect();
    probe.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  const db = drizzleNodePg({ client: pool, schema }) as unknown as DbExecutor;
  return makeServerDb('postgres', db, options, {
    query: async (text, params) => (await pool.query(text, params)).rows as never[],
    close: () => pool.end(),
  });
}

function makeServerDb(
  kind: ServerDb['kind'],
  db: DbExecutor,
  options: OpenOptions,
  driver: { query: ServerDb['query']; close: () => Promise<void> },
): ServerDb {
  const commits = createEmitter<number>((error) => options.onBackgroundError?.(error));
  let closed = false;

  const transaction = <T>(fn: (tx: ServerTx) => Promise<T>) => db.transaction(fn);

  return {
    kind,
    db,
    query: driver.query,
    transaction,
    async writeTransaction(fn) {
      let lastVersion: number | null = null;
      const result = await transaction(async (tx) => {
        const [counter] = await tx
          .select({ value: schema.versionCounter.value })
          .from(schema.versionCounter)
          .where(eq(schema.versionCounter.id, 1))
          .for('update');
        if (counter === undefined) throw new Error('version_counter sans ligne : la base n’est pas migrée.');
        const start = counter.value;
        let current = start;
        let saved = start;
        const versions: VersionAllocator = {
          next: () => ++current,
          get last() {
            return current > start ? current : null;
          },
          save() {
            if (current === saved) return null;
            saved = current;
            return current;
          },
          mark: () => ({ current, saved }),
          restore(mark) {
            current = mark.current;
            saved = mark.saved;
          },
        };
        const value = await fn(tx, versions);
        if (current > saved) {
          await tx.update(schema.versionCounter).set({ value: current }).where(eq(schema.versionCounter.id, 1));
        }
        lastVersion = versions.last;
        return value;
      });
      if (lastVersion !== null) commits.emit(lastVersion);
      return { result, lastVersion };
    },
    onCommit: (listener) => commits.on(listener),
    async close() {
      if (closed) return;
      closed = true;
      commits.clear();
      await driver.close();
    },
  };
}

/** The current value of the office-wide version counter (the newest pull cursor). */
export async function currentVersion(db: DbExecutor): Promise<number> {
  const [row] = await db
    .select({ value: schema.versionCounter.value })
    .from(schema.versionCounter)
    .where(eq(schema.versionCounter.id, 1));
  return row?.value ?? 0;
}

/** Brings the database to the latest schema (migrations/server); safe on every start. */
export function migrateServerDb(db: ServerDb): Promise<void> {
  return migrateServerDatabase(db.db as unknown as ServerDatabase<ServerSchema>);
}
