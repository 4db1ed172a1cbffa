import type { PgTable } from 'drizzle-orm/pg-core';
import type { SyncedTable } from '~shared/domain/entities';
import * as synced from './schema/synced';

// The office database's schema (drizzle-kit reads this file: drizzle.server.config.ts).
// Instants are `timestamptz` read back as ISO-8601 UTC strings: see schema/instant.ts.

export * from './schema/synced';
export * from './schema/server-only';
export * from './schema/accountability';
export { instantFromPg } from './schema/instant';

/** The server table of each synced entity, by wire name (pull's `{ table, row }`). */
export const syncedTables = {
  users: synced.users,
  leads: synced.leads,
  history: synced.history,
  contact_attempts: synced.contactAttempts,
  appointments: synced.appointments,
  tasks: synced.tasks,
  clients: synced.clients,
  payments: synced.payments,
  evaluations: synced.evaluations,
  procedures: synced.procedures,
  sms_templates: synced.smsTemplates,
  sms_messages: synced.smsMessages,
  notifications: synced.notifications,
  import_batches: synced.importBatches,
  settings: synced.settings,
} as const satisfies Record<SyncedTable, PgTable>;
