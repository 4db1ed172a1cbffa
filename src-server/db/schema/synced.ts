import { index, pgTable, text, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import {
  APPOINTMENT_KINDS,
  APPOINTMENT_STATES,
  CONTACT_CHANNELS,
  CONTACT_OUTCOMES,
  CURRENCIES,
  EVALUATION_RESULTS,
  HISTORY_KINDS,
  LANGUAGES,
  LEAD_SOURCES,
  NOTIFICATION_KINDS,
  PAYMENT_METHODS,
  SMS_PROVIDERS,
  SMS_STATES,
  TASK_KINDS,
  type Settings,
  type SmsMessage,
} from '~shared/domain/entities';
import { LEAD_STATUSES } from '~shared/domain/statuses';
import { ROLES, TITLE_FORMS } from '~shared/domain/roles';
import { boolColumn, instantColumn, intColumn, jsonColumn, stampedColumns, syncedColumns, uuidColumn } from './columns';

// The office's copy of every synced entity (src-shared/domain/entities.ts, SYNCED_TABLES): same
// table names, columns the snake_case of the fields, mirrored by src-main/db/schema. Every table is
// indexed on `version`: pull reads `version > cursor order by version` from each. No foreign keys
// between synced tables: a mutator's puts come in whatever order it builds them, and the rules
// (src-shared mutators, run here against current rows) are what keeps references right.

const versionIndex = (table: string, version: AnyPgColumn) => index(`${table}_version_idx`).on(version);

export const users = pgTable(
  'users',
  {
    ...stampedColumns(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    titleForm: text('title_form', { enum: TITLE_FORMS }),
    active: boolColumn('active').notNull(),
  },
  (t) => [
    versionIndex('users', t.version),
    // One account per e-mail (server-api.md: 409 when it exists); the server stores it normalised.
    uniqueIndex('users_email_unique').on(t.email),
  ],
);

export const leads = pgTable(
  'leads',
  {
    ...stampedColumns(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    email: text('email'),
    phoneE164: text('phone_e164'),
    phoneRaw: text('phone_raw'),
    language: text('language', { enum: LANGUAGES }),
    city: text('city'),
    country: text('country'),
    programOfInterest: text('program_of_interest'),
    notes: text('notes'),
    status: text('status', { enum: LEAD_STATUSES }).notNull(),
    statusChangedAt: instantColumn('status_changed_at').notNull(),
    assigneeId: uuidColumn('assignee_id'),
    source: text('source', { enum: LEAD_SOURCES }).notNull(),
    importBatchId: uuidColumn('import_batch_id'),
    utmSource: text('utm_source'),
    utmMedium: text('utm_medium'),
    utmCampaign: text('utm_campaign'),
    consent: boolColumn('consent').notNull(),
    duplicateOfId: uuidColumn('duplicate_of_id'),
    callbackAt: instantColumn('callback_at'),
    createdById: uuidColumn('created_by_id'),
    smsOptOutAt: instantColumn('sms_opt_out_at'),
  },
  (t) => [
    versionIndex('leads', t.version),
    // The lead lists: by status, "my leads" per status, newest first, next callbacks; duplicate
    // detection looks leads up by normalised phone and e-mail (domain.md, "Duplicates").
    index('leads_status_idx').on(t.status),
    index('leads_assignee_status_idx').on(t.assigneeId, t.status),
    index('leads_created_at_idx').on(t.createdAt),
    index('leads_callback_at_idx').on(t.callbackAt),
    index('leads_phone_e164_idx').on(t.phoneE164),
    index('leads_email_idx').on(t.email),
    index('leads_duplicate_of_id_idx').on(t.duplicateOfId),
    // An import batch's leads (importBatch.revert, the Imports view).
    index('leads_import_batch_id_idx').on(t.importBatchId),
  ],
);

export const history = pgTable(
  'history',
  {
    ...syncedColumns(),
    leadId: uuidColumn('lead_id').notNull(),
    at: instantColumn('at').notNull(),
    actorId: uuidColumn('actor_id'),
    kind: text('kind', { enum: HISTORY_KINDS }).notNull(),
    before: jsonColumn<Record<string, unknown>>('before'),
    after: jsonColumn<Record<string, unknown>>('after'),
    note: text('note'),
  },
  (t) => [
    versionIndex('history', t.version),
    index('history_lead_at_idx').on(t.leadId, t.at),
  ],
);

export const contactAttempts = pgTable(
  'contact_attempts',
  {
    ...syncedColumns(),
    createdAt: instantColumn('created_at').notNull(),
    leadId: uuidColumn('lead_id').notNull(),
    userId: uuidColumn('user_id').notNull(),
    channel: text('channel', { enum: CONTACT_CHANNELS }).notNull(),
    outcome: text('outcome', { enum: CONTACT_OUTCOMES }).notNull(),
    note: text('note'),
    callbackAt: instantColumn('callback_at'),
    at: instantColumn('at').notNull(),
  },
  (t) => [
    versionIndex('contact_attempts', t.version),
    index('contact_attempts_lead_at_idx').on(t.leadId, t.at),
  ],
);

export const appointments = pgTable(
  'appointments',
  {
    ...stampedColumns(),
    leadId: uuidColumn('lead_id').notNull(),
    hostId: uuidColumn('host_id').notNull(),
    bookedById: uuidColumn('booked_by_id').notNull(),
    startsAt: instantColumn('starts_at').notNull(),
    endsAt: instantColumn('ends_at').notNull(),
    kind: text('kind', { enum: APPOINTMENT_KINDS }).notNull(),
    location: text('location'),
    note: text('note'),
    state: text('state', { enum: APPOINTMENT_STATES }).notNull(),
    cancelReason: text('cancel_reason'),
    closedAt: instantColumn('closed_at'),
    reminderSentAt: instantColumn('reminder_sent_at'),
  },
  (t) => [
    versionIndex('appointments', t.version),
    // A host's calendar, the office's day, and a lead's appointments.
    index('appointments_host_starts_at_idx').on(t.hostId, t.startsAt),
    index('appointments_starts_at_idx').on(t.startsAt),
    index('appointments_lead_idx').on(t.leadId),
  ],
);

export const tasks = pgTable(
  'tasks',
  {
    ...stampedColumns(),
    leadId: uuidColumn('lead_id'),
    ownerId: uuidColumn('owner_id').notNull(),
    kind: text('kind', { enum: TASK_KINDS }).notNull(),
    title: text('title').notNull(),
    dueAt: instantColumn('due_at').notNull(),
    completedAt: instantColumn('completed_at'),
    completedById: uuidColumn('completed_by_id'),
    reminderSentAt: instantColumn('reminder_sent_at'),
  },
  (t) => [
    versionIndex('tasks', t.version),
    index('tasks_owner_due_at_idx').on(t.ownerId, t.dueAt),
    index('tasks_lead_idx').on(t.leadId),
  ],
);

export const clients = pgTable(
  'clients',
  {
    ...stampedColumns(),
    leadId: uuidColumn('lead_id').notNull(),
    fileNumber: text('file_number').notNull(),
    ownerId: uuidColumn('owner_id').notNull(),
    convertedAt: instantColumn('converted_at').notNull(),
    convertedById: uuidColumn('converted_by_id').notNull(),
  },
  (t) => [
    versionIndex('clients', t.version),
    // File numbers are never reused (domain.md, "client").
    uniqueIndex('clients_file_number_unique').on(t.fileNumber),
    index('clients_lead_idx').on(t.leadId),
    index('clients_owner_idx').on(t.ownerId),
  ],
);

export const payments = pgTable(
  'payments',
  {
    ...syncedColumns(),
    createdAt: instantColumn('created_at').notNull(),
    clientId: uuidColumn('client_id').notNull(),
    leadId: uuidColumn('lead_id').notNull(),
    amountCents: intColumn('amount_cents').notNull(),
    currency: text('currency', { enum: CURRENCIES }).notNull(),
    method: text('method', { enum: PAYMENT_METHODS }).notNull(),
    paidAt: instantColumn('paid_at').notNull(),
    recordedById: uuidColumn('recorded_by_id').notNull(),
  },
  (t) => [
    versionIndex('payments', t.version),
    index('payments_client_idx').on(t.clientId),
    index('payments_lead_idx').on(t.leadId),
  ],
);

export const evaluations = pgTable(
  'evaluations',
  {
    ...syncedColumns(),
    createdAt: instantColumn('created_at').notNull(),
    leadId: uuidColumn('lead_id').notNull(),
    result: text('result', { enum: EVALUATION_RESULTS }).notNull(),
    procedureIds: jsonColumn<string[]>('procedure_ids').notNull(),
    notes: text('notes').notNull(),
    evaluatedById: uuidColumn('evaluated_by_id').notNull(),
  },
  (t) => [
    versionIndex('evaluations', t.version),
    index('evaluations_lead_idx').on(t.leadId),
  ],
);

export const procedures = pgTable(
  'procedures',
  {
    ...stampedColumns(),
    code: text('code').notNull(),
    nameFr: text('name_fr').notNull(),
    nameEn: text('name_en').notNull(),
    active: boolColumn('active').notNull(),
    sortOrder: intColumn('sort_order').notNull(),
  },
  (t) => [versionIndex('procedures', t.version)],
);

export const smsTemplates = pgTable(
  'sms_templates',
  {
    ...stampedColumns(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    bodyFr: text('body_fr').notNull(),
    bodyEn: text('body_en').notNull(),
    active: boolColumn('active').notNull(),
  },
  (t) => [versionIndex('sms_templates', t.version)],
);

export const smsMessages = pgTable(
  'sms_messages',
  {
    ...stampedColumns(),
    leadId: uuidColumn('lead_id').notNull(),
    appointmentId: uuidColumn('appointment_id'),
    templateId: uuidColumn('template_id'),
    to: text('to').notNull(),
    body: text('body').notNull(),
    segments: intColumn('segments').notNull(),
    encoding: text('encoding').$type<SmsMessage['encoding']>().notNull(),
    state: text('state', { enum: SMS_STATES }).notNull(),
    error: text('error'),
    sentById: uuidColumn('sent_by_id').notNull(),
    sentAt: instantColumn('sent_at'),
    deliveredAt: instantColumn('delivered_at'),
  },
  (t) => [
    versionIndex('sms_messages', t.version),
    index('sms_messages_lead_idx').on(t.leadId),
  ],
);

export const notifications = pgTable(
  'notifications',
  {
    ...syncedColumns(),
    createdAt: instantColumn('created_at').notNull(),
    userId: uuidColumn('user_id').notNull(),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    leadId: uuidColumn('lead_id'),
    count: intColumn('count').notNull(),
    groupKey: text('group_key'),
    payload: jsonColumn<Record<string, unknown>>('payload').notNull(),
    readAt: instantColumn('read_at'),
  },
  (t) => [
    versionIndex('notifications', t.version),
    // The unread list and the tray count.
    index('notifications_user_read_at_idx').on(t.userId, t.readAt),
    // At most one row per (user, group) (docs/decisions.md); NULL group keys are distinct in
    // SQLite and PostgreSQL alike, so ungrouped notifications are not limited.
    uniqueIndex('notifications_user_group_key_unique').on(t.userId, t.groupKey),
    // Mutations load a group's notifications, of every user, by its key (Needs.notificationsByGroup):
    // without this index each such load read the whole table, which only grows.
    index('notifications_group_key_idx').on(t.groupKey),
  ],
);

export const importBatches = pgTable(
  'import_batches',
  {
    ...stampedColumns(),
    fileName: text('file_name').notNull(),
    createdById: uuidColumn('created_by_id').notNull(),
    rowCount: intColumn('row_count').notNull(),
    rejectedCount: intColumn('rejected_count').notNull().default(0),
    revertedAt: instantColumn('reverted_at'),
    revertedById: uuidColumn('reverted_by_id'),
    revertReason: text('revert_reason'),
    removedCount: intColumn('removed_count'),
    keptCount: intColumn('kept_count'),
  },
  (t) => [versionIndex('import_batches', t.version)],
);

export const settings = pgTable(
  'settings',
  {
    ...stampedColumns(),
    officeName: text('office_name').notNull(),
    address: text('address').notNull(),
    phone: text('phone'),
    timeZone: text('time_zone').notNull(),
    reminderMinuteOfDay: intColumn('reminder_minute_of_day').notNull(),
    defaultLanguage: text('default_language').$type<Settings['defaultLanguage']>().notNull(),
    smsProvider: text('sms_provider', { enum: SMS_PROVIDERS }).notNull().default('none'),
  },
  (t) => [versionIndex('settings', t.version)],
);
