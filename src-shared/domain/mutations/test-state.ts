import { isWork } from '../import-revert';
import { derivedId } from '../../ids';
import { isDuplicateTarget } from '../duplicates';
import { SETTINGS_ID, SYNCED_TABLE_NAMES } from '../entities';
import type {
  Appointment,
  Client,
  ImportBatch,
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
import { DEFAULT_REMINDER_MINUTE, DEFAULT_TIME_ZONE } from '../office-time';
import type { Role } from '../roles';
import type { MutationInput, MutationName } from './args';
import { applyPuts, loadState, memoryOffice, settingsOf, type MemoryOffice, type MemoryRows } from './memory-state';
import { perform as runPipeline } from './pipeline';
import type { Actor, MutationContext, MutatorResult, Refusal, State } from './types';

// Test support for the mutators and for later suites (sync, server): row factories, one user of
// each role and test settings, an in-memory office holding them (memory-state.ts, whose loader the
// real loaders are tested against), and `perform`, which runs a mutation end to end through the
// shared pipeline: parse, needs, load, apply. Nothing here stands in for a database under test.

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
    titleForm: null,
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
  smsProvider: 'none',
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
    smsOptOutAt: null,
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

/** A batch as lead.createMany leaves it: nothing rejected, not reverted. */
export function importBatch(overrides: Partial<ImportBatch> & { id?: string } = {}): ImportBatch {
  return {
    ...stamped(overrides.id ?? testId('batch', 1)),
    fileName: 'salon.xlsx',
    createdById: USERS.admin.id,
    rowCount: 2,
    rejectedCount: 0,
    revertedAt: null,
    revertedById: null,
    revertReason: null,
    removedCount: null,
    keptCount: null,
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

// ---- the in-memory office (memory-state.ts) ---------------------------------------------------

export type TestDb = MemoryOffice;
export type TestRows = MemoryRows;
export { applyPuts, loadState };

/** An office holding `rows`, plus USERS and the default settings unless rows of theirs are given. */
export function makeDb(rows: TestRows = {}): TestDb {
  return memoryOffice({ ...rows, users: rows.users ?? Object.values(USERS), settings: rows.settings ?? [DEFAULT_TEST_SETTINGS] });
}

/** A State holding every row given (no `needs` filtering), for tests of apply alone. */
export function makeState(rows: TestRows & { lastFileNumber?: number } = {}): State {
  const db = makeDb(rows);
  const all = <T extends { id: string }>(m: ReadonlyMap<string, T>) => new Map(m);
  return {
    users: all(db.users),
    settings: settingsOf(db),
    leads: all(db.leads),
    appointments: all(db.appointments),
    tasks: all(db.tasks),
    clients: all(db.clients),
    notifications: all(db.notifications),
    procedures: all(db.procedures),
    smsTemplates: all(db.sms_templates),
    importBatches: all(db.import_batches),
    workedLeadIds: new Set([...db.history.values()].filter((h) => isWork(h.kind)).map((h) => h.leadId)),
    contactMatches: [...db.leads.values()].filter(isDuplicateTarget),
    lastFileNumber: rows.lastFileNumber ?? 0,
    takenIds: new Set(SYNCED_TABLE_NAMES.flatMap((table) => [...db[table].keys()])),
  };
}

/** Deterministic ids, as the desktop makes them from (clientId, mutation id). */
export function testCtx(actor: Actor, now: string = NOW, seed = 'ctx'): MutationContext {
  let n = 0;
  return { actor, now, newId: () => testId(seed, ++n) };
}

/** Runs one mutation on the office as the server would: parse, needs, load, apply (pipeline.ts). */
export function perform<N extends MutationName>(
  db: TestDb,
  name: N,
  input: MutationInput<N>,
  actor: Actor | User,
  options: { now?: string; seed?: string } = {},
): MutatorResult {
  const ctx = testCtx(actorOf(actor), options.now ?? NOW, options.seed);
  return runPipeline(name, input, ctx.actor, { ...ctx, timeZone: settingsOf(db).timeZone }, (needs) => loadState(db, needs));
}

/** The puts of an applied result; throws with the refusal's message otherwise. */
export function putsOf(result: MutatorResult): Put[] {
  if (!result.ok) throw new Error(`Refusée (${result.refusal.code}) : ${result.refusal.message}`);
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
