import { and, asc, count, eq, getTableColumns, getTableName, gt, is, or, sql, type SQL } from 'drizzle-orm';
import { getTableConfig, PgTable, type PgColumn } from 'drizzle-orm/pg-core';
import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip } from 'node:zlib';
import { decryptingStream, encryptingStream, EncryptedBackupError, readEncryptionHeader } from './backup-cipher';
import type { DbExecutor, ServerDb, ServerTx } from './connection';
import * as schema from './schema';

// `npm run office -- backup --out FILE` and `restore --in FILE` (server-api.md): every table,
// synced and server-only (users' secrets, sessions, sync bookkeeping), on either driver, read
// through drizzle so that values come out and go back in the same shape (instants as ISO
// strings, counters as numbers, jsonb as objects).
//
// Format: JSON lines. Line 1 is the header (format, version, schema, version counter, row count
// per table); then one `{"table","row"}` per row, table by table, parents before the tables that
// reference them; the last line `{"end":true,"rows":N}` proves the file is whole. With a
// passphrase (what `npm run office -- backup` always asks for), those lines are gzipped and
// encrypted (backup-cipher.ts); a plain file from before is still restored.

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
  options: { pageSize?: number; passphrase?: string } = {},
): Promise<BackupHeader> {
  const pageSize = options.pageSize ?? PAGE;
  const temporary = `${file}.tmp`;
  // Derived before the file is made: a refused passphrase leaves nothing behind.
  const encrypt = options.passphrase === undefined ? null : await encryptingStream(options.passphrase);
  const out = createWriteStream(temporary, { mode: 0o600 });
  const sink: Writable = encrypt === null ? out : createGzip();
  const written = encrypt === null ? null : pipeline(sink as Readable & Writable, encrypt, out);
  // Seen at once by the next write, whichever stream of the chain failed.
  let failure: Error | null = null;
  sink.on('error', (error) => (failure ??= error));
  out.on('error', (error) => (failure ??= error));
  written?.catch((error: Error) => (failure ??= error));
  const write = async (value: unknown) => {
    if (failure) throw failure;
    if (sink.write(`${JSON.stringify(value)}\n`)) return;
    await new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        sink.off('error', onError);
        resolve();
      };
      const onError = (error: Error) => {
        sink.off('drain', onDrain);
        reject(error);
      };
      sink.once('drain', onDrain);
      sink.once('error', onError);
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
    if (written === null) await new Promise<void>((done, fail) => out.end((error?: Error | null) => (error ? fail(error) : done())));
    else {
      sink.end();
      await written;
    }
    if (failure) throw failure;
    renameSync(temporary, file);
    return header;
  } catch (error) {
    sink.destroy();
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
export async function restoreDatabase(
  db: ServerDb,
  file: string,
  options: { askPassphrase?: () => Promise<string> } = {},
): Promise<BackupHeader> {
  const input = await openBackup(file, options.askPassphrase).catch((error: unknown) => {
    throw error instanceof EncryptedBackupError ? new BackupError(error.message) : error;
  });
  const iterator = linesOf(input)[Symbol.asyncIterator]();
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
    if (error instanceof EncryptedBackupError) throw new BackupError(error.message);
    if (isZlibError(error)) throw new BackupError('Sauvegarde chiffrée endommagée : rien n’a été restauré.');
    throw error;
  } finally {
    input.destroy();
  }
}

/** The file's plaintext: as it is, or decrypted once its passphrase is checked. */
async function openBackup(file: string, askPassphrase: (() => Promise<string>) | undefined): Promise<Readable> {
  const handle = await open(file, 'r');
  let start: Buffer;
  try {
    const { buffer, bytesRead } = await handle.read({ buffer: Buffer.alloc(4096), position: 0 });
    start = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const encrypted = readEncryptionHeader(start);
  if (encrypted === null) return createReadStream(file);
  if (askPassphrase === undefined) throw new BackupError('Cette sauvegarde est chiffrée : il faut sa phrase de passe pour la restaurer.');
  const decrypt = await decryptingStream(await askPassphrase(), encrypted.header, start.subarray(0, encrypted.length));
  const gunzip = createGunzip();
  // Errors reach the reader through the last stream, which the pipeline destroys with them.
  pipeline(createReadStream(file, { start: encrypted.length }), decrypt, gunzip).catch(() => undefined);
  return gunzip;
}

/** The lines of a stream of UTF-8 bytes; a failure of the stream is thrown to the reader. */
async function* linesOf(input: Readable): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of input as AsyncIterable<Buffer>) {
    const text = rest + decoder.write(chunk);
    const lines = text.split('\n');
    rest = lines.pop()!;
    for (const line of lines) yield line.endsWith('\r') ? line.slice(0, -1) : line;
  }
  rest += decoder.end();
  if (rest !== '') yield rest;
}

function isZlibError(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('Z_');
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
