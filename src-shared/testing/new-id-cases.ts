import { SETTINGS_ID, SYNCED_TABLE_NAMES, type SyncedTable, type User } from '../domain/entities';
import type { MutationInput, MutationName } from '../domain/mutations/args';
import { ID_TAKEN } from '../domain/mutations/effects';
import { NOW, USERS, lead, procedure, smsTemplate, testId } from './builders';
import { applyPuts, makeDb, perform, putsOf, type TestDb } from './memory-office';
import type { Refusal } from '../domain/mutations/types';

// Test support for "a new row never takes an existing id" (issue 8, point 1), walked by the
// mutator tests (in memory), the desktop replica's and the office server's (PGlite, PostgreSQL):
// an office holding other people's rows in every synced table, and every place of the catalogue
// where the caller chooses the id of a row the mutation creates, with arguments otherwise valid.

const HOUR = 3600_000;
const later = (hours: number) => new Date(Date.parse(NOW) + hours * HOUR).toISOString();

/** The counselor's own leads, one in each status a creating mutation starts from. */
export const MINE = {
  open: testId('lead', 'mine-open'),
  done: testId('lead', 'mine-done'),
  qualified: testId('lead', 'mine-qualified'),
} as const;

/** Julie's leads, on which the administrator makes the rows the counselor's ids will clash with. */
const THEIRS = {
  open: testId('lead', 'theirs-open'),
  done: testId('lead', 'theirs-done'),
  qualified: testId('lead', 'theirs-qualified'),
} as const;

const ROW = {
  contact: testId('contact', 'theirs'),
  appointment: testId('appointment', 'theirs'),
  task: testId('task', 'theirs'),
  evaluation: testId('evaluation', 'theirs'),
  client: testId('client', 'theirs'),
  payment: testId('payment', 'theirs'),
  sms: testId('sms', 'theirs'),
  batch: testId('batch', 'theirs'),
  imported: testId('lead', 'theirs-imported'),
} as const;

export interface OfficeWithEveryTable {
  db: TestDb;
  /** One row of each synced table that is not the counselor's: the ids the cases reuse. */
  existing: Record<SyncedTable, string>;
}

/** The office, made the way an office is made: seed rows, then the administrator's mutations. */
export function officeWithEveryTable(): OfficeWithEveryTable {
  const counselor = USERS.counselor.id;
  const julie = USERS.counselor2.id;
  let db = makeDb({
    leads: [
      lead({ id: MINE.open, assigneeId: counselor, lastName: 'Ouvert' }),
      lead({ id: MINE.done, assigneeId: counselor, status: 'consultation_done', lastName: 'Consulté' }),
      lead({ id: MINE.qualified, assigneeId: counselor, status: 'qualified', lastName: 'Qualifié' }),
      lead({ id: THEIRS.open, assigneeId: julie, lastName: 'Autre' }),
      lead({ id: THEIRS.done, assigneeId: julie, status: 'consultation_done', lastName: 'Autre consulté' }),
      lead({ id: THEIRS.qualified, assigneeId: julie, status: 'qualified', lastName: 'Autre qualifié' }),
    ],
    procedures: [procedure()],
    sms_templates: [smsTemplate()],
  });
  const steps: Array<{ [N in MutationName]: [N, MutationInput<N>] }[MutationName]> = [
    ['lead.logContact', { id: ROW.contact, leadId: THEIRS.open, channel: 'phone', outcome: 'reached' }],
    [
      'appointment.book',
      { id: ROW.appointment, leadId: THEIRS.open, hostId: julie, startsAt: later(24), endsAt: later(25), kind: 'in_person' },
    ],
    ['task.create', { id: ROW.task, leadId: THEIRS.open, ownerId: julie, dueAt: later(30), title: 'Préparer le dossier' }],
    ['lead.evaluate', { id: ROW.evaluation, leadId: THEIRS.done, result: 'not_qualified', procedureIds: [], notes: '' }],
    [
      'lead.convert',
      {
        leadId: THEIRS.qualified,
        clientId: ROW.client,
        paymentId: ROW.payment,
        ownerId: julie,
        payment: { amountCents: 125_000, method: 'card', paidAt: NOW },
      },
    ],
    ['sms.send', { id: ROW.sms, leadId: THEIRS.open, to: '514 555-0142', body: 'Bonjour, ici le cabinet.' }],
    ['lead.createMany', { importBatchId: ROW.batch, fileName: 'salon.xlsx', leads: [{ id: ROW.imported, lastName: 'Roy', source: 'import' }] }],
  ];
  for (const [name, args] of steps) {
    db = applyPuts(db, putsOf(perform(db, name as MutationName, args as never, USERS.admin, { seed: name })));
  }
  const any = (table: SyncedTable) => {
    const first = [...db[table].keys()][0];
    if (first === undefined) throw new Error(`aucune ligne dans ${table}`);
    return first;
  };
  const existing: Record<SyncedTable, string> = {
    users: julie,
    leads: THEIRS.open,
    history: any('history'),
    contact_attempts: ROW.contact,
    appointments: ROW.appointment,
    tasks: ROW.task,
    clients: ROW.client,
    payments: ROW.payment,
    evaluations: ROW.evaluation,
    procedures: procedure().id,
    sms_templates: smsTemplate().id,
    sms_messages: ROW.sms,
    notifications: any('notifications'),
    import_batches: ROW.batch,
    settings: SETTINGS_ID,
  };
  for (const table of SYNCED_TABLE_NAMES) {
    if (!db[table].has(existing[table])) throw new Error(`${table} : ${existing[table]} absente`);
  }
  return { db, existing };
}

export interface NewIdCase {
  name: MutationName;
  /** Which argument is the new row's id. */
  field: string;
  /** The table the new row goes to. */
  table: SyncedTable;
  as: User;
  /**
   * An existing row of the same table is not a clash but the mutation's own update path (an upsert
   * of the catalogue, a further chunk of the same import): only other tables' ids are refused.
   */
  sameTableUpdates?: boolean;
  /** The mutation's args, valid in officeWithEveryTable(), with `id` for the new row. */
  args: (id: string) => unknown;
  /** The refusal's message when it is not ID_TAKEN's alone (an import names its row). */
  message?: string;
}

const fresh = (what: string) => testId('fresh', what);

/** Every id of the catalogue a caller chooses for a row the mutation creates. */
export const NEW_ID_CASES: readonly NewIdCase[] = [
  {
    name: 'lead.create',
    field: 'id',
    table: 'leads',
    as: USERS.counselor,
    args: (id) => ({ id, lastName: 'Nouveau', source: 'manual' }),
  },
  {
    name: 'lead.createMany',
    field: 'leads[].id',
    table: 'leads',
    as: USERS.admin,
    args: (id) => ({ importBatchId: fresh('batch'), fileName: 'liste.xlsx', leads: [{ id, lastName: 'Morin', source: 'import' }] }),
    message: `Ligne 1 (Morin) : ${ID_TAKEN.message}`,
  },
  {
    name: 'lead.createMany',
    field: 'importBatchId',
    table: 'import_batches',
    as: USERS.admin,
    sameTableUpdates: true,
    args: (id) => ({ importBatchId: id, fileName: 'liste.xlsx', leads: [{ id: fresh('batch-lead'), lastName: 'Morin', source: 'import' }] }),
  },
  {
    name: 'lead.logContact',
    field: 'id',
    table: 'contact_attempts',
    as: USERS.counselor,
    args: (id) => ({ id, leadId: MINE.open, channel: 'phone', outcome: 'reached' }),
  },
  {
    name: 'appointment.book',
    field: 'id',
    table: 'appointments',
    as: USERS.counselor,
    args: (id) => ({ id, leadId: MINE.open, hostId: USERS.counselor.id, startsAt: later(48), endsAt: later(49), kind: 'video' }),
  },
  {
    name: 'lead.evaluate',
    field: 'id',
    table: 'evaluations',
    as: USERS.counselor,
    args: (id) => ({ id, leadId: MINE.done, result: 'not_qualified', procedureIds: [], notes: 'Profil incomplet' }),
  },
  {
    name: 'lead.convert',
    field: 'clientId',
    table: 'clients',
    as: USERS.counselor,
    args: (id) => ({
      leadId: MINE.qualified,
      clientId: id,
      paymentId: fresh('payment'),
      ownerId: USERS.counselor.id,
      payment: { amountCents: 90_000, method: 'interac', paidAt: NOW },
    }),
  },
  {
    name: 'lead.convert',
    field: 'paymentId',
    table: 'payments',
    as: USERS.counselor,
    args: (id) => ({
      leadId: MINE.qualified,
      clientId: fresh('client'),
      paymentId: id,
      ownerId: USERS.counselor.id,
      payment: { amountCents: 90_000, method: 'interac', paidAt: NOW },
    }),
  },
  {
    name: 'task.create',
    field: 'id',
    table: 'tasks',
    as: USERS.counselor,
    args: (id) => ({ id, leadId: MINE.open, ownerId: USERS.counselor.id, dueAt: later(72), title: 'Relire le dossier' }),
  },
  {
    name: 'sms.send',
    field: 'id',
    table: 'sms_messages',
    as: USERS.counselor,
    args: (id) => ({ id, leadId: MINE.open, to: '514 555-0199', body: 'Bonjour, ici Marie du cabinet.' }),
  },
  {
    name: 'procedure.upsert',
    field: 'id',
    table: 'procedures',
    as: USERS.director,
    sameTableUpdates: true,
    args: (id) => ({ id, code: 'PVT', nameFr: 'Programme vacances-travail', nameEn: 'Working holiday' }),
  },
  {
    name: 'smsTemplate.upsert',
    field: 'id',
    table: 'sms_templates',
    as: USERS.director,
    sameTableUpdates: true,
    args: (id) => ({ id, key: 'relance', name: 'Relance', bodyFr: 'Bonjour {prenom}.', bodyEn: 'Hello {prenom}.' }),
  },
];

/** The mutations that create no row under an id of the caller's (derived rows only, or none). */
export const NO_NEW_IDS: readonly MutationName[] = [
  'importBatch.revert',
  'lead.update',
  'lead.assign',
  'lead.setStatus',
  'appointment.reschedule',
  'appointment.cancel',
  'appointment.close',
  'task.complete',
  'task.reschedule',
  'notification.markRead',
  'settings.update',
];

/** The refusal `c` must answer for an existing id. */
export function takenRefusal(c: NewIdCase): Refusal {
  return { code: ID_TAKEN.code, message: c.message ?? ID_TAKEN.message };
}

/** The tables whose existing id `c` must refuse. */
export function clashingTables(c: NewIdCase): SyncedTable[] {
  return SYNCED_TABLE_NAMES.filter((table) => !(c.sameTableUpdates && table === c.table));
}

/** The id the control run of `c` uses: new everywhere. */
export function freshIdFor(c: NewIdCase): string {
  return fresh(`${c.name}:${c.field}`);
}
