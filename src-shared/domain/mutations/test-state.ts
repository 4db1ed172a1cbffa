import { derivedId } from '../../ids';
import { SETTINGS_ID } from '../entities';
import type {
  Appointment,
  Client,
  Lead,
  Notification,
  Procedure,
  Put,
  RowOf,
  Settings,
  SmsTemplate,
  SyncedTable,
  Task,
  User,
} from '../entities';
import { highestFileSeq } from '../file-number';
import { DEFAULT_REMINDER_MINUTE, DEFAULT_TIME_ZONE } from '../office-time';
import type { Role } from '../roles';
import { isFinal } from '../statuses';
import type { MutationArgs, MutationInput, MutationName } from './args';
import { mutationNeeds, parseMutation, runMutator } from './registry';
import type { Actor, MutationContext, MutatorResult, Needs, Refusal, State } from './types';

// Test support for the mutators and for later suites (sync, server): an in-memory office — rows
// by table — with one user of each role and default settings, a loader that answers a mutator's
// `needs` the way the real loaders do (deleted rows included, contact matches only among open
// leads), and `perform`, which runs a mutation end to end: parse, needs, load, apply. Not a mock
// of any repository: nothing here stands in for a database under test.

/** A moment in office hours (10:00 in Montréal, winter time). */
export const NOW = '2026-03-10T15:00:00.000Z';
/** When the default rows were made: before NOW. */
export const EARLIER = '2026-03-01T12:00:00.000Z';

export function testId(kind: string, n: number | string): string {
  return derivedId('test', `${kind}:${n}`);
}

export function user(name: string, role: Role, overrides: Partial<User> = {}): User {
  const key = name.toLowerCase().replace(/\s+/g, '.');
  return {
    id: testId('user', key),
    version: 1,
    deletedAt: null,
    createdAt: EARLIER,
    updatedAt: EARLIER,
    email: `${key}@bureau.test`,
    name,
    role,
    active: true,
    ...overrides,
  };
}

/** One user of each role, a second counselor and secretary, and an inactive counselor. */
export const USERS = {
  admin: user('Alain Admin', 'admin'),
  director: user('Diane Directrice', 'director'),
  counselor: user('Marie Conseillère', 'counselor'),
  counselor2: user('Julie Conseillère', 'counselor'),
  secretary: user('Sophie Secrétaire', 'secretary'),
  secretary2: user('Sarah Secrétaire', 'secretary'),
  inactive: user('Inès Inactive', 'counselor', { active: false }),
} as const;

export function actorOf(u: Pick<User, 'id'> & { role: Actor['role'] }): Actor {
  return { id: u.id, role: u.role };
}

export const DEFAULT_TEST_SETTINGS: Settings = {
  id: SETTINGS_ID,
  version: 1,
  deletedAt: null,
  createdAt: EARLIER,
  updatedAt: EARLIER,
  officeName: 'Bureau Test',
  address: '1000 rue Sherbrooke Ouest, Montréal',
  phone: '+15145550000',
  timeZone: DEFAULT_TIME_ZONE,
  reminderMinuteOfDay: DEFAULT_REMINDER_MINUTE,
  defaultLanguage: 'fr',
};

function stamped(id: string) {
  return { id, version: 1, deletedAt: null, createdAt: EARLIER, updatedAt: EARLIER };
}

export function lead(overrides: Partial<Lead> & { id?: string } = {}): Lead {
  return {
    ...stamped(overrides.id ?? testId('lead', 1)),
    firstName: 'Marie',
    lastName: 'Tremblay',
    email: null,
    phoneE164: null,
    phoneRaw: null,
    language: 'fr',
    city: 'Montréal',
    country: 'Canada',
    programOfInterest: null,
    notes: null,
    status: 'new',
    statusChangedAt: EARLIER,
    assigneeId: null,
    source: 'manual',
    importBatchId: null,
    utmSource: null,
    utmMedium: null,
    utmCampaign: null,
    consent: false,
    duplicateOfId: null,
    callbackAt: null,
    createdById: USERS.admin.id,
    ...overrides,
  };
}

export function appointment(overrides: Partial<Appointment> & { id?: string } = {}): Appointment {
  return {
    ...stamped(overrides.id ?? testId('appointment', 1)),
    leadId: testId('lead', 1),
    hostId: USERS.counselor.id,
    bookedById: USERS.counselor.id,
    startsAt: '2026-03-12T14:00:00.000Z',
    endsAt: '2026-03-12T15:00:00.000Z',
    kind: 'in_person',
    location: null,
    note: null,
    state: 'scheduled',
    cancelReason: null,
    closedAt: null,
    reminderSentAt: null,
    ...overrides,
  };
}

export function client(overrides: Partial<Client> & { id?: string } = {}): Client {
  return {
    ...stamped(overrides.id ?? testId('client', 1)),
    leadId: testId('lead', 1),
    fileNumber: '2026-0001',
    ownerId: USERS.counselor.id,
    convertedAt: EARLIER,
    convertedById: USERS.counselor.id,
    ...overrides,
  };
}

export function task(overrides: Partial<Task> & { id?: string } = {}): Task {
  return {
    ...stamped(overrides.id ?? testId('task', 1)),
    leadId: null,
    ownerId: USERS.counselor.id,
    kind: 'todo',
    title: 'Préparer le dossier',
    dueAt: '2026-03-11T14:00:00.000Z',
    completedAt: null,
    completedById: null,
    reminderSentAt: null,
    ...overrides,
  };
}

export function notification(overrides: Partial<Notification> & { id?: string } = {}): Notification {
  return {
    id: overrides.id ?? testId('notification', 1),
    version: 1,
    deletedAt: null,
    createdAt: EARLIER,
    userId: USERS.counselor.id,
    kind: 'lead_created',
    leadId: null,
    count: 1,
    groupKey: null,
    payload: {},
    readAt: null,
    ...overrides,
  };
}

export function procedure(overrides: Partial<Procedure> & { id?: string } = {}): Procedure {
  return {
    ...stamped(overrides.id ?? testId('procedure', 'ee')),
    code: 'EE',
    nameFr: 'Entrée express',
    nameEn: 'Express Entry',
    active: true,
    sortOrder: 1,
    ...overrides,
  };
}

export function smsTemplate(overrides: Partial<SmsTemplate> & { id?: string } = {}): SmsTemplate {
  return {
    ...stamped(overrides.id ?? testId('template', 'confirmation')),
    key: 'confirmation',
    name: 'Confirmation du rendez-vous',
    bodyFr: 'Bonjour {prenom}, rendez-vous le {date} à {heure}. {bureau}',
    bodyEn: 'Hello {prenom}, appointment on {date} at {heure}. {bureau}',
    active: true,
    ...overrides,
  };
}

// ---- the in-memory office ----------------------------------------------------------------------

export type TestDb = { [T in SyncedTable]: Map<string, RowOf[T]> };
export type TestRows = { [T in SyncedTable]?: readonly RowOf[T][] };

const TABLES: readonly SyncedTable[] = [
  'users',
  'leads',
  'history',
  'contact_attempts',
  'appointments',
  'tasks',
  'clients',
  'payments',
  'evaluations',
  'procedures',
  'sms_templates',
  'sms_messages',
  'notifications',
  'import_batches',
  'settings',
];

/** An office holding `rows`, plus USERS and the default settings unless rows of theirs are given. */
export function makeDb(rows: TestRows = {}): TestDb {
  const db = Object.fromEntries(TABLES.map((table) => [table, new Map()])) as TestDb;
  const withDefaults: TestRows = {
    ...rows,
    users: rows.users ?? Object.values(USERS),
    settings: rows.settings ?? [DEFAULT_TEST_SETTINGS],
  };
  for (const table of TABLES) {
    for (const row of withDefaults[table] ?? []) (db[table] as Map<string, { id: string }>).set(row.id, row);
  }
  return db;
}

/**
 * A copy of `db` with `puts` written (insert or replace by id), as a writer would: each written
 * row gets a version above the one it replaces (the real writers use one office-wide counter).
 */
export function applyPuts(db: TestDb, puts: readonly Put[]): TestDb {
  const next = Object.fromEntries(
    TABLES.map((table) => [table, new Map<string, unknown>(db[table] as Map<string, unknown>)]),
  ) as unknown as TestDb;
  for (const put of puts) {
    const rows = next[put.table] as Map<string, { id: string; version: number }>;
    rows.set(put.row.id, { ...put.row, version: (rows.get(put.row.id)?.version ?? 0) + 1 });
  }
  return next;
}

function pick<T>(rows: ReadonlyMap<string, T>, ids: readonly string[] | undefined): Map<string, T> {
  const found = new Map<string, T>();
  for (const id of ids ?? []) {
    const row = rows.get(id);
    if (row !== undefined) found.set(id, row);
  }
  return found;
}

function where<T extends { id: string }>(rows: ReadonlyMap<string, T>, test: (row: T) => boolean, into: Map<string, T>): void {
  for (const row of rows.values()) if (test(row)) into.set(row.id, row);
}

/** What the loaders give a mutator for `needs` (src-main/db/state-loader.ts does the same on SQLite). */
export function loadState(db: TestDb, needs: Needs): State {
  const leads = pick(db.leads, needs.leads);
  const ofAppointments = new Set(needs.leadsOfAppointments ?? []);
  for (const a of db.appointments.values()) {
    const row = ofAppointments.has(a.id) ? db.leads.get(a.leadId) : undefined;
    if (row) leads.set(row.id, row);
  }
  const ofTasks = new Set(needs.leadsOfTasks ?? []);
  for (const t of db.tasks.values()) {
    const row = ofTasks.has(t.id) && t.leadId !== null ? db.leads.get(t.leadId) : undefined;
    if (row) leads.set(row.id, row);
  }
  const appointments = pick(db.appointments, needs.appointments);
  const ofLeads = new Set(needs.appointmentsOfLeads ?? []);
  where(db.appointments, (a) => ofLeads.has(a.leadId), appointments);
  const tasks = pick(db.tasks, needs.tasks);
  if (needs.openCallbacks) {
    where(db.tasks, (t) => t.leadId !== null && leads.has(t.leadId) && t.kind === 'callback' && t.completedAt === null && t.deletedAt === null, tasks);
  }
  const clients = pick(db.clients, needs.clients);
  const clientLeads = new Set(needs.clientsOfLeads ?? []);
  where(db.clients, (c) => clientLeads.has(c.leadId), clients);
  const notifications = pick(db.notifications, needs.notifications);
  const groups = new Set(needs.notificationsByGroup ?? []);
  where(db.notifications, (n) => n.groupKey !== null && groups.has(n.groupKey), notifications);

  const phones = new Set(needs.leadsByContact?.phones ?? []);
  const emails = new Set(needs.leadsByContact?.emails ?? []);
  const contactMatches = [...db.leads.values()]
    .filter(
      (l) =>
        l.deletedAt === null &&
        !isFinal(l.status) &&
        ((l.phoneE164 !== null && phones.has(l.phoneE164)) || (l.email !== null && emails.has(l.email))),
    )
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const year = needs.fileNumberYear;
  const fileNumbers = [...db.clients.values()].map((c) => c.fileNumber);

  return {
    users: new Map(db.users),
    settings: db.settings.get(SETTINGS_ID) ?? DEFAULT_TEST_SETTINGS,
    leads,
    appointments,
    tasks,
    clients,
    notifications,
    procedures: pick(db.procedures, needs.procedures),
    smsTemplates: pick(db.sms_templates, needs.smsTemplates),
    importBatches: pick(db.import_batches, needs.importBatches),
    contactMatches,
    lastFileNumber: year === undefined ? 0 : highestFileSeq(year, fileNumbers),
    takenIds: new Set((needs.newIds ?? []).filter((id) => TABLES.some((table) => db[table].has(id)))),
  };
}

/** A State holding every row given (no `needs` filtering), for tests of apply alone. */
export function makeState(rows: TestRows & { lastFileNumber?: number } = {}): State {
  const db = makeDb(rows);
  const all = <T extends { id: string }>(m: ReadonlyMap<string, T>) => new Map(m);
  return {
    users: all(db.users),
    settings: db.settings.get(SETTINGS_ID) ?? DEFAULT_TEST_SETTINGS,
    leads: all(db.leads),
    appointments: all(db.appointments),
    tasks: all(db.tasks),
    clients: all(db.clients),
    notifications: all(db.notifications),
    procedures: all(db.procedures),
    smsTemplates: all(db.sms_templates),
    importBatches: all(db.import_batches),
    contactMatches: [...db.leads.values()].filter((l) => l.deletedAt === null && !isFinal(l.status)),
    lastFileNumber: rows.lastFileNumber ?? 0,
    takenIds: new Set(TABLES.flatMap((table) => [...db[table].keys()])),
  };
}

/** Deterministic ids, as the desktop makes them from (clientId, mutation id). */
export function testCtx(actor: Actor, now: string = NOW, seed = 'ctx'): MutationContext {
  let n = 0;
  return { actor, now, newId: () => testId(seed, ++n) };
}

/** Runs one mutation on the office as the server would: parse, needs, load, apply. */
export function perform<N extends MutationName>(
  db: TestDb,
  name: N,
  input: MutationInput<N>,
  actor: Actor | User,
  options: { now?: string; seed?: string } = {},
): MutatorResult {
  const parsed = parseMutation(name, input);
  if (!parsed.ok) return { ok: false, refusal: parsed.refusal };
  const who = actorOf(actor);
  const ctx = testCtx(who, options.now ?? NOW, options.seed);
  const settings = db.settings.get(SETTINGS_ID) ?? DEFAULT_TEST_SETTINGS;
  const args = parsed.args as MutationArgs<N>;
  const needs = mutationNeeds(name, args, who, { now: ctx.now, timeZone: settings.timeZone });
  return runMutator(name, args, loadState(db, needs), ctx);
}

/** The puts of an applied result; throws with the refusal's message otherwise. */
export function putsOf(result: MutatorResult): Put[] {
  if (!result.ok) throw new Error(`Refusée (${result.refusal.code}) : ${result.refusal.message}`);
  return result.puts;
}

/** The refusal of a refused result; throws otherwise. */
export function refusalOf(result: MutatorResult): Refusal {
  if (result.ok) throw new Error(`Appliquée (${result.puts.length} écritures) alors qu’un refus était attendu.`);
  return result.refusal;
}

/** The rows written into one table. */
export function rowsIn<T extends SyncedTable>(puts: readonly Put[], table: T): RowOf[T][] {
  return puts.filter((p) => p.table === table).map((p) => p.row as RowOf[T]);
}
