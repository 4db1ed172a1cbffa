import fc from 'fast-check';
import { APPOINTMENT_STATES, SETTINGS_ID, TASK_KINDS, type Put, type SyncedTable } from '../domain/entities';
import { LEAD_STATUSES } from '../domain/statuses';
import type { MemoryRows } from '../domain/mutations/memory-state';
import { officeWithEveryTable } from './new-id-cases';
import {
  DEFAULT_TEST_SETTINGS,
  USERS,
  appointment,
  client,
  importBatch,
  lead,
  notification,
  procedure,
  smsTemplate,
  task,
  testId,
} from './builders';
import type { Needs, State } from '../domain/mutations/types';

// Test support for the loaders' property tests (src-main/db/state-loader.test.ts on SQLite,
// src-server/sync/state-loader.test.ts on PGlite and PostgreSQL): small generated offices — rows
// drawn from a few ids each, with the fields the loaders select on varied (deleted or not, final
// status or not, shared phones and e-mails, open or closed callbacks, file numbers of two years,
// grouped notifications, settings row present or not) — and generated Needs naming present and
// absent rows under every key. A loader must answer each Needs as memory-state.ts's reference does.

const pool = (kind: string, n: number) => Array.from({ length: n }, (_, i) => testId(kind, `gen-${i + 1}`));
/** An id of each kind that no generated row has. */
const absent = (kind: string) => testId(kind, 'gen-absent');

const LEADS = pool('lead', 6);
const APPOINTMENTS = pool('appointment', 4);
const TASKS = pool('task', 6);
const CLIENTS = pool('client', 4);
const NOTIFICATIONS = pool('notification', 6);
const PROCEDURES = pool('procedure', 2);
const TEMPLATES = pool('template', 2);
const BATCHES = pool('batch', 2);
const HISTORY = pool('history', 6);
/** Work-free kinds and kinds that are work (import-revert.ts): a batch's worked leads vary. */
const HISTORY_KINDS = ['created', 'assigned', 'updated', 'contact_logged'] as const;
const PHONES = ['+15145550101', '+15145550102', '+15145550103'];
const EMAILS = ['a@exemple.ca', 'b@exemple.ca', 'c@exemple.ca'];
const GROUPS = ['import:1', 'dispatch:9'];
/** Equal creation times are frequent: contact matches are then ordered by id. */
const CREATED = ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z'];
const WHEN = '2026-02-01T00:00:00.000Z';
const deletedAt = fc.constantFrom<string | null>(null, null, WHEN);

/** Rows of the tables no Needs loads by id (history, payments, …): ids that `newIds` may name. */
let others: MemoryRows | undefined;
function otherRows(): MemoryRows {
  if (others === undefined) {
    const { db } = officeWithEveryTable();
    const tables: SyncedTable[] = ['history', 'contact_attempts', 'payments', 'evaluations', 'sms_messages'];
    others = Object.fromEntries(tables.map((table) => [table, [...db[table].values()]])) as MemoryRows;
  }
  return others;
}

/** Each id of `ids` holds a row or not. */
function someOf<T>(ids: readonly string[], row: (id: string, index: number) => fc.Arbitrary<T>): fc.Arbitrary<T[]> {
  return fc
    .tuple(...ids.map((id, index) => fc.option(row(id, index), { nil: undefined })))
    .map((rows) => rows.filter((r): r is T => r !== undefined));
}


/** A small office, every unique index of the server's schema respected. */
export const generatedOffice: fc.Arbitrary<MemoryRows> = fc
  .record({
    settings: fc.boolean(),
    leads: someOf(LEADS, (id) =>
      fc
        .record({
          phoneE164: fc.constantFrom(null, ...PHONES),
          email: fc.constantFrom(null, ...EMAILS),
          status: fc.constantFrom(...LEAD_STATUSES),
          deletedAt,
          createdAt: fc.constantFrom(...CREATED),
          importBatchId: fc.constantFrom(null, ...BATCHES),
        })
        .map((fields) => lead({ id, ...fields })),
    ),
    appointments: someOf(APPOINTMENTS, (id) =>
      fc
        .record({ leadId: fc.constantFrom(...LEADS, absent('lead')), state: fc.constantFrom(...APPOINTMENT_STATES), deletedAt })
        .map((fields) => appointment({ id, ...fields })),
    ),
    tasks: someOf(TASKS, (id) =>
      fc
        .record({
          leadId: fc.constantFrom(null, ...LEADS),
          kind: fc.constantFrom(...TASK_KINDS),
          completedAt: fc.constantFrom<string | null>(null, WHEN),
          deletedAt,
        })
        .map((fields) => task({ id, ...fields })),
    ),
    clients: someOf(CLIENTS, (id, index) =>
      fc
        .record({ leadId: fc.constantFrom(...LEADS), year: fc.constantFrom(2025, 2026), seq: fc.integer({ min: 0, max: 9 }), deletedAt })
        // Distinct sequences per client: file numbers are unique.
        .map(({ year, seq, ...fields }) => client({ id, ...fields, fileNumber: `${year}-${String(10 * (index + 1) + seq).padStart(4, '0')}` })),
    ),
    notifications: someOf(NOTIFICATIONS, (id) =>
      fc
        .record({ userId: fc.constantFrom(USERS.counselor.id, USERS.admin.id), groupKey: fc.constantFrom(null, ...GROUPS), deletedAt })
        .map((fields) => notification({ id, ...fields })),
    ),
    procedures: someOf(PROCEDURES, (id) => deletedAt.map((d) => procedure({ id, deletedAt: d }))),
    sms_templates: someOf(TEMPLATES, (id) => deletedAt.map((d) => smsTemplate({ id, deletedAt: d }))),
    import_batches: someOf(BATCHES, (id) => deletedAt.map((d) => importBatch({ id, deletedAt: d, createdAt: CREATED[0]!, updatedAt: CREATED[0]! }))),
    history: someOf(HISTORY, (id) =>
      fc.record({ leadId: fc.constantFrom(...LEADS), kind: fc.constantFrom(...HISTORY_KINDS) }).map((fields) => ({
        id,
        version: 1,
        deletedAt: null,
        at: WHEN,
        actorId: USERS.admin.id,
        before: null,
        after: null,
        note: null,
        ...fields,
      })),
    ),
  })
  .map(({ settings, notifications, history, ...rows }) => {
    // One notification per (user, group): the unique index the grouped alerts rely on.
    const groups = new Set<string>();
    const unique = notifications.filter((n) => {
      if (n.groupKey === null) return true;
      const key = `${n.userId}:${n.groupKey}`;
      return groups.has(key) ? false : (groups.add(key), true);
    });
    return {
      ...otherRows(),
      ...rows,
      history: [...(otherRows().history ?? []), ...history],
      notifications: unique,
      users: Object.values(USERS),
      settings: settings ? [DEFAULT_TEST_SETTINGS] : [],
    };
  });

/** The rows as puts, for a writer (the server's writePuts, the replica's row store). */
export function putsOfRows(rows: MemoryRows): Put[] {
  return Object.entries(rows).flatMap(([table, list]) => (list as Put['row'][]).map((row) => ({ table, row }) as Put));
}

/** The puts back as rows by table (what was written, with the writer's versions). */
export function rowsOfPuts(puts: readonly Put[]): MemoryRows {
  const rows: Record<string, Put['row'][]> = {};
  for (const put of puts) (rows[put.table] ??= []).push(put.row);
  return rows as MemoryRows;
}

const ids = (list: readonly string[], kind: string) => fc.array(fc.constantFrom(...list, absent(kind)), { maxLength: 4 });

/** Every key of Needs, so a key added to the contract without a generator here fails to compile. */
const NEEDS_PARTS: { [K in keyof Needs]-?: fc.Arbitrary<NonNullable<Needs[K]>> } = {
  leads: ids(LEADS, 'lead'),
  appointments: ids(APPOINTMENTS, 'appointment'),
  tasks: ids(TASKS, 'task'),
  clients: ids(CLIENTS, 'client'),
  notifications: ids(NOTIFICATIONS, 'notification'),
  notificationsByGroup: fc.subarray([...GROUPS, 'nothing']),
  procedures: ids(PROCEDURES, 'procedure'),
  smsTemplates: ids(TEMPLATES, 'template'),
  importBatches: ids(BATCHES, 'batch'),
  leadsOfImportBatches: ids(BATCHES, 'batch'),
  leadsByContact: fc.record({ phones: fc.subarray([...PHONES, '+15145550199']), emails: fc.subarray([...EMAILS, 'z@exemple.ca']) }),
  appointmentsOfLeads: ids(LEADS, 'lead'),
  leadsOfAppointments: ids(APPOINTMENTS, 'appointment'),
  leadsOfTasks: ids(TASKS, 'task'),
  clientsOfLeads: ids(LEADS, 'lead'),
  openCallbacks: fc.boolean(),
  fileNumberYear: fc.constantFrom(2024, 2025, 2026),
  newIds: fc.array(
    fc.constantFrom(
      ...[LEADS, APPOINTMENTS, TASKS, CLIENTS, NOTIFICATIONS, PROCEDURES, TEMPLATES, BATCHES].map((list) => list[0]!),
      absent('lead'),
      absent('payment'),
      USERS.admin.id,
      SETTINGS_ID,
      ...['history', 'contact_attempts', 'payments', 'evaluations', 'sms_messages'].map((table) => otherRows()[table as SyncedTable]![0]!.id),
    ),
    { maxLength: 5 },
  ),
};

/** Any Needs over the generated offices' ids: each key present or not. */
export const generatedNeeds: fc.Arbitrary<Needs> = fc.record(NEEDS_PARTS, { requiredKeys: [] });

/** A State as plain sorted data, so that two can be compared. */
export function plainState(state: State) {
  const sorted = <T extends { id: string }>(m: ReadonlyMap<string, T>) => [...m.values()].sort((a, b) => a.id.localeCompare(b.id));
  return {
    users: sorted(state.users),
    settings: state.settings,
    leads: sorted(state.leads),
    appointments: sorted(state.appointments),
    tasks: sorted(state.tasks),
    clients: sorted(state.clients),
    notifications: sorted(state.notifications),
    procedures: sorted(state.procedures),
    smsTemplates: sorted(state.smsTemplates),
    importBatches: sorted(state.importBatches),
    contactMatches: state.contactMatches,
    lastFileNumber: state.lastFileNumber,
    takenIds: [...state.takenIds].sort(),
    workedLeadIds: [...state.workedLeadIds].sort(),
  };
}
