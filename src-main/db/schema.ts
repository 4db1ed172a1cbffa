import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { SyncedTable } from '~shared/domain/entities';
import * as synced from './schema/synced';

// The local SQLite schema (drizzle-kit reads this file: drizzle.client.config.ts). The FTS5 index
// `leads_fts` is not expressible here; it lives in its own migration (migrations/client, leads_fts).

export * from './schema/synced';
export * from './schema/local';

/** The local table of each synced entity, by wire name (pull's `{ table, row }`). */
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
} as const satisfies Record<SyncedTable, SQLiteTable>;
