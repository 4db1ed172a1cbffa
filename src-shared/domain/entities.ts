import { z } from 'zod';
import { LEAD_STATUSES } from './statuses';
import { ROLES, TITLE_FORMS } from './roles';

// Every synced entity as it travels (pull rows, IPC) and as the mutators see it. Column names in
// the databases are the snake_case of these; the two drizzle schemas mirror this file and a test
// keeps them equal. Instants are ISO-8601 strings in UTC; amounts are integer cents.

export const uuid = z.string().uuid({ message: 'Identifiant invalide.' });
export const instant = z.iso.datetime({ offset: true, message: 'Date et heure invalides.' });

export const LEAD_SOURCES = ['manual', 'web_form', 'import', 'referral'] as const;
export const LANGUAGES = ['fr', 'en', 'es', 'ar', 'other'] as const;
export const CONTACT_CHANNELS = ['phone', 'email', 'sms', 'in_person'] as const;
export const CONTACT_OUTCOMES = ['reached', 'no_answer', 'callback_requested', 'not_interested'] as const;
export const APPOINTMENT_KINDS = ['in_person', 'phone', 'video'] as const;
export const APPOINTMENT_STATES = ['scheduled', 'attended', 'missed', 'cancelled'] as const;
export const EVALUATION_RESULTS = ['qualified', 'not_qualified'] as const;
export const PAYMENT_METHODS = ['card', 'interac', 'cash', 'cheque', 'wire'] as const;
export const CURRENCIES = ['CAD', 'USD', 'EUR'] as const;
export const SMS_STATES = ['queued', 'sent', 'delivered', 'failed'] as const;
/** SMS_PROVIDER of the office server (server-api.md): `none` sends nothing. */
export const SMS_PROVIDERS = ['none', 'journal', 'twilio'] as const;
export type SmsProviderName = (typeof SMS_PROVIDERS)[number];
export const TASK_KINDS = ['callback', 'todo'] as const;
export const NOTIFICATION_KINDS = [
  'lead_created',
  'leads_imported',
  'leads_assigned',
  'appointment_reminder',
  'consultation_missed',
  'lead_converted',
  'dispatch_required',
  'callback_due',
  'import_reverted',
  /** A lead answered the office's SMS (OUI, NON or a message): its host is told. */
  'sms_reply',
] as const;
export const HISTORY_KINDS = [
  'created',
  'updated',
  'assigned',
  'status_changed',
  'contact_logged',
  'appointment_booked',
  'appointment_rescheduled',
  'appointment_cancelled',
  'appointment_closed',
  'evaluated',
  'converted',
  'sms_queued',
  'sms_status',
  /** An answer to the office's SMS (after.reply: confirm, rebook, stop, other; note: the text). */
  'sms_reply',
  /** The lead's number answered STOP: no SMS may go to it any more. */
  'sms_opt_out',
  'task_created',
  'task_completed',
  'task_rescheduled',
  'removed_by_import_revert',
  /** The person's personal values were replaced (issue 14: on request or by a retention rule). */
  'anonymized',
  /** A legal hold was set (note: its reason) or lifted: retention rules skip a held lead. */
  'legal_hold_set',
  'legal_hold_lifted',
] as const;

const synced = {
  id: uuid,
  version: z.number().int().nonnegative(),
  deletedAt: instant.nullable(),
};
const stamped = { ...synced, createdAt: instant, updatedAt: instant };

export const userSchema = z.object({
  ...stamped,
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  /** « Directrice » or « Directeur »: how the person's role is said; null for the role's usual word. */
  titleForm: z.enum(TITLE_FORMS).nullable(),
  active: z.boolean(),
});

export const leadSchema = z.object({
  ...stamped,
  firstName: z.string(),
  lastName: z.string(),
  /** Normalised (trimmed, lower-cased) e-mail; null when none was given. */
  email: z.string().nullable(),
  /** E.164 when the typed number could be read, else null. */
  phoneE164: z.string().nullable(),
  /** Exactly what was typed, so nothing the person gave is lost. */
  phoneRaw: z.string().nullable(),
  language: z.enum(LANGUAGES).nullable(),
  city: z.string().nullable(),
  country: z.string().nullable(),
  programOfInterest: z.string().nullable(),
  notes: z.string().nullable(),
  status: z.enum(LEAD_STATUSES),
  statusChangedAt: instant,
  assigneeId: uuid.nullable(),
  source: z.enum(LEAD_SOURCES),
  importBatchId: uuid.nullable(),
  utmSource: z.string().nullable(),
  utmMedium: z.string().nullable(),
  utmCampaign: z.string().nullable(),
  consent: z.boolean(),
  duplicateOfId: uuid.nullable(),
  callbackAt: instant.nullable(),
  createdById: uuid.nullable(),
  /**
   * When the lead's number answered STOP to the office's SMS (domain.md, "SMS"): no SMS may go to
   * it any more. Written by the office server alone; cleared when the lead's number changes.
   */
  smsOptOutAt: instant.nullable(),
});

export const historySchema = z.object({
  ...synced,
  leadId: uuid,
  at: instant,
  /** Null for what the system did itself (web form, scheduler). */
  actorId: uuid.nullable(),
  kind: z.enum(HISTORY_KINDS),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  note: z.string().nullable(),
});

export const contactAttemptSchema = z.object({
  ...synced,
  createdAt: instant,
  leadId: uuid,
  userId: uuid,
  channel: z.enum(CONTACT_CHANNELS),
  outcome: z.enum(CONTACT_OUTCOMES),
  note: z.string().nullable(),
  callbackAt: instant.nullable(),
  at: instant,
});

export const appointmentSchema = z.object({
  ...stamped,
  leadId: uuid,
  hostId: uuid,
  bookedById: uuid,
  startsAt: instant,
  endsAt: instant,
  kind: z.enum(APPOINTMENT_KINDS),
  location: z.string().nullable(),
  note: z.string().nullable(),
  state: z.enum(APPOINTMENT_STATES),
  cancelReason: z.string().nullable(),
  closedAt: instant.nullable(),
  /** Set by the server's scheduler once the day-before reminder went out; reset by a move. */
  reminderSentAt: instant.nullable(),
});

export const taskSchema = z.object({
  ...stamped,
  leadId: uuid.nullable(),
  ownerId: uuid,
  kind: z.enum(TASK_KINDS),
  title: z.string(),
  dueAt: instant,
  completedAt: instant.nullable(),
  completedById: uuid.nullable(),
  reminderSentAt: instant.nullable(),
});

export const clientSchema = z.object({
  ...stamped,
  leadId: uuid,
  /** `2026-0042`: year of conversion, then a per-year sequence that is never reused. */
  fileNumber: z.string(),
  ownerId: uuid,
  convertedAt: instant,
  convertedById: uuid,
});

export const paymentSchema = z.object({
  ...synced,
  createdAt: instant,
  clientId: uuid,
  leadId: uuid,
  amountCents: z.number().int().positive(),
  currency: z.enum(CURRENCIES),
  method: z.enum(PAYMENT_METHODS),
  paidAt: instant,
  recordedById: uuid,
});

export const evaluationSchema = z.object({
  ...synced,
  createdAt: instant,
  leadId: uuid,
  result: z.enum(EVALUATION_RESULTS),
  procedureIds: z.array(uuid),
  notes: z.string(),
  evaluatedById: uuid,
});

export const procedureSchema = z.object({
  ...stamped,
  code: z.string(),
  nameFr: z.string(),
  nameEn: z.string(),
  active: z.boolean(),
  sortOrder: z.number().int(),
});

export const smsTemplateSchema = z.object({
  ...stamped,
  key: z.string(),
  name: z.string(),
  bodyFr: z.string(),
  bodyEn: z.string(),
  active: z.boolean(),
});

export const smsMessageSchema = z.object({
  ...stamped,
  leadId: uuid,
  appointmentId: uuid.nullable(),
  templateId: uuid.nullable(),
  to: z.string(),
  body: z.string(),
  segments: z.number().int().positive(),
  encoding: z.enum(['GSM-7', 'UCS-2']),
  state: z.enum(SMS_STATES),
  error: z.string().nullable(),
  sentById: uuid,
  sentAt: instant.nullable(),
  deliveredAt: instant.nullable(),
});

export const notificationSchema = z.object({
  ...synced,
  createdAt: instant,
  /** One row per recipient: read state is per user. */
  userId: uuid,
  kind: z.enum(NOTIFICATION_KINDS),
  /** The lead the notification opens, when there is one. */
  leadId: uuid.nullable(),
  /** How many leads a grouped notification stands for (assignment batch, import). */
  count: z.number().int().nonnegative(),
  /**
   * Groups what must stay one notification per recipient (an import batch, a dispatch alert, one
   * reminder of one appointment time): at most one row per (userId, groupKey).
   */
  groupKey: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  readAt: instant.nullable(),
});

export const importBatchSchema = z.object({
  ...stamped,
  fileName: z.string(),
  createdById: uuid,
  /** Leads created by the batch, every chunk counted. */
  rowCount: z.number().int().nonnegative(),
  /** Rows of the file the import could not read (errors), as the importer reported them. */
  rejectedCount: z.number().int().nonnegative(),
  /** importBatch.revert: when, by whom and why the batch was undone; null while it stands. */
  revertedAt: instant.nullable(),
  revertedById: uuid.nullable(),
  revertReason: z.string().nullable(),
  /** What the revert did: leads removed (untouched) and kept (worked); null while it stands. */
  removedCount: z.number().int().nonnegative().nullable(),
  keptCount: z.number().int().nonnegative().nullable(),
});

/** The office's settings: one row, id SETTINGS_ID. */
export const settingsSchema = z.object({
  ...stamped,
  officeName: z.string(),
  address: z.string(),
  phone: z.string().nullable(),
  timeZone: z.string(),
  /** Minutes after local midnight at which day-before reminders go out (default 09:00). */
  reminderMinuteOfDay: z.number().int().min(0).max(1439),
  defaultLanguage: z.enum(['fr', 'en']),
  /**
   * The office server's SMS_PROVIDER, written by the server when it starts (never by a mutation),
   * so that the desktop says "aucun fournisseur SMS" before anyone types a message.
   */
  smsProvider: z.enum(SMS_PROVIDERS),
});

export const SETTINGS_ID = '00000000-0000-4000-8000-000000000001';

export type User = z.infer<typeof userSchema>;
export type Lead = z.infer<typeof leadSchema>;
export type HistoryEntry = z.infer<typeof historySchema>;
export type ContactAttempt = z.infer<typeof contactAttemptSchema>;
export type Appointment = z.infer<typeof appointmentSchema>;
export type Task = z.infer<typeof taskSchema>;
export type Client = z.infer<typeof clientSchema>;
export type Payment = z.infer<typeof paymentSchema>;
export type Evaluation = z.infer<typeof evaluationSchema>;
export type Procedure = z.infer<typeof procedureSchema>;
export type SmsTemplate = z.infer<typeof smsTemplateSchema>;
export type SmsMessage = z.infer<typeof smsMessageSchema>;
export type Notification = z.infer<typeof notificationSchema>;
export type ImportBatch = z.infer<typeof importBatchSchema>;
export type Settings = z.infer<typeof settingsSchema>;

/** The synced tables, by their wire name (pull's `{ table, row }`), with each row's schema. */
export const SYNCED_TABLES = {
  users: userSchema,
  leads: leadSchema,
  history: historySchema,
  contact_attempts: contactAttemptSchema,
  appointments: appointmentSchema,
  tasks: taskSchema,
  clients: clientSchema,
  payments: paymentSchema,
  evaluations: evaluationSchema,
  procedures: procedureSchema,
  sms_templates: smsTemplateSchema,
  sms_messages: smsMessageSchema,
  notifications: notificationSchema,
  import_batches: importBatchSchema,
  settings: settingsSchema,
} as const;

export type SyncedTable = keyof typeof SYNCED_TABLES;
export const SYNCED_TABLE_NAMES = Object.keys(SYNCED_TABLES) as SyncedTable[];

export interface RowOf {
  users: User;
  leads: Lead;
  history: HistoryEntry;
  contact_attempts: ContactAttempt;
  appointments: Appointment;
  tasks: Task;
  clients: Client;
  payments: Payment;
  evaluations: Evaluation;
  procedures: Procedure;
  sms_templates: SmsTemplate;
  sms_messages: SmsMessage;
  notifications: Notification;
  import_batches: ImportBatch;
  settings: Settings;
}

/** A whole row to write into one synced table (insert or replace by id). */
export type Put = { [T in SyncedTable]: { table: T; row: RowOf[T] } }[SyncedTable];
