import type Database from 'better-sqlite3';
import { PULL_DEFAULT_LIMIT, type MutationResult, type PullResponse, type PushMutation, type PushResponse } from '~shared/contract/sync';
import { SYNCED_TABLE_NAMES, type Put, type RowOf, type SyncedTable } from '~shared/domain/entities';
import { perform, type PrepareContext } from '~shared/domain/mutations/pipeline';
import type { Actor, MutatorResult } from '~shared/domain/mutations/types';
import { derivedId } from '~shared/ids';
import { openLocalDatabase } from '../db/migrate';
import { fromSqlRow, rowStore, sqlColumns } from '../db/rows';
import { loadLocalState, loadSettings } from '../db/state-loader';

// An office server reduced to what sync-protocol.md says, over SQLite, for the replica's tests:
// one version counter, rows never deleted, per-client lastMutationId and results, push that skips
// processed ids and stops at a gap, paged pull of rows by version with the results repeated, and
// notifications pulled only by their addressee. It runs the same shared mutators as the real
// server. The real server (src-server) is exercised end to end by the sync engine's tests.

interface ClientRecord {
  userId: string;
  lastMutationId: number;
  results: Map<number, MutationResult>;
}

export class ReferenceOffice {
  readonly sqlite: Database.Database;
  private version = 0;
  private serialId = 0;
  private readonly clients = new Map<string, ClientRecord>();

  constructor(seed: Put[] = []) {
    this.sqlite = openLocalDatabase(':memory:').sqlite;
    this.write(seed);
  }

  close(): void {
    this.sqlite.close();
  }

  /** The highest version written: what a pull that saw everything has as its cursor. */
  head(): number {
    return this.version;
  }

  /** Writes rows as the server does: each gets the next version of the office-wide counter. */
  write(puts: readonly Put[]): void {
    const rows = rowStore(this.sqlite);
    this.sqlite.transaction(() => {
      for (const put of puts) {
        this.version += 1;
        rows.upsert(put.table, { ...put.row, version: this.version });
      }
    })();
  }

  /** Runs a mutation with the server's authority (another workstation, the web form…). */
  perform(actor: Actor, name: string, args: unknown, now: string): MutatorResult {
    const ctx: PrepareContext = {
      now,
      timeZone: loadSettings(this.sqlite).timeZone,
      newId: () => derivedId('reference-office', String(++this.serialId)),
    };
    const result = perform(name, JSON.parse(JSON.stringify(args)), actor, ctx, (needs) => loadLocalState(this.sqlite, needs));
    if (result.ok) this.write(result.puts);
    return result;
  }

  private client(clientId: string, userId: string): ClientRecord {
    let record = this.clients.get(clientId);
    if (!record) {
      record = { userId, lastMutationId: 0, results: new Map() };
      this.clients.set(clientId, record);
    }
    if (record.userId !== userId) throw new Error('403: ce client appartient à un autre utilisateur');
    return record;
  }

  /** sync-protocol.md, "Push"; throws `{ gap: lastMutationId }` on a gap (the 409). */
  push(clientId: string, actor: Actor, mutations: readonly PushMutation[], now: string): PushResponse {
    const record = this.client(clientId, actor.id);
    const results: MutationResult[] = [];
    for (const mutation of mutations) {
      if (mutation.id <= record.lastMutationId) continue;
      if (mutation.id > record.lastMutationId + 1) throw Object.assign(new Error('409'), { gap: record.lastMutationId });
      const outcome = this.perform(actor, mutation.name, mutation.args, now);
      const result: MutationResult = outcome.ok
        ? { id: mutation.id, status: 'applied' }
        : { id: mutation.id, status: 'refused', code: outcome.refusal.code, message: outcome.refusal.message };
      record.lastMutationId = mutation.id;
      record.results.set(mutation.id, result);
      results.push(result);
    }
    return { lastMutationId: record.lastMutationId, results };
  }

  /** sync-protocol.md, "Pull". */
  pull(clientId: string, userId: string, cursor: number, knownMutationId: number, limit = PULL_DEFAULT_LIMIT): PullResponse {
    const record = this.client(clientId, userId);
    const found: Array<{ table: SyncedTable; row: Record<string, unknown>; version: number }> = [];
    for (const table of SYNCED_TABLE_NAMES) {
      const raws = this.sqlite.prepare(`select * from ${table} where version > ? order by version`).all(cursor) as Array<
        Record<string, unknown>
      >;
      for (const raw of raws) found.push({ table, row: fromSqlRow(table, raw), version: raw.version as number });
    }
    found.sort((a, b) => a.version - b.version);
    const page = found.slice(0, limit);
    const more = found.length > page.length;
    const last = page.at(-1);
    const rows = page
      .filter(({ table, row }) => table !== 'notifications' || row.userId === userId)
      .map(({ table, row }) => ({ table, row }));
    const results = [...record.results.values()].filter((r) => r.id > knownMutationId && r.id <= record.lastMutationId);
    return {
      cursor: more && last ? last.version : this.version,
      lastMutationId: record.lastMutationId,
      results: results.sort((a, b) => a.id - b.id),
      rows,
      more,
    };
  }

  /** Every row of a table as the server holds it. */
  rows<T extends SyncedTable>(table: T): RowOf[T][] {
    const order = sqlColumns(table).includes('id') ? 'id' : 'rowid';
    return (this.sqlite.prepare(`select * from ${table} order by ${order}`).all() as Array<Record<string, unknown>>).map((raw) =>
      fromSqlRow(table, raw),
    );
  }
}
