import type Database from 'better-sqlite3';
import { SETTINGS_ID, SYNCED_TABLE_NAMES, type Lead, type Settings, type SyncedTable } from '~shared/domain/entities';
import { defaultSettings } from '~shared/domain/default-settings';
import { highestFileSeq } from '~shared/domain/file-number';
import { WORK_FREE_HISTORY_KINDS } from '~shared/domain/import-revert';
import type { Needs, State } from '~shared/domain/mutations/types';
import { FINAL_STATUSES } from '~shared/domain/statuses';
import { rowStore } from './rows';
import { statement } from './statements';

// The desktop's side of a mutator's `needs` (src-shared/domain/mutations/types.ts): loads what a
// mutator named from the local replica, synchronously, inside the caller's transaction. It mirrors
// the office server's loader so that a mutation sees the same kind of state on both sides; deleted
// rows are included wherever the server includes them (the mutators decide what they mean).

/** What a replica uses before its first sync brought the office's settings row. */
const DEFAULT_SETTINGS: Settings = defaultSettings();

const FINAL = JSON.stringify([...FINAL_STATUSES]);

function byId<T extends { id: string }>(rows: readonly T[]): Map<string, T> {
  return new Map(rows.map((row) => [row.id, row]));
}

function distinct(ids: readonly string[] | undefined): string[] {
  return ids ? [...new Set(ids)] : [];
}

export function loadSettings(sqlite: Database.Database): Settings {
  return rowStore(sqlite).get('settings', SETTINGS_ID) ?? DEFAULT_SETTINGS;
}

export function loadLocalState(sqlite: Database.Database, needs: Needs): State {
  const rows = rowStore(sqlite);
  const many = <T extends SyncedTable>(table: T, ids: readonly string[] | undefined) => byId(rows.getMany(table, distinct(ids)));
  const whereIn = <T extends SyncedTable>(table: T, column: string, values: readonly string[] | undefined) => {
    const list = distinct(values);
    if (list.length === 0) return [];
    const sql = `select * from ${table} where ${column} in (select value from json_each(?))`;
    return rows.all(table, statement(sqlite, sql), JSON.stringify(list));
  };

  const leads = many('leads', needs.leads);
  if (needs.leadsOfAppointments && needs.leadsOfAppointments.length > 0) {
    const sql = `select * from leads where id in (select lead_id from appointments where id in (select value from json_each(?)))`;
    for (const lead of rows.all('leads', statement(sqlite, sql), JSON.stringify(distinct(needs.leadsOfAppointments)))) {
      leads.set(lead.id, lead);
    }
  }
  if (needs.leadsOfTasks && needs.leadsOfTasks.length > 0) {
    const sql = `select * from leads where id in (select lead_id from tasks where id in (select value from json_each(?)))`;
    for (const lead of rows.all('leads', statement(sqlite, sql), JSON.stringify(distinct(needs.leadsOfTasks)))) {
      leads.set(lead.id, lead);
    }
  }
  const batches = distinct(needs.leadsOfImportBatches);
  for (const lead of whereIn('leads', 'import_batch_id', batches)) leads.set(lead.id, lead);
  const appointments = many('appointments', needs.appointments);
  for (const appointment of whereIn('appointments', 'lead_id', needs.appointmentsOfLeads)) {
    appointments.set(appointment.id, appointment);
  }
  const tasks = many('tasks', needs.tasks);
  if (needs.openCallbacks && leads.size > 0) {
    const sql = `select * from tasks where lead_id in (select value from json_each(?))
      and kind = 'callback' and completed_at is null and deleted_at is null`;
    for (const task of rows.all('tasks', statement(sqlite, sql), JSON.stringify([...leads.keys()]))) tasks.set(task.id, task);
  }
  const clients = many('clients', needs.clients);
  for (const client of whereIn('clients', 'lead_id', needs.clientsOfLeads)) clients.set(client.id, client);
  const notifications = many('notifications', needs.notifications);
  for (const notification of whereIn('notifications', 'group_key', needs.notificationsByGroup)) {
    notifications.set(notification.id, notification);
  }

  return {
    users: byId(rows.all('users', statement(sqlite, 'select * from users'))),
    settings: loadSettings(sqlite),
    leads,
    appointments,
    tasks,
    clients,
    notifications,
    procedures: many('procedures', needs.procedures),
    smsTemplates: many('sms_templates', needs.smsTemplates),
    importBatches: many('import_batches', needs.importBatches),
    workedLeadIds: workedLeadsOfBatches(sqlite, batches),
    contactMatches: needs.leadsByContact ? openLeadsByContact(sqlite, needs.leadsByContact) : [],
    lastFileNumber: needs.fileNumberYear === undefined ? 0 : lastFileNumber(sqlite, needs.fileNumberYear),
    takenIds: takenIds(sqlite, needs.newIds),
  };
}

const WORK_FREE = JSON.stringify(WORK_FREE_HISTORY_KINDS);

/** Leads of these batches with a history entry that is work (import-revert.ts). */
function workedLeadsOfBatches(sqlite: Database.Database, batches: readonly string[]): Set<string> {
  if (batches.length === 0) return new Set();
  // Leads by the batch index, then each one's history by the (lead_id, at) index.
  const sql = `select distinct h.lead_id from leads l join history h on h.lead_id = l.id
    where l.import_batch_id in (select value from json_each(?)) and h.kind not in (select value from json_each(?))`;
  return new Set(statement(sqlite, sql).pluck().all(JSON.stringify(batches), WORK_FREE) as string[]);
}

/** Those of `ids` that a row of any synced table has, deleted or not (Needs.newIds). */
function takenIds(sqlite: Database.Database, ids: readonly string[] | undefined): Set<string> {
  const list = distinct(ids);
  if (list.length === 0) return new Set();
  // Each wanted id looked up by each table's key: `id in (select id from wanted)` built a temporary
  // index of the list for every table, five times the time (0.37 s against 0.07 s for an import of
  // 100,000 leads, whose chunks each ask for 5,000 ids in 15 tables).
  const union = SYNCED_TABLE_NAMES.map((table) => `select ${table}.id from wanted join ${table} on ${table}.id = wanted.id`).join(' union all ');
  const sql = `with wanted(id) as materialized (select value from json_each(?)) ${union}`;
  return new Set(statement(sqlite, sql).pluck().all(JSON.stringify(list)) as string[]);
}

/** domain.md, "Duplicates": open leads (not final, not deleted) sharing a normalised phone or e-mail. */
export function openLeadsByContact(
  sqlite: Database.Database,
  contact: { readonly phones: readonly string[]; readonly emails: readonly string[] },
): Lead[] {
  const phones = distinct(contact.phones);
  const emails = distinct(contact.emails);
  if (phones.length === 0 && emails.length === 0) return [];
  // Two index lookups joined by UNION rather than one OR, which SQLite would answer by a scan.
  const sql = `select * from leads where id in (
      select id from leads where phone_e164 in (select value from json_each(?))
      union select id from leads where email in (select value from json_each(?)))
    and deleted_at is null and status not in (select value from json_each(?))
    order by created_at, id`;
  return rowStore(sqlite).all('leads', statement(sqlite, sql), JSON.stringify(phones), JSON.stringify(emails), FINAL);
}

/** Highest sequence used in `year` by any client, deleted ones included (domain.md, "client"). */
function lastFileNumber(sqlite: Database.Database, year: number): number {
  // A range on the unique index: every 'YYYY-…' sorts between 'YYYY-' and 'YYYY.' ('.' follows '-').
  const found = statement(sqlite, 'select file_number as n from clients where file_number >= ? and file_number < ?').all(
    `${year}-`,
    `${year}.`,
  ) as Array<{ n: string }>;
  return highestFileSeq(year, found.map((row) => row.n));
}
