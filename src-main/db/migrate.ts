import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';
import { encryptInPlace, isPlainDatabase, openDatabaseFile, removeLeftovers, type ReplicaKey } from './encryption';

export type LocalSchema = typeof schema;
export type LocalDatabase = BetterSQLite3Database<LocalSchema>;

/** migrations/client, found from this file so it works whatever the working directory. */
export const CLIENT_MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations/client', import.meta.url));

export interface OpenLocalOptions {
  /** For a packaged app whose migrations are not beside the sources. */
  migrationsFolder?: string;
  /**
   * The replica's key (encryption.ts): the file is created encrypted, or a plain one from before
   * issue 14 is encrypted in place first. Without it the file is plain: in-memory databases and
   * tests that do not care; the session always gives one (workspace.ts).
   */
  key?: ReplicaKey | null;
}

/** Opens (creating if needed) a replica's SQLite database and brings it to the latest schema. */
export function openLocalDatabase(file: string, options: OpenLocalOptions = {}): { sqlite: Database.Database; db: LocalDatabase } {
  const key = options.key ?? null;
  if (key !== null && file !== ':memory:') {
    removeLeftovers(file);
    if (isPlainDatabase(file)) encryptInPlace(file, key);
  }
  const sqlite = openDatabaseFile(file, key);
  try {
    // WAL lets the UI read while a pull or an import writes; NORMAL is durable enough under WAL
    // (a power cut can lose the last commits, never corrupt) and much faster than FULL.
    if (file !== ':memory:') sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // `INSERT OR REPLACE` deletes the row it replaces; without recursive triggers that delete would
    // not reach leads_fts's delete trigger and the search index would keep a stale entry.
    sqlite.pragma('recursive_triggers = ON');
    const db = drizzle(sqlite, { schema });
    migrate(db, { migrationsFolder: options.migrationsFolder ?? CLIENT_MIGRATIONS_FOLDER });
    return { sqlite, db };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}
