import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { instantColumn, jsonColumn, uuidColumn } from './columns';
import { users } from './synced';

// Accountability under Loi 25 (issue 14, point 6), server-only: the access log and the register of
// privacy incidents. All three tables are append-only: the application has no UPDATE or DELETE on
// them, and the migration adds a trigger that makes the database itself refuse both, whoever asks
// (docs/decisions.md, « Journal d'accès et registre des incidents »). An incident is corrected by
// writing a new version; its history is every version.

/** Who opened which lead or client sheet, who exported what. */
export const accessLog = pgTable(
  'access_log',
  {
    /** The workstation's id for the event: a batch sent again stores nothing twice. */
    id: uuidColumn('id').primaryKey(),
    kind: text('kind').notNull(),
    /** The token's user, never what the workstation says; null for the server's own work (backups). */
    userId: uuidColumn('user_id').references(() => users.id),
    subjectId: uuidColumn('subject_id'),
    /** The lead the subject belongs to (a client's lead), resolved by the server at receipt. */
    leadId: uuidColumn('lead_id'),
    detail: text('detail'),
    at: instantColumn('at').notNull(),
    receivedAt: instantColumn('received_at').notNull().default(sql`now()`),
    /** 'desktop' (a workstation's event) or 'server' (recorded by the server itself). */
    source: text('source').notNull(),
  },
  (t) => [
    index('access_log_at_idx').on(t.at, t.id),
    index('access_log_user_idx').on(t.userId, t.at),
    index('access_log_lead_idx').on(t.leadId, t.at),
  ],
);

/** One row per incident: who opened it and when; what it says is in its versions. */
export const privacyIncidents = pgTable('privacy_incidents', {
  id: uuidColumn('id').primaryKey(),
  createdAt: instantColumn('created_at').notNull(),
  createdById: uuidColumn('created_by_id').references(() => users.id),
});

/** Every version of every incident, the first one included; the highest version is the current one. */
export const privacyIncidentVersions = pgTable(
  'privacy_incident_versions',
  {
    incidentId: uuidColumn('incident_id')
      .notNull()
      .references(() => privacyIncidents.id),
    version: integer('version').notNull(),
    occurredAt: date('occurred_at', { mode: 'string' }).notNull(),
    discoveredAt: date('discovered_at', { mode: 'string' }).notNull(),
    nature: text('nature').notNull(),
    peopleConcerned: text('people_concerned').notNull(),
    leadIds: jsonColumn<string[]>('lead_ids').notNull(),
    measures: text('measures').notNull(),
    seriousRisk: boolean('serious_risk').notNull(),
    caiNotifiedAt: date('cai_notified_at', { mode: 'string' }),
    peopleNotifiedAt: date('people_notified_at', { mode: 'string' }),
    editedAt: instantColumn('edited_at').notNull(),
    editedById: uuidColumn('edited_by_id').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.version] })],
);
