import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Put, SyncedTable } from '../../src-shared/domain/entities';
import type { ServerTx, VersionAllocator } from './connection';
import { syncedTables } from './schema';

// Writes whole synced rows (a mutator's puts, the seeds) inside a writeTransaction: each row gets
// a new office-wide version (sync-protocol.md: "Every row the server writes gets version = the
// next value of one office-wide counter") and replaces the row with the same id.

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters for the widest table. */
const CHUNK = 500;

/**
 * Upserts the rows by id, each with a fresh version (whatever `version` the row carried). A row
 * put twice is written once, as last put. Returns the rows as written.
 */
export async function writePuts(tx: ServerTx, versions: VersionAllocator, puts: readonly Put[]): Promise<Put[]> {
  const last = new Map<string, Put>();
  for (const put of puts) {
    const key = `${put.table}:${put.row.id}`;
    last.delete(key); // keep the order of the final put
    last.set(key, put);
  }
  const byTable = new Map<SyncedTable, Record<string, unknown>[]>();
  const written: Put[] = [];
  for (const put of last.values()) {
    const row = { ...put.row, version: versions.next() };
    written.push({ table: put.table, row } as Put);
    let rows = byTable.get(put.table);
    if (rows === undefined) byTable.set(put.table, (rows = []));
    rows.push(row);
  }
  for (const [table, rows] of byTable) {
    const target = syncedTables[table] as PgTable;
    for (let start = 0; start < rows.length; start += CHUNK) {
      await tx
        .insert(target)
        .values(rows.slice(start, start + CHUNK) as never[])
        .onConflictDoUpdate({ target: (target as unknown as { id: never }).id, set: replaceAll(target) });
    }
  }
  return written;
}

/** `SET col = excluded.col` for every column but the id. */
function replaceAll(table: PgTable): Record<string, SQL> {
  const set: Record<string, SQL> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    if (key !== 'id') set[key] = sql.raw(`excluded."${column.name}"`);
  }
  return set;
}
