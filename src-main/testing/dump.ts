import type Database from 'better-sqlite3';
import { SYNCED_TABLE_NAMES } from '~shared/domain/entities';

// Everything a replica holds, as plain data, so that two replicas (or one before and after a
// failed step) can be compared with one `toEqual`.

export function dumpSynced(sqlite: Database.Database): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const table of SYNCED_TABLE_NAMES) out[table] = sqlite.prepare(`select * from ${table} order by id`).all();
  return out;
}

export function dumpReplica(sqlite: Database.Database): Record<string, unknown[]> {
  return {
    ...dumpSynced(sqlite),
    saved_images: sqlite.prepare('select * from saved_images order by table_name, row_id').all(),
    outbox: sqlite.prepare('select * from outbox order by id').all(),
    refusals: sqlite.prepare('select * from refusals order by mutation_id').all(),
    sync_state: sqlite.prepare('select * from sync_state order by key').all(),
  };
}
