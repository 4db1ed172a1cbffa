import { SETTINGS_ID } from '../domain/entities';
import type {
  Appointment,
  Client,
  ContactAttempt,
  Evaluation,
  HistoryEntry,
  ImportBatch,
  Lead,
  Notification,
  Payment,
  Procedure,
  Settings,
  SmsMessage,
  SmsTemplate,
  Task,
  User,
} from '../domain/entities';
import type { Actor } from '../domain/mutations/types';
import { DEFAULT_REMINDER_MINUTE, DEFAULT_TIME_ZONE } from '../domain/office-time';
import type { Role } from '../domain/roles';
import { derivedId } from '../ids';

// The one place tests make rows of the office (every side: mutators, replica, server, renderer):
// a builder per entity with sensible defaults (a lead of Montréal, a counselor's appointment, a
// batch as lead.createMany leaves it…) that a test overrides field by field, one user of each role
// and the test settings. Rows reference each other by testId, so a lead's appointment, client and
// payments line up without wiring. The in-memory office that holds them is memory-office.ts.

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

/** The office's settings for tests; `settings({ … })` changes some. */
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

export function settings(overrides: Partial<Settings> = {}): Settings {
  return { ...DEFAULT_TEST_SETTINGS, ...overrides };
}

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

export function contactAttempt(overrides: Partial<ContactAttempt> & { id?: string } = {}): ContactAttempt {
  return {
    id: overrides.id ?? testId('contact', 1),
    version: 1,
    deletedAt: null,
    createdAt: EARLIER,
    leadId: testId('lead', 1),
    userId: USERS.counselor.id,
    channel: 'phone',
    outcome: 'reached',
    note: null,
    callbackAt: null,
    at: EARLIER,
    ...overrides,
  };
}

export function evaluation(overrides: Partial<Evaluation> & { id?: string } = {}): Evaluation {
  return {
    id: overrides.id ?? testId('evaluation', 1),
    version: 1,
    deletedAt: null,
    createdAt: EARLIER,
    leadId: testId('lead', 1),
    result: 'qualified',
    procedureIds: [],
    notes: 'Bon profil',
    evaluatedById: USERS.counselor.id,
    ...overrides,
  };
}

export function payment(overrides: Partial<Payment> & { id?: string } = {}): Payment {
  return {
    id: overrides.id ?? testId('payment', 1),
    version: 1,
    deletedAt: null,
    createdAt: EARLIER,
    clientId: testId('client', 1),
    leadId: testId('lead', 1),
    amountCents: 150_000,
    currency: 'CAD',
    method: 'card',
    paidAt: EARLIER,
    recordedById: USERS.counselor.id,
    ...overrides,
  };
}

export function historyEntry(overrides: Partial<HistoryEntry> & { id?: string } = {}): HistoryEntry {
  return {
    id: overrides.id ?? testId('history', 1),
    version: 1,
    deletedAt: null,
    leadId: testId('lead', 1),
    at: EARLIER,
    actorId: USERS.counselor.id,
    kind: 'updated',
    before: null,
    after: null,
    note: null,
    ...overrides,
  };
}

export function smsMessage(overrides: Partial<SmsMessage> & { id?: string } = {}): SmsMessage {
  return {
    ...stamped(overrides.id ?? testId('sms', 1)),
    leadId: testId('lead', 1),
    appointmentId: null,
    templateId: null,
    to: '+15145550199',
    body: 'Bonjour Marie, à bientôt.',
    segments: 1,
    encoding: 'UCS-2',
    state: 'queued',
    error: null,
    sentById: USERS.counselor.id,
    sentAt: null,
    deliveredAt: null,
    ...overrides,
  };
}
