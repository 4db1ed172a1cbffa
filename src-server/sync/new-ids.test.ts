import { eq } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNCED_TABLE_NAMES, type Put } from '~shared/domain/entities';
import { NEW_ID_CASES, clashingTables, freshIdFor, officeWithEveryTable, takenRefusal } from '~shared/testing/new-id-cases';
import { NOW, actorOf, task } from '~shared/testing/builders';
import { makeState } from '~shared/testing/memory-office';
import { newId } from '~shared/ids';
import { isUniqueViolation } from '../db/errors';
import { writePuts } from '../db/puts';
import { syncedTables } from '../db/schema';
import { TEST_BACKENDS, openTestDatabase, type OpenTestDatabase } from '../testing/databases';
import { dumpDatabase } from '../testing/dump';
import { executeMutation, type ExecuteResult } from './execute';
import { pushMutations } from './push';
import { loadedRows } from './state-loader';

// Issue 8, point 1, with the office server's authority: for every mutation of the catalogue and
// every id it lets the caller choose for a new row, pushing the id of an existing row of any synced
// table is refused (conflict, French) and leaves every synced row byte for byte as it was, and the
// version counter too. Behind the mutators' check, the writer inserts new rows without an update
// path, so that a clash the check missed would fail rather than rewrite someone's row.

const { db: office, existing } = officeWithEveryTable();
const ROWS: Put[] = SYNCED_TABLE_NAMES.flatMap((table) => [...office[table].values()].map((row) => ({ table, row }) as Put));

class RolledBack extends Error {
  constructor(readonly result: ExecuteResult) {
    super('annulée');
  }
}

describe.each(TEST_BACKENDS)('new rows never take an existing id ($name)', (backend) => {
  let t: OpenTestDatabase;

  /** Every synced table and the version counter (sync_results and sync_clients record the pushes). */
  async function syncedDump() {
    const dump = await dumpDatabase(t.db.db);
    return { version: dump.version, tables: SYNCED_TABLE_NAMES.map((table) => [table, dump.tables[table]]) };
  }

  /**
   * The office as every case finds it and must leave it, dumped once: each case asserts it is
   * still exactly this, which also says that no earlier case changed it.
   */
  let before: Awaited<ReturnType<typeof syncedDump>>;

  beforeAll(async () => {
    t = await openTestDatabase(backend);
    await t.db.writeTransaction((tx, versions) => writePuts(tx, versions, ROWS));
    before = await syncedDump();
  });
  afterAll(() => t?.dispose());

  for (const c of NEW_ID_CASES) {
    describe(`${c.name} (${c.field})`, () => {
      it('creates its row under a new id (the arguments are valid; rolled back)', async () => {
        const id = freshIdFor(c);
        const outcome = await t.db
          .writeTransaction(async (tx, versions) => {
            const result = await executeMutation(tx, versions, { actor: actorOf(c.as), name: c.name, rawArgs: c.args(id), now: new Date(NOW) });
            const target = syncedTables[c.table] as unknown as PgTable & { id: PgColumn };
            const written = await tx.select().from(target as PgTable).where(eq(target.id, id));
            // Thrown to roll the transaction back: the next cases start from the same office.
            throw new RolledBack(result.status === 'applied' && written.length === 1 ? result : { status: 'refused', code: 'absent', message: JSON.stringify(result) });
          })
          .catch((error: unknown) => {
            if (error instanceof RolledBack) return error.result;
            throw error;
          });
        expect(outcome, JSON.stringify(outcome)).toMatchObject({ status: 'applied' });
        expect(await syncedDump()).toEqual(before);
      });

      it.each(clashingTables(c))('refuses the id of an existing row of %s, changing nothing', async (table) => {
        const clientId = newId();
        const { results } = await pushMutations(
          t.db,
          actorOf(c.as),
          clientId,
          [{ id: 1, name: c.name, args: c.args(existing[table]), clientTime: NOW }],
          () => new Date(NOW),
        );
        const refusal = takenRefusal(c);
        expect(results).toEqual([{ id: 1, status: 'refused', code: refusal.code, message: refusal.message }]);
        expect(await syncedDump()).toEqual(before);
      });
    });
  }

  it('inserts a new row without an update path: an existing id fails the write and changes nothing', async () => {
    const theirs = office.tasks.get(existing.tasks)!;
    const forged: Put = { table: 'tasks', row: task({ id: theirs.id, title: 'Écrasée', ownerId: theirs.ownerId, version: 0 }) };
    const attempt = t.db.writeTransaction((tx, versions) => writePuts(tx, versions, [forged], [], () => false));
    const error = await attempt.then(
      () => null,
      (e: unknown) => e,
    );
    expect(isUniqueViolation(error)).toBe(true);
    expect(await syncedDump()).toEqual(before);
  });

  it('replaces only what the mutator loaded, and grouped notifications (their id is derived on purpose)', async () => {
    const grouped = [...office.notifications.values()].find((n) => n.groupKey !== null)!;
    const plain = [...office.notifications.values()].find((n) => n.groupKey === null)!;
    const theirs = office.tasks.get(existing.tasks)!;
    const loaded = loadedRows(makeState({ tasks: [theirs] }));
    expect(loaded({ table: 'tasks', row: theirs })).toBe(true);
    expect(loaded({ table: 'notifications', row: grouped })).toBe(true);
    expect(loaded({ table: 'notifications', row: plain })).toBe(false);
    expect(loaded({ table: 'tasks', row: { ...theirs, id: existing.appointments } })).toBe(false);

    // Raising the same alert again writes over its row, as groupedNotificationPut means it to.
    const again: Put = { table: 'notifications', row: { ...grouped, version: 0, count: 1, readAt: null, payload: { again: true } } };
    await t.db.writeTransaction((tx, versions) => writePuts(tx, versions, [again], [], loadedRows(makeState())));
    const dump = await dumpDatabase(t.db.db);
    expect(dump.tables['notifications']).toContainEqual(expect.objectContaining({ id: grouped.id, payload: { again: true } }));
  });

  it('still replaces a row the mutation loaded', async () => {
    const theirs = office.tasks.get(existing.tasks)!;
    const put: Put = { table: 'tasks', row: { ...theirs, title: 'Relue' } };
    await t.db.writeTransaction((tx, versions) => writePuts(tx, versions, [put], [], () => true));
    const dump = await dumpDatabase(t.db.db);
    expect(dump.tables['tasks']).toContainEqual(expect.objectContaining({ id: theirs.id, title: 'Relue' }));
  });
});
