import { SETTINGS_ID, type Put } from '~shared/domain/entities';
import type { Actor } from '~shared/domain/mutations/types';
import { DEFAULT_TEST_SETTINGS, USERS } from '~shared/testing/builders';
import type { PullOutcome, Replica } from '../db/replica';
import { dumpSynced } from './dump';
import { ReferenceOffice } from './reference-office';

// Moves data between a replica and a ReferenceOffice the way the sync engine does, and checks the
// rebase invariant of sync-protocol.md by rebuilding the replica's state from scratch.

export const SEED: Put[] = [
  ...Object.values(USERS).map((row): Put => ({ table: 'users', row })),
  { table: 'settings', row: { ...DEFAULT_TEST_SETTINGS, id: SETTINGS_ID } },
];

export function newOffice(): ReferenceOffice {
  return new ReferenceOffice(SEED);
}

/** Pulls every page the office has for this replica; returns the outcomes of the pages. */
export function pullAll(replica: Replica, office: ReferenceOffice, userId: string, limit?: number): PullOutcome[] {
  const outcomes: PullOutcome[] = [];
  for (;;) {
    const page = office.pull(replica.clientId, userId, replica.cursor(), replica.knownMutationId(), limit);
    outcomes.push(replica.applyPull(page));
    if (!page.more) return outcomes;
  }
}

/** Pushes the whole outbox; `lose` drops the answer after the office committed (a lost response). */
export function pushAll(replica: Replica, office: ReferenceOffice, actor: Actor, now: string, lose = false) {
  const batch = replica.pending();
  if (batch.length === 0) return [];
  const answer = office.push(replica.clientId, actor, batch, now);
  return lose ? [] : replica.recordResults(answer.results);
}

/**
 * The invariant: the replica's synced rows (and saved images) equal those of a fresh replica with
 * the same client id that receives only the office's rows and replays the same pending mutations.
 * Call it when the replica has just pulled everything and the office has not changed since.
 */
export function rebuiltLike(replica: Replica, fresh: Replica, userId: string, office: ReferenceOffice) {
  const pending = replica.pending(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const sqlite = fresh.sqlite;
  sqlite.transaction(() => {
    for (const table of Object.keys(dumpSynced(sqlite))) sqlite.prepare(`delete from ${table}`).run();
    sqlite.prepare('delete from saved_images').run();
    sqlite.prepare('delete from outbox').run();
    sqlite.prepare("delete from sync_state where key != 'clientId'").run();
    const insert = sqlite.prepare('insert into outbox (id, name, args, client_time, queued_at) values (?, ?, ?, ?, ?)');
    for (const m of pending) insert.run(m.id, m.name, JSON.stringify(m.args), m.clientTime, m.clientTime);
    const actor = replica.sqlite.prepare("select value from sync_state where key = 'actor'").pluck().get() as string | undefined;
    if (actor) sqlite.prepare("insert into sync_state (key, value) values ('actor', ?)").run(actor);
  })();
  const page = office.pull(fresh.clientId, userId, 0, 0, Number.MAX_SAFE_INTEGER);
  fresh.applyPull(page);
  return {
    expected: { ...dumpSynced(sqlite), saved_images: sqlite.prepare('select * from saved_images order by table_name, row_id').all() },
    actual: {
      ...dumpSynced(replica.sqlite),
      saved_images: replica.sqlite.prepare('select * from saved_images order by table_name, row_id').all(),
    },
  };
}
