import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { SETTINGS_ID, SYNCED_TABLE_NAMES, type Put, type RowOf, type SyncedTable } from '~shared/domain/entities';
import { defaultSettings } from '~shared/domain/default-settings';
import { generatedNeeds, generatedOffice, plainState, putsOfRows } from '~shared/testing/generated-offices';
import { memoryOffice } from '~shared/domain/mutations/memory-state';
import { officeWithEveryTable } from '~shared/testing/new-id-cases';
import { DEFAULT_TEST_SETTINGS, USERS, appointment, client, importBatch, lead, notification, procedure, smsTemplate, task, testId } from '~shared/testing/builders';
import { loadState, makeDb, type TestRows } from '~shared/testing/memory-office';
import type { Needs } from '~shared/domain/mutations/types';
import { openLocalDatabase } from './migrate';
import { rowStore } from './rows';
import { loadLocalState } from './state-loader';

// loadLocalState must give a mutator the same State as the reference loader
// (src-shared/domain/mutations/memory-state.ts), which is written from the Needs contract:
// same rows found, deleted ones included, contact matches only among open leads, file numbers of
// deleted clients counted. Otherwise a mutation could be applied here and refused on the server.

const id = (kind: string, n: number) => testId(kind, `loader-${n}`);
const PHONES = ['+15145550101', '+15145550102'];
const EMAILS = ['a@exemple.ca', 'b@exemple.ca'];
const ROWS: TestRows = {
  users: Object.values(USERS),
  settings: [DEFAULT_TEST_SETTINGS],
  leads: [
    lead({ id: id('lead', 1), phoneE164: PHONES[0] ?? null, createdAt: '2026-01-02T00:00:00.000Z' }),
    lead({ id: id('lead', 2), phoneE164: PHONES[0] ?? null, email: EMAILS[0] ?? null, createdAt: '2026-01-01T00:00:00.000Z' }),
    lead({ id: id('lead', 3), email: EMAILS[0] ?? null, status: 'client' }),
    lead({ id: id('lead', 4), email: EMAILS[1] ?? null, deletedAt: '2026-02-01T00:00:00.000Z' }),
    lead({ id: id('lead', 5), phoneE164: PHONES[1] ?? null, status: 'to_recontact' }),
  ],
  appointments: [
    appointment({ id: id('appointment', 1), leadId: id('lead', 1) }),
    appointment({ id: id('appointment', 2), leadId: id('lead', 1), state: 'cancelled' }),
    appointment({ id: id('appointment', 3), leadId: id('lead', 5), deletedAt: '2026-02-01T00:00:00.000Z' }),
  ],
  clients: [
    client({ id: id('client', 1), leadId: id('lead', 3), fileNumber: '2026-0007' }),
    client({ id: id('client', 2), leadId: id('lead', 2), fileNumber: '2026-0012', deletedAt: '2026-02-01T00:00:00.000Z' }),
    client({ id: id('client', 3), leadId: id('lead', 5), fileNumber: '2025-0040' }),
  ],
  tasks: [
    task({ id: id('task', 1) }),
    task({ id: id('task', 2), leadId: id('lead', 1), kind: 'callback', deletedAt: '2026-02-01T00:00:00.000Z' }),
    task({ id: id('task', 3), leadId: id('lead', 1), kind: 'callback' }),
    task({ id: id('task', 4), leadId: id('lead', 1), kind: 'todo' }),
    task({ id: id('task', 5), leadId: id('lead', 5), kind: 'callback', completedAt: '2026-02-01T00:00:00.000Z' }),
    task({ id: id('task', 6), leadId: id('lead', 4), kind: 'callback' }),
  ],
  notifications: [
    notification({ id: id('notification', 1), groupKey: 'import:1' }),
    notification({ id: id('notification', 2), groupKey: 'import:1', userId: USERS.admin.id }),
    notification({ id: id('notification', 3), groupKey: 'dispatch:9' }),
    notification({ id: id('notification', 4) }),
  ],
  procedures: [procedure({ id: id('procedure', 1) })],
  sms_templates: [smsTemplate({ id: id('template', 1) })],
  import_batches: [importBatch({ id: id('batch', 1), createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' })],
};

const { sqlite } = openLocalDatabase(':memory:');
afterAll(() => sqlite.close());
const store = rowStore(sqlite);
for (const [table, rows] of Object.entries(ROWS) as Array<[SyncedTable, RowOf[SyncedTable][]]>) {
  for (const row of rows) store.upsert(table, row);
}
const reference = makeDb(ROWS);

const ids = (kind: string, n: number) => fc.subarray([...Array.from({ length: n }, (_, i) => id(kind, i + 1)), id(kind, 99)]);
const needs: fc.Arbitrary<Needs> = fc.record(
  {
    leads: ids('lead', 5),
    appointments: ids('appointment', 3),
    tasks: ids('task', 6),
    clients: ids('client', 3),
    notifications: ids('notification', 4),
    notificationsByGroup: fc.subarray(['import:1', 'dispatch:9', 'nothing']),
    procedures: ids('procedure', 1),
    smsTemplates: ids('template', 1),
    importBatches: ids('batch', 1),
    leadsByContact: fc.record({ phones: fc.subarray([...PHONES, '+15145550199']), emails: fc.subarray([...EMAILS, 'z@exemple.ca']) }),
    appointmentsOfLeads: ids('lead', 5),
    leadsOfAppointments: ids('appointment', 3),
    clientsOfLeads: ids('lead', 5),
    leadsOfTasks: ids('task', 6),
    openCallbacks: fc.boolean(),
    fileNumberYear: fc.constantFrom(2024, 2025, 2026),
    newIds: fc.subarray([id('lead', 1), id('lead', 4), id('task', 2), id('notification', 3), id('batch', 1), id('template', 1), USERS.admin.id, SETTINGS_ID, id('lead', 99), id('payment', 99)]),
  },
  { requiredKeys: [] },
);

describe('loadLocalState', () => {
  it('answers any Needs on any generated office as the reference loader does', () => {
    fc.assert(
      fc.property(generatedOffice, fc.array(generatedNeeds, { minLength: 1, maxLength: 4 }), (rows, needsList) => {
        const office = openLocalDatabase(':memory:').sqlite;
        try {
          const rowsHere = rowStore(office);
          for (const put of putsOfRows(rows)) rowsHere.upsert(put.table, put.row);
          for (const n of needsList) expect(plainState(loadLocalState(office, n))).toEqual(plainState(loadState(memoryOffice(rows), n)));
        } finally {
          office.close();
        }
      }),
      { numRuns: 50 },
    );
  });

  it('loads what any Needs names exactly as the reference loader does', () => {
    fc.assert(
      fc.property(needs, (n) => {
        expect(plainState(loadLocalState(sqlite, n))).toEqual(plainState(loadState(reference, n)));
      }),
      { numRuns: 300 },
    );
  });

  it('loads only the open callbacks of the leads it loaded', () => {
    const state = loadLocalState(sqlite, { leads: [id('lead', 1), id('lead', 5)], openCallbacks: true });
    expect([...state.tasks.keys()]).toEqual([id('task', 3)]);
    // Lead 4 (deleted) comes through its task; its open callback with it.
    const ofTask = loadLocalState(sqlite, { leadsOfTasks: [id('task', 6)], openCallbacks: true });
    expect([...ofTask.leads.keys()]).toEqual([id('lead', 4)]);
    expect([...ofTask.tasks.keys()]).toEqual([id('task', 6)]);
  });

  it('finds a new id taken in whatever synced table, as the reference loader does', () => {
    const { db, existing } = officeWithEveryTable();
    const office = openLocalDatabase(':memory:').sqlite;
    try {
      const rows = rowStore(office);
      for (const table of SYNCED_TABLE_NAMES) for (const row of db[table].values()) rows.upsert(table, row as never);
      const newIds = [...Object.values(existing), id('lead', 99)];
      const state = loadLocalState(office, { newIds });
      expect([...state.takenIds].sort()).toEqual(Object.values(existing).sort());
      expect(plainState(state)).toEqual(plainState(loadState(db, { newIds })));
    } finally {
      office.close();
    }
  });

  it('counts deleted clients in the last file number and finds open leads only by contact', () => {
    const state = loadLocalState(sqlite, { fileNumberYear: 2026, leadsByContact: { phones: [PHONES[0] ?? ''], emails: [EMAILS[0] ?? ''] } });
    expect(state.lastFileNumber).toBe(12);
    // Oldest first; lead 3 is a client (final), so never a duplicate target.
    expect(state.contactMatches.map((l) => l.id)).toEqual([id('lead', 2), id('lead', 1)]);
  });

  it('uses the default office settings before the first sync brought them', () => {
    const empty = openLocalDatabase(':memory:').sqlite;
    try {
      const state = loadLocalState(empty, {});
      expect(state.settings).toEqual(defaultSettings());
      expect(state.settings).toMatchObject({ id: SETTINGS_ID, timeZone: 'America/Toronto', reminderMinuteOfDay: 540 });
      expect(state.users.size).toBe(0);
    } finally {
      empty.close();
    }
  });

  it('reads rows back as the wire rows that were written (booleans, JSON, nulls)', () => {
    const puts: Put[] = [{ table: 'notifications', row: notification({ id: id('notification', 50), payload: { n: 1, nom: 'Hélène' } }) }];
    for (const put of puts) store.upsert(put.table, put.row);
    expect(loadLocalState(sqlite, { notifications: [id('notification', 50)] }).notifications.get(id('notification', 50))).toEqual(puts[0]?.row);
    expect(loadLocalState(sqlite, {}).users.get(USERS.inactive.id)).toEqual(USERS.inactive);
  });
});
