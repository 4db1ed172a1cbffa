import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushMutation } from '~shared/contract/sync';
import { SYNCED_TABLE_NAMES, type Put } from '~shared/domain/entities';
import { importGroupKey } from '~shared/domain/mutations/lead-create';
import { DEFAULT_TEST_SETTINGS, NOW, USERS, actorOf, lead, notification, testId } from '~shared/testing/builders';
import { derivedId } from '~shared/ids';
import { writePuts } from '../db/puts';
import { TEST_BACKENDS, openTestDatabase, type OpenTestDatabase } from '../testing/databases';
import { dumpDatabase } from '../testing/dump';
import { pushMutations, type PushOptions } from './push';

// Issue 9, point 5: a push's group is read once, run in memory and written in one statement; when
// that write fails it is done again one mutation at a time, each in a savepoint. Both ways must
// give the same answers and leave the same database, row for row, version for version. The same
// pushes go to two offices seeded alike — one grouped, one forced one by one — with the clock and
// the ids of the rows mutators make fixed, and the two are compared.

const ADMIN = actorOf(USERS.admin);
const CLIENT_ID = testId('client', 'paths');
/** Four per group: the cases below fall in groups of their own. */
const GROUP_SIZE = 4;

const EXISTING = lead({ id: testId('lead', 'existing'), phoneE164: '+15145550199', phoneRaw: '514 555-0199' });
const IMPORT_BATCH = testId('import', 'planted');
/** Holds the import's group key under another id than the mutator derives: its summary breaks a unique key. */
const PLANTED = notification({
  id: testId('notification', 'planted'),
  userId: USERS.director.id,
  kind: 'leads_imported',
  leadId: null,
  groupKey: importGroupKey(IMPORT_BATCH),
});

const SEED: Put[] = [
  ...Object.values(USERS).map((row) => ({ table: 'users', row }) as Put),
  { table: 'settings', row: DEFAULT_TEST_SETTINGS },
  { table: 'leads', row: EXISTING },
  { table: 'notifications', row: PLANTED },
];

const X = testId('lead', 'x');
const Y = testId('lead', 'y');
const Z = testId('lead', 'z');
const W = testId('lead', 'w');
const IMPORTED = testId('lead', 'imported');

function mutation(id: number, name: string, args: unknown): PushMutation {
  return { id, name, args, clientTime: NOW };
}

/** Groups of four: each line below is one group. */
const FIRST_PUSH: PushMutation[] = [
  // Made, refused by the rules, refused for an id already taken by the first, changed: one group.
  mutation(1, 'lead.create', { id: X, lastName: 'Xavier', phone: '514 555-0101', source: 'manual' }),
  mutation(2, 'lead.update', { id: testId('lead', 'nowhere'), patch: { city: 'Laval' } }),
  mutation(3, 'lead.create', { id: X, lastName: 'Encore X', source: 'manual' }),
  mutation(4, 'lead.update', { id: X, patch: { city: 'Laval' } }),
  // The duplicate of a lead already in the office; rows of the group before it changed again.
  mutation(5, 'lead.create', { id: Y, lastName: 'Yves', phone: '514 555-0199', source: 'manual' }),
  mutation(6, 'lead.assign', { assignments: [{ leadId: X, assigneeId: USERS.counselor.id }] }),
  mutation(7, 'task.create', { id: testId('task', 'x'), leadId: X, ownerId: USERS.counselor.id, dueAt: '2026-03-12T15:00:00.000Z', title: 'Rappeler' }),
  mutation(8, 'lead.create', { id: Z, lastName: 'Zoé', email: 'zoe@exemple.ca', source: 'manual' }),
  // A unique key broken by the third: the group's one write fails, and it is done one by one.
  mutation(9, 'lead.create', { id: W, lastName: 'Wanda', email: 'ZOE@exemple.ca', source: 'manual' }),
  mutation(10, 'lead.createMany', { importBatchId: IMPORT_BATCH, fileName: 'salon.xlsx', leads: [{ id: IMPORTED, lastName: 'Importé', source: 'import' }] }),
  mutation(11, 'lead.update', { id: W, patch: { notes: 'Vue au salon' } }),
];

/** The first push again (its answer lost), a mutation sent twice in it, and new ones. */
const SECOND_PUSH: PushMutation[] = [
  ...FIRST_PUSH,
  mutation(12, 'lead.setStatus', { leadId: Z, status: 'contacted' }),
  mutation(12, 'lead.setStatus', { leadId: Z, status: 'contacted' }),
  mutation(13, 'lead.update', { id: Z, patch: { city: 'Québec' } }),
];

describe.each(TEST_BACKENDS)('a push grouped or one by one ($name)', (backend) => {
  let grouped: OpenTestDatabase;
  let oneByOne: OpenTestDatabase;

  beforeAll(async () => {
    [grouped, oneByOne] = await Promise.all([openTestDatabase(backend), openTestDatabase(backend)]);
    for (const t of [grouped, oneByOne]) await t.db.writeTransaction((tx, versions) => writePuts(tx, versions, SEED));
  });
  afterAll(async () => {
    await grouped?.dispose();
    await oneByOne?.dispose();
  });

  /** The same push, at the same instant, with the same ids for the rows the mutators make. */
  function push(t: OpenTestDatabase, mutations: PushMutation[], options: PushOptions) {
    return pushMutations(t.db, ADMIN, CLIENT_ID, mutations, () => new Date(NOW), {
      groupSize: GROUP_SIZE,
      idsFor: (m) => {
        let n = 0;
        return () => derivedId('push-paths', `${m.id}:${n++}`);
      },
      ...options,
    });
  }

  /** Every row; the client's creation instant is the database's clock, not the push's. */
  async function dump(t: OpenTestDatabase) {
    const { tables, version } = await dumpDatabase(t.db.db);
    tables['sync_clients'] = tables['sync_clients']!.map((row) => ({ ...(row as object), createdAt: 'now' }));
    return { tables, version };
  }

  it('answers and writes the same, refusals, a taken id, a broken unique key and retries included', async () => {
    const first = await push(grouped, FIRST_PUSH, {});
    const firstAlone = await push(oneByOne, FIRST_PUSH, { oneByOne: true });
    expect(first.results).toEqual(firstAlone.results);
    expect(first.lastMutationId).toBe(11);
    // The third group only was done one by one: the others were written at once.
    expect(first.oneByOne).toBe(1);
    expect(first.results.map((r) => [r.id, r.status, r.code])).toEqual([
      [1, 'applied', undefined],
      [2, 'refused', 'not_found'],
      [3, 'refused', 'conflict'],
      [4, 'applied', undefined],
      [5, 'applied', undefined],
      [6, 'applied', undefined],
      [7, 'applied', undefined],
      [8, 'applied', undefined],
      [9, 'applied', undefined],
      [10, 'refused', 'conflict'],
      [11, 'applied', undefined],
    ]);
    expect(await dump(grouped)).toEqual(await dump(oneByOne));

    const second = await push(grouped, SECOND_PUSH, {});
    const secondAlone = await push(oneByOne, SECOND_PUSH, { oneByOne: true });
    expect(second.results).toEqual(secondAlone.results);
    expect(second.oneByOne).toBe(0);
    // The retry is answered as decided the first time; the id sent twice, twice.
    expect(second.results.slice(0, 11)).toEqual(first.results);
    expect(second.results.slice(11).map((r) => [r.id, r.status])).toEqual([
      [12, 'applied'],
      [12, 'applied'],
      [13, 'applied'],
    ]);

    const [after, afterAlone] = [await dump(grouped), await dump(oneByOne)];
    expect(after).toEqual(afterAlone);
    // What the rows say, beyond being equal: read after write inside a group, the duplicate seen.
    const leads = new Map((after.tables['leads'] as Array<{ id: string; city: string | null; duplicateOfId: string | null; assigneeId: string | null }>).map((l) => [l.id, l]));
    expect(leads.get(X)).toMatchObject({ city: 'Laval', assigneeId: USERS.counselor.id });
    expect(leads.get(Y)?.duplicateOfId).toBe(EXISTING.id);
    expect(leads.get(W)?.duplicateOfId).toBe(Z);
    expect(leads.get(Z)?.city).toBe('Québec');
    expect(leads.has(IMPORTED)).toBe(false);
    // Every synced row has its own version, all at or below the counter.
    const versions = SYNCED_TABLE_NAMES.flatMap((table) => (after.tables[table] as Array<{ version: number }>).map((row) => row.version));
    expect(new Set(versions).size).toBe(versions.length);
    expect(Math.max(...versions)).toBe(after.version);
  });
});
