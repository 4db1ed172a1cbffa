import { and, asc, count, eq, getTableColumns, getTableName, gt, is, or, sql, type SQL } from 'drizzle-orm';
import { getTableConfig, PgTable, type PgColumn } from 'drizzle-orm/pg-core';
import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { DbExecutor, ServerDb, ServerTx } from './connection';
import * as schema from './schema';

// `npm run office -- backup --out FILE` and `restore --in FILE` (server-api.md): every table,
// synced and server-only (users' secrets, sessions, sync bookkeeping), on either driver, read
// through drizzle so that values come out and go back in the same shape (instants as ISO
// strings, counters as numbers, jsonb as objects).
//
// Format: JSON lines. Line 1 is the header (format, version, schema, version counter, row count
// per table); then one `{"table","row"}` per row, table by table, parents before the tables that
// reference them; the last line `{"end":true,"rows":N}` proves the file is whole.

export const BACKUP_FORMAT = 'bureau-backup';
export const BACKUP_FORMAT_VERSION = 1;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  source: ServerDb['kind'];
  /** The migrations applied to the database that was saved: a restore needs the same. */
  schema: { migrations: number; lastMigrationAt: string | null };
  versionCounter: number;
  tables: Record<string, number>;
}

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

const PAGE = 1000;

/** Every table of the schema but the version counter (saved in the header), parents first. */
export function backupTables(): PgTable[] {
  const tables = (Object.values(schema) as unknown[]).filter((value): value is PgTable => is(value, PgTable));
  const byName = new Map(tables.map((table) => [getTableName(table), table]));
  const ordered: PgTable[] = [];
  const visit = (table: PgTable, path: Set<PgTable>) => {
    if (ordered.includes(table) || path.has(table)) return;
    path.add(table);
    for (const fk of getTableConfig(table).foreignKeys) {
      const parent = fk.reference().foreignColumns[0]?.table;
      if (parent !== undefined && parent !== table) visit(parent, path);
    }
    ordered.push(table);
  };
  for (const name of [...byName.keys()].sort()) visit(byName.get(name)!, new Set());
  return ordered.filter((table) => table !== schema.versionCounter);
}

function primaryKey(table: PgTable): PgColumn[] {
  const config = getTableConfig(table);
  const single = config.columns.filter((column) => column.primary);
  if (single.length > 0) return single;
  const composite = config.primaryKeys[0]?.columns;
  if (composite === undefined) throw new Error(`Table sans clé primaire : ${config.name}`);
  return composite;
}

/** Rows strictly after `last` in primary-key order (keyset paging: no OFFSET rescans). */
function after(key: PgColumn[], last: Record<string, unknown>, names: string[]): SQL | undefined {
  const clauses: SQL[] = [];
  key.forEach((column, i) => {
    const equalBefore = key.slice(0, i).map((c, j) => eq(c, last[names[j]!]));
    clauses.push(and(...equalBefore, gt(column, last[names[i]!]))!);
  });
  return or(...clauses);
}

/** The property names drizzle gives the key's columns in a selected row. */
function propertyNames(table: PgTable, key: PgColumn[]): string[] {
  const columns = Object.entries(getTableColumns(table));
  return key.map((column) => columns.find(([, value]) => value.name === column.name)![0]);
}

async function migrationState(db: DbExecutor): Promise<BackupHeader['schema']> {
  const result = await db.execute(
    sql`select count(*)::int as n, max(created_at)::text as last from drizzle.__drizzle_migrations`,
  );
  const row = (result as unknown as { rows: Array<{ n: number; last: string | null }> }).rows[0];
  return { migrations: Number(row?.n ?? 0), lastMigrationAt: row?.last ?? null };
}

/** Writes a consistent backup of the whole database to `file` (through `file.tmp`, then renamed). */
export async function backupDatabase(
  db: ServerDb,
  file: string,
  now: Date,
  options: { pageSize?: number } = {},
): Promise<BackupHeader> {
  const pageSize = options.pageSize ?? PAGE;
  const temporary = `${file}.tmp`;
  const out = createWriteStream(temporary, { encoding: 'utf8', mode: 0o600 });
  let failure: Error | null = null;
  out.on('error', (error) => (failure ??= error));
  const write = async (value: unknown) => {
    if (failure) throw failure;
    if (out.write(`${JSON.stringify(value)}\n`)) return;
    await new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        out.off('error', onError);
        resolve();
      };
      const onError = (error: Error) => {
        out.off('drain', onDrain);
        reject(error);
      };
      out.once('drain', onDrain);
      out.once('error', onError);
    });
  };
  try {
    // One transaction: every page of every table is read from the same snapshot.
    const header = await db.db.transaction(
      async (tx) => {
        const tables = backupTables();
        const counts: Record<string, number> = {};
        for (const table of tables) {
          const [row] = await tx.select({ n: count() }).from(table);
          counts[getTableName(table)] = row?.n ?? 0;
        }
        const [counter] = await tx.select().from(schema.versionCounter).where(eq(schema.versionCounter.id, 1));
        const header: BackupHeader = {
          format: BACKUP_FORMAT,
          formatVersion: BACKUP_FORMAT_VERSION,
          createdAt: now.toISOString(),
          source: db.kind,
          schema: await migrationState(tx),
          versionCounter: counter?.value ?? 0,
          tables: counts,
        };
        await write(header);
        let total = 0;
        for (const table of tables) total += await writeTable(tx, table, write, pageSize);
        await write({ end: true, rows: total });
        return header;
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    await new Promise<void>((done, fail) => out.end((error?: Error | null) => (error ? fail(error) : done())));
    if (failure) throw failure;
    renameSync(temporary, file);
    return header;
  } catch (error) {
    out.destroy();
    rmSync(temporary, { force: true });
    throw error;
  }
}

async function writeTable(
  tx: ServerTx,
  table: PgTable,
  write: (value: unknown) => Promise<void>,
  pageSize: number,
): Promise<number> {
  const name = getTableName(table);
  const key = primaryKey(table);
  const names = propertyNames(table, key);
  let last: Record<string, unknown> | undefined;
  let written = 0;
  for (;;) {
    const page: Record<string, unknown>[] = await tx
      .select()
      .from(table)
      .where(last === undefined ? undefined : after(key, last, names))
      .orderBy(...key.map((column) => asc(column)))
      .limit(pageSize);
    for (const row of page) await write({ table: name, row });
    written += page.length;
    if (page.length < pageSize) return written;
    last = page[page.length - 1];
  }
}

/** Whether the database holds nothing at all: no row anywhere, version counter at 0. */
export async function isEmptyDatabase(db: DbExecutor): Promise<boolean> {
  for (const table of backupTables()) {
    const [row] = await db.select({ n: count() }).from(table);
    if ((row?.n ?? 0) > 0) return false;
  }
  const [counter] = await db.select().from(schema.versionCounter).where(eq(schema.versionCounter.id, 1));
  return (counter?.value ?? 0) === 0;
}

/**
 * Restores `file` into an EMPTY, migrated database, in one transaction (all or nothing), version
 * counter included. Refuses a non-empty database, another schema, or a truncated file.
 */
export async function restoreDatabase(db: ServerDb, file: string): Promise<BackupHeader> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  const iterator = lines[Symbol.asyncIterator]();
  try {
    const first = await iterator.next();
    const header = parseHeader(first.done ? undefined : first.value);
    const ours = await migrationState(db.db);
    if (ours.migrations !== header.schema.migrations || ours.lastMigrationAt !== header.schema.lastMigrationAt) {
      throw new BackupError(
        `Cette sauvegarde vient d’une autre version du schéma (${header.schema.migrations} migrations, ` +
          `la base en a ${ours.migrations}) : restaurez-la avec la version de Bureau qui l’a faite.`,
      );
    }
    if (!(await isEmptyDatabase(db.db))) {
      throw new BackupError(
        'La base n’est pas vide : une sauvegarde ne se restaure que dans une base vide ' +
          '(un nouveau DATA_DIR, ou une nouvelle base PostgreSQL), jamais par-dessus des données.',
      );
    }

    const tables = new Map(backupTables().map((table) => [getTableName(table), table]));
    await db.writeTransaction(async (tx) => {
      const restored: Record<string, number> = {};
      const pending: { table: PgTable | null; name: string; rows: Record<string, unknown>[] } = { table: null, name: '', rows: [] };
      const flush = async () => {
        if (pending.table === null || pending.rows.length === 0) return;
        await tx.insert(pending.table).values(pending.rows);
        restored[pending.name] = (restored[pending.name] ?? 0) + pending.rows.length;
        pending.rows = [];
      };
      let end: { rows: number } | null = null;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        if (next.value.trim() === '') continue;
        if (end !== null) throw new BackupError('Sauvegarde illisible : des lignes suivent la fin.');
        const line = JSON.parse(next.value) as { table?: string; row?: Record<string, unknown>; end?: boolean; rows?: number };
        if (line.end === true) {
          end = { rows: Number(line.rows) };
          continue;
        }
        const table = line.table === undefined ? undefined : tables.get(line.table);
        if (table === undefined || line.row === undefined) {
          throw new BackupError(`Sauvegarde illisible : table inconnue « ${String(line.table)} ».`);
        }
        if (pending.table !== table) {
          await flush();
          pending.table = table;
          pending.name = line.table!;
        }
        pending.rows.push(line.row);
        if (pending.rows.length >= 500) await flush();
      }
      await flush();

      const total = Object.values(restored).reduce((a, b) => a + b, 0);
      const expected = Object.values(header.tables).reduce((a, b) => a + b, 0);
      const sameCounts = Object.entries(header.tables).every(([name, n]) => (restored[name] ?? 0) === n);
      if (end === null || end.rows !== total || total !== expected || !sameCounts) {
        throw new BackupError('Sauvegarde incomplète (fichier tronqué ?) : rien n’a été restauré.');
      }
      await tx.update(schema.versionCounter).set({ value: header.versionCounter }).where(eq(schema.versionCounter.id, 1));
    });
    return header;
  } catch (error) {
    if (error instanceof SyntaxError) throw new BackupError('Sauvegarde illisible : ce n’est pas un fichier de sauvegarde de Bureau.');
    throw error;
  } finally {
    lines.close();
  }
}

function parseHeader(line: string | undefined): BackupHeader {
  let header: Partial<BackupHeader> | undefined;
  try {
    header = line === undefined ? undefined : (JSON.parse(line) as Partial<BackupHeader>);
  } catch {
    header = undefined;
  }
  if (header?.format !== BACKUP_FORMAT || typeof header.tables !== 'object' || header.schema === undefined) {
    throw new BackupError('Ce fichier n’est pas une sauvegarde de Bureau.');
  }
  if (header.formatVersion !== BACKUP_FORMAT_VERSION) {
    throw new BackupError(`Format de sauvegarde ${String(header.formatVersion)} inconnu de cette version (${BACKUP_FORMAT_VERSION}).`);
  }
  return header as BackupHeader;
}
