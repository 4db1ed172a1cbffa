import { getTableColumns, getTableName } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Put, SyncedTable } from '~shared/domain/entities';
import { arrayParam } from './array-param';
import { rawQuery, type RawStatement, type ServerTx, type VersionAllocator } from './connection';
import { syncedTables } from './schema';

// Writes whole synced rows (a mutator's puts, the seeds) inside a writeTransaction: each row gets
// a new office-wide version (sync-protocol.md: "Every row the server writes gets version = the
// next value of one office-wide counter") and replaces the row with the same id — except, for a
// mutation, a row it did not load: that one is new and goes in by a plain insert, so an id that
// already exists fails the statement (a unique violation) and can never replace someone's row.
//
// Every table's rows go out as one array per column (`insert … select … from unnest($1, $2, …)`),
// so a statement's text depends on which tables it writes, never on how many rows: it is parsed
// and planned once per connection (prepared), which for a group of pushed mutations cost more
// than writing their rows did (docs/benchmarks.md). All the tables' inserts go out in ONE
// statement (data-modifying CTEs: packStatements), with whatever else the caller must write in
// the same transaction (a push's results and lastMutationId) and the version counter itself: a
// push spends its time in round trips to the database. The statements are built once per table
// from the drizzle schema, because drizzle's insert builder cost more CPU than the database did.

interface TableShape {
  keys: string[];
  /**
   * drizzle's own conversion to what the driver takes (jsonb → text, instants → ISO text), then
   * to text: every column goes as a text array, cast back to its type in the select.
   */
  toDriver: Array<(value: unknown) => string | null>;
  /** The insert of as many rows as the arrays hold, and its `on conflict … do update` tail. */
  insert: string;
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
  const toText = (value: unknown) => (typeof value === 'string' ? value : String(value));
  shape = {
    keys: columns.map(([key]) => key),
    toDriver: columns.map(([, c]) => (value: unknown) => (value === null || value === undefined ? null : toText(c.mapToDriverValue(value)))),
    insert:
      `insert into "${getTableName(target)}" (${quoted.join(', ')}) ` +
      `select ${columns.map(([, c], i) => `u.c${i}::${c.getSQLType()}`).join(', ')} ` +
      `from unnest(${columns.map((_, i) => `$${i + 1}::text[]`).join(', ')}) as u (${columns.map((_, i) => `c${i}`).join(', ')})`,
    tail: ` on conflict ("id") do update set ${quoted.filter((q) => q !== '"id"').map((q) => `${q} = excluded.${q}`).join(', ')}`,
  };
  shapes.set(table, shape);
  return shape;
}

/**
 * Upserts the rows by id, each with a fresh version (whatever `version` the row carried), then
 * runs `extra` and saves the version counter, in one statement when the parameters fit (else a
 * few, in order, all in the caller's transaction). A row put twice is written once, as last put. With `mayReplace`, the rows it refuses are inserted without an update path.
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
  const written = stampVersions(puts, versions);
  await writeRows(tx, versions, written, extra, mayReplace);
  return written;
}

/** Each row once, as last put, in the order of the final puts. */
function lastPuts(puts: readonly Put[]): Put[] {
  const last = new Map<string, Put>();
  for (const put of puts) {
    const key = `${put.table}:${put.row.id}`;
    last.delete(key); // keep the order of the final put
    last.set(key, put);
  }
  return [...last.values()];
}

/**
 * The rows of `puts` as one writer of them would write them: each row once, as last put, with a
 * fresh version from `versions`. Writing them is writeRows' work.
 */
export function stampVersions(puts: readonly Put[], versions: VersionAllocator): Put[] {
  return lastPuts(puts).map((put) => ({ table: put.table, row: { ...put.row, version: versions.next() } }) as Put);
}

/**
 * Writes rows whose versions are already given (stampVersions), then `extra`, then saves the
 * version counter, as writePuts does. A row given twice is written once, as last given (several
 * mutations' rows written together: the last one's, which has the higher version).
 */
export async function writeRows(
  tx: ServerTx,
  versions: VersionAllocator,
  rows: readonly Put[],
  extra: readonly RawStatement[] = [],
  mayReplace?: MayReplace,
): Promise<void> {
  const byTable = new Map<string, { table: SyncedTable; insertOnly: boolean; rows: Record<string, unknown>[] }>();
  for (const put of lastPuts(rows)) {
    const insertOnly = mayReplace !== undefined && !mayReplace(put);
    const key = `${put.table}:${insertOnly}`;
    let group = byTable.get(key);
    if (group === undefined) byTable.set(key, (group = { table: put.table, insertOnly, rows: [] }));
    group.rows.push(put.row as unknown as Record<string, unknown>);
  }

  // Each part numbers its own params from $1; statements are packed from them below.
  const parts: RawStatement[] = [];
  for (const { table, insertOnly, rows } of byTable.values()) {
    const shape = shapeOf(table);
    const params = shape.keys.map((key, i) => arrayParam(rows.map((row) => shape.toDriver[i]!(row[key]))));
    parts.push({ text: `${shape.insert}${insertOnly ? '' : shape.tail}`, params });
  }
  parts.push(...extra);
  const saved = versions.save();
  if (saved !== null) parts.push({ text: 'update version_counter set value = $1 where id = 1', params: [saved] });
  for (const statement of packStatements(parts)) await rawQuery(tx, statement);
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
