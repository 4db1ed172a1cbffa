import { getTableColumns, getTableName } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Put, SyncedTable } from '../../src-shared/domain/entities';
import { rawQuery, type RawStatement, type ServerTx, type VersionAllocator } from './connection';
import { syncedTables } from './schema';

// Writes whole synced rows (a mutator's puts, the seeds) inside a writeTransaction: each row gets
// a new office-wide version (sync-protocol.md: "Every row the server writes gets version = the
// next value of one office-wide counter") and replaces the row with the same id — except, for a
// mutation, a row it did not load: that one is new and goes in by a plain insert, so an id that
// already exists fails the statement (a unique violation) and can never replace someone's row.
//
// Every table's upsert goes out in ONE statement (data-modifying CTEs), with whatever else the
// caller must write in the same transaction (a push's result and lastMutationId) and the version
// counter itself: a push spends its time in round trips to the database, not in SQL (the bench's
// query count per mutation). The column lists and the conflict clause are built once per table
// from the drizzle schema, because drizzle's insert builder cost more CPU than the database did.

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters for the widest table. */
const CHUNK = 500;

interface TableShape {
  keys: string[];
  /** drizzle's own conversion to what the driver takes (jsonb → text, instants → ISO text). */
  toDriver: Array<(value: unknown) => unknown>;
  /** `(cols) values ` and the `on conflict … do update` tail, around the value tuples. */
  head: string;
  tail: string;
}

/** Whether a put may replace an existing row (a mutation: the rows it loaded); the others are inserted. */
export type MayReplace = (put: Put) => boolean;

const shapes = new Map<SyncedTable, TableShape>();

function shapeOf(table: SyncedTable): TableShape {
  let shape = shapes.get(table);
  if (shape !== undefined) return shape;
  const target = syncedTables[table] as PgTable;
  const columns = Object.entries(getTableColumns(target));
  const quoted = columns.map(([, c]) => `"${c.name}"`);
  shape = {
    keys: columns.map(([key]) => key),
    toDriver: columns.map(([, c]) => (value: unknown) => (value === null || value === undefined ? null : c.mapToDriverValue(value))),
    head: `insert into "${getTableName(target)}" (${quoted.join(', ')}) values `,
    tail: ` on conflict ("id") do update set ${quoted.filter((q) => q !== '"id"').map((q) => `${q} = excluded.${q}`).join(', ')}`,
  };
  shapes.set(table, shape);
  return shape;
}

/**
 * Upserts the rows by id, each with a fresh version (whatever `version` the row carried), then
 * runs `extra` and saves the version counter, all in one statement. A row put twice is written
 * once, as last put. With `mayReplace`, the rows it refuses are inserted without an update path.
 * Returns the rows as written.
 */
export async function writePuts(
  tx: ServerTx,
  versions: VersionAllocator,
  puts: readonly Put[],
  /** Other writes of the same transaction; each `text` numbers its own params from $1. */
  extra: readonly RawStatement[] = [],
  mayReplace?: MayReplace,
): Promise<Put[]> {
  const last = new Map<string, Put>();
  for (const put of puts) {
    const key = `${put.table}:${put.row.id}`;
    last.delete(key); // keep the order of the final put
    last.set(key, put);
  }
  const byTable = new Map<string, { table: SyncedTable; insertOnly: boolean; rows: Record<string, unknown>[] }>();
  const written: Put[] = [];
  for (const put of last.values()) {
    const row = { ...put.row, version: versions.next() };
    written.push({ table: put.table, row } as Put);
    const insertOnly = mayReplace !== undefined && !mayReplace(put);
    const key = `${put.table}:${insertOnly}`;
    let group = byTable.get(key);
    if (group === undefined) byTable.set(key, (group = { table: put.table, insertOnly, rows: [] }));
    group.rows.push(row);
  }

  const parts: string[] = [];
  const params: unknown[] = [];
  for (const { table, insertOnly, rows } of byTable.values()) {
    const shape = shapeOf(table);
    for (let start = 0; start < rows.length; start += CHUNK) {
      const tuples: string[] = [];
      for (const row of rows.slice(start, start + CHUNK)) {
        const slots: string[] = [];
        for (let i = 0; i < shape.keys.length; i += 1) {
          params.push(shape.toDriver[i]!(row[shape.keys[i]!]));
          slots.push(`$${params.length}`);
        }
        tuples.push(`(${slots.join(', ')})`);
      }
      parts.push(`${shape.head}${tuples.join(', ')}${insertOnly ? '' : shape.tail}`);
    }
  }
  for (const write of extra) {
    const offset = params.length;
    parts.push(write.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`));
    params.push(...write.params);
  }
  const saved = versions.save();
  if (saved !== null) {
    params.push(saved);
    parts.push(`update version_counter set value = $${params.length} where id = 1`);
  }
  if (parts.length === 0) return written;
  const final = parts.pop()!;
  const text = parts.length === 0 ? final : `with ${parts.map((part, i) => `w${i} as (${part})`).join(', ')} ${final}`;
  await rawQuery(tx, { text, params });
  return written;
}
