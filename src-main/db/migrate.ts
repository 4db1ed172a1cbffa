import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

export type LocalSchema = typeof schema;
export type LocalDatabase = BetterSQLite3Database<LocalSchema>;

/** migrations/client, found from this file so it works whatever the working directory. */
export const CLIENT_MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations/client', import.meta.url));

/**
 * Opens (creating if needed) a replica's SQLite database and brings it to the latest schema.
 * `migrationsFolder` is for a packaged app whose migrations are not beside the sources.
 */
export function openLocalDatabase(
  file: string,
  options: { migrationsFolder?: string } = {},
): { sqlite: Database.Database; db: LocalDatabase } {
  const sqlite = new Database(file);
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
