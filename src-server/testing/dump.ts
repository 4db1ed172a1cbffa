import { asc, getTableName } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { backupTables } from '../db/backup';
import { currentVersion, type DbExecutor } from '../db/connection';

/** Every row of every table (server-only ones included), in primary-key order, and the version counter. */
export async function dumpDatabase(db: DbExecutor): Promise<{ version: number; tables: Record<string, unknown[]> }> {
  const tables: Record<string, unknown[]> = {};
  for (const table of backupTables()) {
    const config = getTableConfig(table as PgTable);
    const single = config.columns.filter((c) => c.primary);
    const key = single.length > 0 ? single : config.primaryKeys[0]!.columns;
    tables[getTableName(table)] = await db.select().from(table).orderBy(...key.map((c) => asc(c)));
  }
  return { version: await currentVersion(db), tables };
}
