import type Database from 'better-sqlite3';
import type { AccessEvent, AccessKind } from '~shared/contract/accountability';
import { createEmitter } from '~shared/events';
import { newId } from '~shared/ids';
import { statement } from './statements';

// The workstation's queue for the office's access log (issue 14, point 6): the local table
// `access_events` of the replica (client migration 0011), so that a sheet opened offline is still
// reported, after a restart too. The sync engine sends the queue (services/sync/engine.ts) and
// deletes only what the server answered for; the server ignores an id it already holds.

/** The same sheet read again within this time by the same user is one opening (docs/decisions.md). */
export const REOPEN_WINDOW_MS = 10 * 60_000;

export interface AccessRecord {
  kind: AccessKind;
  subjectId?: string | null;
  detail?: string | null;
}

export class AccessEvents {
  private readonly recorded = createEmitter<void>(() => {});
  /** `kind:subject` → when last recorded: the sheet's screen reads it again after every change. */
  private readonly lastOpened = new Map<string, number>();

  constructor(
    private readonly sqlite: Database.Database,
    private readonly clock: () => Date,
  ) {}

  /** Queues one event, unless it is the same sheet opened again within REOPEN_WINDOW_MS. */
  record(record: AccessRecord): void {
    const at = this.clock();
    if (record.kind !== 'export' && record.subjectId) {
      const key = `${record.kind}:${record.subjectId}`;
      const last = this.lastOpened.get(key);
      if (last !== undefined && at.getTime() - last < REOPEN_WINDOW_MS && at.getTime() >= last) return;
      this.lastOpened.set(key, at.getTime());
    }
    statement(this.sqlite, 'insert into access_events (id, kind, subject_id, detail, at) values (?, ?, ?, ?, ?)').run(
      newId(),
      record.kind,
      record.subjectId ?? null,
      record.detail ?? null,
      at.toISOString(),
    );
    this.recorded.emit(undefined);
  }

  /** The oldest events, as sent to POST /api/access-log. */
  pending(limit: number): AccessEvent[] {
    return statement(this.sqlite, 'select id, kind, subject_id as subjectId, detail, at from access_events order by at, id limit ?').all(limit) as AccessEvent[];
  }

  count(): number {
    return statement(this.sqlite, 'select count(*) from access_events').pluck().get() as number;
  }

  /** The server holds these now. */
  remove(ids: readonly string[]): void {
    const drop = statement(this.sqlite, 'delete from access_events where id = ?');
    this.sqlite.transaction(() => {
      for (const id of ids) drop.run(id);
    })();
  }

  onRecorded(listener: () => void): () => void {
    return this.recorded.on(listener);
  }
}
