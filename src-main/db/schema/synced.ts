import { sql } from 'drizzle-orm';
import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
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

// The local replica of every synced entity (src-shared/domain/entities.ts, SYNCED_TABLES): same
// table names, columns the snake_case of the fields. No foreign keys between synced tables: a pull
// writes rows in version order, page by page, so a lead may land before the user it is assigned to
// (that user was updated later); the mutators check references instead (sync-protocol.md, rebase).

export const users = sqliteTable('users', {
  ...stampedColumns(),
  email: text('email').notNull(),
  name: text('name').notNull(),
  role: text('role', { enum: ROLES }).notNull(),
  titleForm: text('title_form', { enum: TITLE_FORMS }),
  active: boolColumn('active').notNull(),
});

export const leads = sqliteTable(
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
    // The Leads screen over live (not archived) leads, read from an index alone (issue 4: a status
    // filter, a search and a sort over 200,000 leads within 15 ms): every sort key and the common
    // filters are in the wide one, so a status range is scanned without touching the table;
    // counting needs the status only, and the narrow one is read several times faster. Partial, so
    // they hold live leads only; `deleted_at` is a column too because SQLite reads the table to
    // check a partial index's own condition unless the index holds the column (SQLite 3.53).
    // src-main/db/repositories/lead-filters.ts names them.
    index('leads_live_list_idx')
      .on(t.status, t.createdAt, t.id, t.updatedAt, t.callbackAt, t.lastName, t.firstName, t.assigneeId, t.source, t.deletedAt)
      .where(sql`deleted_at is null`),
    index('leads_live_status_idx').on(t.status, t.deletedAt).where(sql`deleted_at is null`),
    index('leads_live_assignee_idx').on(t.assigneeId, t.status, t.createdAt, t.id, t.deletedAt).where(sql`deleted_at is null`),
    index('leads_live_created_idx').on(t.createdAt, t.id, t.deletedAt).where(sql`deleted_at is null`),
    // « Rapports » of one counselor: her leads created in a period, a range of this index.
    index('leads_live_assignee_created_idx').on(t.assigneeId, t.createdAt, t.deletedAt).where(sql`deleted_at is null`),
  ],
);

export const history = sqliteTable(
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
  (t) => [index('history_lead_at_idx').on(t.leadId, t.at)],
);

export const contactAttempts = sqliteTable(
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
    index('contact_attempts_lead_at_idx').on(t.leadId, t.at),
    // « Rapports » (issue 13) probes each lead of a period for its contacts: answered from the
    // index alone (live rows, their outcome and time), never the table. See leads' live indexes
    // for why `deleted_at` is a column of a partial index.
    index('contact_attempts_live_lead_idx').on(t.leadId, t.at, t.outcome, t.deletedAt).where(sql`deleted_at is null`),
  ],
);

export const appointments = sqliteTable(
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
    // A host's calendar, the office's day, and a lead's appointments.
    index('appointments_host_starts_at_idx').on(t.hostId, t.startsAt),
    index('appointments_starts_at_idx').on(t.startsAt),
    index('appointments_lead_idx').on(t.leadId),
    // « Rapports »: a lead's appointments, their state and booking time, from the index alone.
    index('appointments_live_lead_idx').on(t.leadId, t.state, t.createdAt, t.deletedAt).where(sql`deleted_at is null`),
    // « Rapports »: the consultations of a period (start, state, host) as one range of an index.
    index('appointments_live_starts_idx').on(t.startsAt, t.state, t.hostId, t.deletedAt).where(sql`deleted_at is null`),
    // Open (scheduled) appointments only: a lead's next one, which the lead list shows and sorts
    // by, and the consultations over but never closed that « Ma journée » lists (issue 15, point
    // 4). State and deletion are columns too, so SQLite checks the partial condition from the index.
    index('appointments_open_lead_idx')
      .on(t.leadId, t.startsAt, t.state, t.deletedAt)
      .where(sql`state = 'scheduled' and deleted_at is null`),
    index('appointments_open_starts_idx')
      .on(t.startsAt, t.id, t.endsAt, t.hostId, t.state, t.deletedAt)
      .where(sql`state = 'scheduled' and deleted_at is null`),
  ],
);

export const tasks = sqliteTable(
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
  (t) => [index('tasks_owner_due_at_idx').on(t.ownerId, t.dueAt), index('tasks_lead_idx').on(t.leadId)],
);

export const clients = sqliteTable(
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
    // File numbers are never reused (domain.md, "client").
    uniqueIndex('clients_file_number_unique').on(t.fileNumber),
    index('clients_lead_idx').on(t.leadId),
    // « Rapports »: whether a lead became a client, from the index alone.
    index('clients_live_lead_idx').on(t.leadId, t.deletedAt).where(sql`deleted_at is null`),
    index('clients_owner_idx').on(t.ownerId),
  ],
);

export const payments = sqliteTable(
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
  (t) => [index('payments_client_idx').on(t.clientId), index('payments_lead_idx').on(t.leadId)],
);

export const evaluations = sqliteTable(
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
    index('evaluations_lead_idx').on(t.leadId),
    // « Rapports »: whether a lead was found qualified, from the index alone.
    index('evaluations_live_lead_idx').on(t.leadId, t.result, t.deletedAt).where(sql`deleted_at is null`),
  ],
);

export const procedures = sqliteTable('procedures', {
  ...stampedColumns(),
  code: text('code').notNull(),
  nameFr: text('name_fr').notNull(),
  nameEn: text('name_en').notNull(),
  active: boolColumn('active').notNull(),
  sortOrder: intColumn('sort_order').notNull(),
});

export const smsTemplates = sqliteTable('sms_templates', {
  ...stampedColumns(),
  key: text('key').notNull(),
  name: text('name').notNull(),
  bodyFr: text('body_fr').notNull(),
  bodyEn: text('body_en').notNull(),
  active: boolColumn('active').notNull(),
});

export const smsMessages = sqliteTable(
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
  (t) => [index('sms_messages_lead_idx').on(t.leadId)],
);

export const notifications = sqliteTable(
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
    // The unread list and the tray count.
    index('notifications_user_read_at_idx').on(t.userId, t.readAt),
    // At most one row per (user, group) (docs/decisions.md); NULL group keys are distinct in
    // SQLite and PostgreSQL alike, so ungrouped notifications are not limited.
    uniqueIndex('notifications_user_group_key_unique').on(t.userId, t.groupKey),
  ],
);

export const importBatches = sqliteTable('import_batches', {
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
});

export const settings = sqliteTable('settings', {
  ...stampedColumns(),
  officeName: text('office_name').notNull(),
  address: text('address').notNull(),
  phone: text('phone'),
  timeZone: text('time_zone').notNull(),
  reminderMinuteOfDay: intColumn('reminder_minute_of_day').notNull(),
  defaultLanguage: text('default_language').$type<Settings['defaultLanguage']>().notNull(),
  smsProvider: text('sms_provider', { enum: SMS_PROVIDERS }).notNull().default('none'),
});
