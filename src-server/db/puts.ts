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
// Every table's upsert goes out in ONE statement (data-modifying CTEs; a few when PostgreSQL's
// parameter limit says so: packStatements), with whatever else the caller must write in the same
// transaction (a push's result and lastMutationId) and the version counter itself: a push spends its time in round trips to the database, not in SQL (the bench's
// query count per mutation). The column lists and the conflict clause are built once per table
// from the drizzle schema, because drizzle's insert builder cost more CPU than the database did.

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters for the widest table (see packStatements). */
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
 * runs `extra` and saves the version counter, in one statement when the parameters fit (else a
 * few, in order, all in the caller's transaction). A row put twice is written
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

  // Each part numbers its own params from $1; statements are packed from them below.
  const parts: RawStatement[] = [];
  for (const { table, insertOnly, rows } of byTable.values()) {
    const shape = shapeOf(table);
    for (let start = 0; start < rows.length; start += CHUNK) {
      const params: unknown[] = [];
      const tuples: string[] = [];
      for (const row of rows.slice(start, start + CHUNK)) {
        const slots: string[] = [];
        for (let i = 0; i < shape.keys.length; i += 1) {
          params.push(shape.toDriver[i]!(row[shape.keys[i]!]));
          slots.push(`$${params.length}`);
        }
        tuples.push(`(${slots.join(', ')})`);
      }
      parts.push({ text: `${shape.head}${tuples.join(', ')}${insertOnly ? '' : shape.tail}`, params });
    }
  }
  parts.push(...extra);
  const saved = versions.save();
  if (saved !== null) parts.push({ text: 'update version_counter set value = $1 where id = 1', params: [saved] });
  for (const statement of packStatements(parts)) await rawQuery(tx, statement);
  return written;
}

/** Statements with more parameters (imports, seeds) vary too much to be worth preparing. */
const PREPARED_MAX_PARAMS = 1_000;

/** PostgreSQL's limit on the parameters of one statement (a 16-bit count in the protocol). */
export const MAX_STATEMENT_PARAMS = 65_535;

/**
 * The parts, in order, as few statements as their parameters allow: each statement is one part,
 * or several chained as data-modifying CTEs (`with w0 as (…), w1 as (…) last`). A mutation's
 * rows, result and counter usually fit one; a 5,000-lead import chunk takes a few.
 */
export function packStatements(parts: readonly RawStatement[]): RawStatement[] {
  const statements: RawStatement[] = [];
  let texts: string[] = [];
  let params: unknown[] = [];
  const flush = () => {
    if (texts.length === 0) return;
    const final = texts.pop()!;
    const text = texts.length === 0 ? final : `with ${texts.map((part, i) => `w${i} as (${part})`).join(', ')} ${final}`;
    // A mutation's writes come back in a few shapes only: prepared once per connection.
    statements.push({ text, params, prepare: params.length <= PREPARED_MAX_PARAMS });
    texts = [];
    params = [];
  };
  for (const part of parts) {
    if (part.params.length > MAX_STATEMENT_PARAMS) throw new Error(`une écriture de ${part.params.length} paramètres dépasse la limite de PostgreSQL`);
    if (params.length + part.params.length > MAX_STATEMENT_PARAMS) flush();
    const offset = params.length;
    texts.push(offset === 0 ? part.text : part.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`));
    params.push(...part.params);
  }
  flush();
  return statements;
}
