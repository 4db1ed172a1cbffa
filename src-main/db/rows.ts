import type Database from 'better-sqlite3';
import { getTableColumns, type Column } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import { SYNCED_TABLE_NAMES, type RowOf, type SyncedTable } from '~shared/domain/entities';
import { syncedTables } from './schema';

// Whole synced rows in and out of SQLite with prepared statements. Pulls write thousands of rows a
// page and the rebase reads and restores rows one by one, so this skips drizzle's query builder
// (which rebuilds the SQL on every call) but keeps drizzle's own column codecs (booleans as 0/1,
// JSON as text), so a row reads back exactly as drizzle would read it.

interface ColumnCodec {
  /** Property of the wire row. */
  readonly key: string;
  /** Column in SQLite. */
  readonly name: string;
  readonly column: Column;
}

interface TableStatements {
  readonly upsert: Database.Statement;
  readonly get: Database.Statement;
  readonly remove: Database.Statement;
  readonly getMany: Database.Statement;
}

const codecs = new Map<SyncedTable, { sqlName: string; columns: ColumnCodec[]; byName: Map<string, ColumnCodec> }>();
for (const table of SYNCED_TABLE_NAMES) {
  const drizzleTable = syncedTables[table];
  const columns = Object.entries(getTableColumns(drizzleTable)).map(([key, column]) => ({ key, name: column.name, column }));
  codecs.set(table, {
    sqlName: getTableConfig(drizzleTable).name,
    columns,
    byName: new Map(columns.map((c) => [c.name, c])),
  });
}

function codecOf(table: SyncedTable) {
  const codec = codecs.get(table);
  if (!codec) throw new Error(`Table synchronisée inconnue : ${table}`);
  return codec;
}

/** The SQLite table name of a synced table (they are equal today; this keeps it one place). */
export function sqlTableName(table: SyncedTable): string {
  return codecOf(table).sqlName;
}

/** The SQLite column names of a synced table, in the drizzle table's order. */
export function sqlColumns(table: SyncedTable): string[] {
  return codecOf(table).columns.map((c) => c.name);
}

/** A wire row as the positional parameters of `upsert` (column order of the drizzle table). */
export function toSqlValues(table: SyncedTable, row: Record<string, unknown>): unknown[] {
  return codecOf(table).columns.map(({ key, column }) => {
    const value = row[key];
    return value === null || value === undefined ? null : column.mapToDriverValue(value);
  });
}

/** A row read with `select *` back into its wire shape. */
export function fromSqlRow<T extends SyncedTable>(table: T, raw: Record<string, unknown>): RowOf[T] {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    const codec = codecOf(table).byName.get(name);
    if (!codec) continue;
    out[codec.key] = value === null ? null : codec.column.mapFromDriverValue(value);
  }
  return out as unknown as RowOf[T];
}

const q = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

function prepareTable(sqlite: Database.Database, table: SyncedTable): TableStatements {
  const { sqlName, columns } = codecOf(table);
  const names = columns.map((c) => q(c.name));
  const updates = columns.filter((c) => c.name !== 'id').map((c) => `${q(c.name)} = excluded.${q(c.name)}`);
  return {
    // An upsert, never INSERT OR REPLACE: a replace deletes whatever row clashes on another
    // unique index (file numbers, notification group keys) without a word (docs/decisions.md).
    upsert: sqlite.prepare(
      `insert into ${q(sqlName)} (${names.join(', ')}) values (${names.map(() => '?').join(', ')}) on conflict (id) do update set ${updates.join(', ')}`,
    ),
    get: sqlite.prepare(`select * from ${q(sqlName)} where id = ?`),
    remove: sqlite.prepare(`delete from ${q(sqlName)} where id = ?`),
    // One statement whatever the number of ids: the ids travel as one JSON array.
    getMany: sqlite.prepare(`select * from ${q(sqlName)} where id in (select value from json_each(?))`),
  };
}

/** Reads and writes whole synced rows on one connection; statements are prepared once, lazily. */
export class RowStore {
  private readonly statements = new Map<SyncedTable, TableStatements>();

  constructor(readonly sqlite: Database.Database) {}

  private stmts(table: SyncedTable): TableStatements {
    let s = this.statements.get(table);
    if (!s) {
      s = prepareTable(this.sqlite, table);
      this.statements.set(table, s);
    }
    return s;
  }

  upsert(table: SyncedTable, row: Record<string, unknown>): void {
    this.stmts(table).upsert.run(toSqlValues(table, row));
  }

  get<T extends SyncedTable>(table: T, id: string): RowOf[T] | null {
    const raw = this.stmts(table).get.get(id) as Record<string, unknown> | undefined;
    return raw ? fromSqlRow(table, raw) : null;
  }

  getMany<T extends SyncedTable>(table: T, ids: readonly string[]): RowOf[T][] {
    if (ids.length === 0) return [];
    const raws = this.stmts(table).getMany.all(JSON.stringify(ids)) as Array<Record<string, unknown>>;
    return raws.map((raw) => fromSqlRow(table, raw));
  }

  remove(table: SyncedTable, id: string): void {
    this.stmts(table).remove.run(id);
  }

  /** Rows of a `select *` (or any query returning whole rows of `table`) in wire shape. */
  all<T extends SyncedTable>(table: T, statement: Database.Statement, ...params: unknown[]): RowOf[T][] {
    return (statement.all(...params) as Array<Record<string, unknown>>).map((raw) => fromSqlRow(table, raw));
  }
}

/** One RowStore per connection, so every module shares the prepared statements. */
const stores = new WeakMap<Database.Database, RowStore>();
export function rowStore(sqlite: Database.Database): RowStore {
  let store = stores.get(sqlite);
  if (!store) {
    store = new RowStore(sqlite);
    stores.set(sqlite, store);
  }
  return store;
}
