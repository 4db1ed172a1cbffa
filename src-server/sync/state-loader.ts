import { and, eq, inArray, isNull, like, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { SETTINGS_ID, SYNCED_TABLE_NAMES, type Settings, type SyncedTable, type User } from '../../src-shared/domain/entities';
import { defaultSettings } from '../../src-shared/domain/default-settings';
import { groupedNotificationId } from '../../src-shared/domain/mutations/effects';
import { parseFileNumber } from '../../src-shared/domain/file-number';
import { WORK_FREE_HISTORY_KINDS } from '../../src-shared/domain/import-revert';
import type { Needs, State } from '../../src-shared/domain/mutations/types';
import { FINAL_STATUSES } from '../../src-shared/domain/statuses';
import { rawQuery, type DbExecutor, type ServerTx } from '../db/connection';
import type { MayReplace } from '../db/puts';
import { rowsOf } from '../db/rows';
import * as schema from '../db/schema';

// The server's half of a mutator's reads (src-shared/domain/mutations/types.ts): what `needs`
// names, read inside the caller's write transaction, after the version counter is locked, so
// nothing read can change before the mutation's own writes commit.

type Row = { id: string };

/** Settings until the office row exists (a brand-new database before its defaults). */
const FALLBACK_SETTINGS: Settings = defaultSettings();

/**
 * Users and settings are read by every mutation; an office has a handful of them, so they are kept
 * per process and re-read only when their highest version moved (one cheap query, which also
 * sees changes made by another server process on the same database).
 */
export class OfficeCache {
  private stamp: string | null = null;
  private users = new Map<string, User>();
  private settings: Settings = FALLBACK_SETTINGS;

  /** The query that gives the stamp, for a caller that reads it along with something else. */
  static readonly STAMP_SQL = `(select coalesce(max(version), 0) from users)::text || ':' || (select coalesce(max(version), 0) from settings)::text`;

  /** `stamp`: STAMP_SQL's value when the caller already read it in this transaction. */
  async read(tx: DbExecutor, knownStamp?: string): Promise<Office> {
    let stamp = knownStamp ?? null;
    if (knownStamp === undefined) {
      const result = await tx.execute<{ stamp: string | null }>(sql.raw(`select ${OfficeCache.STAMP_SQL} as stamp`));
      stamp = rowsOf<{ stamp: string | null }>(result)[0]?.stamp ?? null;
    }
    if (stamp !== this.stamp) {
      const [users, settings] = [await tx.select().from(schema.users), await tx.select().from(schema.settings)];
      this.users = new Map(users.map((u) => [u.id, u as User]));
      this.settings = (settings.find((s) => s.id === SETTINGS_ID) as Settings | undefined) ?? FALLBACK_SETTINGS;
      this.stamp = stamp;
    }
    return { users: this.users, settings: this.settings };
  }
}

/** Users and settings, as OfficeCache.read gives them (read once per mutation by the caller). */
export interface Office {
  users: ReadonlyMap<string, User>;
  settings: Settings;
}

export async function loadState(tx: DbExecutor, needs: Needs, office: Office): Promise<State> {
  const byIds = async <T extends Row>(table: PgTable & { id: PgColumn }, ids: readonly string[] | undefined, extra?: SQL) => {
    const map = new Map<string, T>();
    const wanted = distinct(ids);
    if (wanted.length === 0 && extra === undefined) return map;
    const where = wanted.length === 0 ? extra : extra === undefined ? inArray(table.id, wanted) : or(inArray(table.id, wanted), extra);
    for (const row of (await tx.select().from(table as PgTable).where(where)) as T[]) map.set(row.id, row);
    return map;
  };
  const also = (column: PgColumn, values: readonly string[] | undefined) => {
    const wanted = distinct(values);
    return wanted.length === 0 ? undefined : inArray(column, wanted);
  };

  const leadIds = [...(needs.leads ?? [])];
  const ofAppointments = distinct(needs.leadsOfAppointments);
  if (ofAppointments.length > 0) {
    const rows = await tx
      .select({ leadId: schema.appointments.leadId })
      .from(schema.appointments)
      .where(inArray(schema.appointments.id, ofAppointments));
    leadIds.push(...rows.map((r) => r.leadId));
  }
  const ofTasks = distinct(needs.leadsOfTasks);
  if (ofTasks.length > 0) {
    const rows = await tx.select({ leadId: schema.tasks.leadId }).from(schema.tasks).where(inArray(schema.tasks.id, ofTasks));
    leadIds.push(...rows.flatMap((r) => (r.leadId === null ? [] : [r.leadId])));
  }

  const batches = distinct(needs.leadsOfImportBatches);
  const leads = await byIds<State['leads'] extends ReadonlyMap<string, infer L> ? L & Row : never>(
    schema.leads,
    leadIds,
    also(schema.leads.importBatchId, batches),
  );
  const appointments = await byIds<never>(schema.appointments, needs.appointments, also(schema.appointments.leadId, needs.appointmentsOfLeads));
  // Rows of `leads` only: an id named but not found has no tasks worth loading.
  const openCallbacks =
    needs.openCallbacks && leads.size > 0
      ? and(
          inArray(schema.tasks.leadId, [...leads.keys()]),
          eq(schema.tasks.kind, 'callback'),
          isNull(schema.tasks.completedAt),
          isNull(schema.tasks.deletedAt),
        )
      : undefined;
  const clients = await byIds<never>(schema.clients, needs.clients, also(schema.clients.leadId, needs.clientsOfLeads));
  const notifications = await byIds<never>(
    schema.notifications,
    needs.notifications,
    also(schema.notifications.groupKey, needs.notificationsByGroup),
  );

  return {
    users: office.users,
    settings: office.settings,
    leads,
    appointments,
    tasks: await byIds<never>(schema.tasks, needs.tasks, openCallbacks),
    clients,
    notifications,
    procedures: await byIds<never>(schema.procedures, needs.procedures),
    smsTemplates: await byIds<never>(schema.smsTemplates, needs.smsTemplates),
    importBatches: await byIds<never>(schema.importBatches, needs.importBatches),
    workedLeadIds: await workedLeadsOfBatches(tx, batches),
    contactMatches: needs.leadsByContact ? await openLeadsByContact(tx, needs.leadsByContact) : [],
    lastFileNumber: needs.fileNumberYear === undefined ? 0 : await lastFileNumber(tx, needs.fileNumberYear),
    takenIds: await takenIds(tx, needs.newIds),
  } as State;
}

/** Leads of these batches with a history entry that is work (import-revert.ts). */
async function workedLeadsOfBatches(tx: DbExecutor, batches: readonly string[]): Promise<Set<string>> {
  if (batches.length === 0) return new Set();
  const rows = await tx
    .selectDistinct({ leadId: schema.history.leadId })
    .from(schema.history)
    .innerJoin(schema.leads, eq(schema.leads.id, schema.history.leadId))
    .where(and(inArray(schema.leads.importBatchId, batches), notInArray(schema.history.kind, [...WORK_FREE_HISTORY_KINDS])));
  return new Set(rows.map((row) => row.leadId));
}

const TAKEN_IDS_SQL = SYNCED_TABLE_NAMES.map((table) => `select id from "${table}" where id = any($1::uuid[])`).join(' union all ');

/**
 * Those of `ids` that a row of any synced table has, deleted or not (Needs.newIds), in one round
 * trip: one primary-key lookup per table. The ids go as an array parameter (an import chunk names
 * thousands); `= any(…)` in each branch plans in half the time a shared CTE joined 15 times does.
 */
async function takenIds(tx: DbExecutor, ids: readonly string[] | undefined): Promise<Set<string>> {
  const wanted = distinct(ids);
  if (wanted.length === 0) return new Set();
  // The args' schema made these UUIDs: nothing in them needs quoting inside the array literal.
  const list = `{${wanted.join(',')}}`;
  // One text whatever the ids: prepared once per connection, its fifteen-way plan is not redone
  // for every creating mutation.
  const rows = await rawQuery<{ id: string }>(tx as unknown as ServerTx, { text: TAKEN_IDS_SQL, params: [list], prepare: true });
  return new Set(rows.map((row) => row.id));
}

async function openLeadsByContact(tx: DbExecutor, contact: NonNullable<Needs['leadsByContact']>) {
  const phones = distinct(contact.phones);
  const emails = distinct(contact.emails);
  const match = [
    phones.length > 0 ? inArray(schema.leads.phoneE164, phones) : undefined,
    emails.length > 0 ? inArray(schema.leads.email, emails) : undefined,
  ].filter((c): c is SQL => c !== undefined);
  if (match.length === 0) return [];
  const rows = await tx
    .select()
    .from(schema.leads)
    .where(and(isNull(schema.leads.deletedAt), notInArray(schema.leads.status, [...FINAL_STATUSES]), or(...match)));
  // Oldest first: the duplicate a new lead is linked to is the first one the office had.
  return rows.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)) as State['contactMatches'][number][];
}

/** Deleted clients count: a file number is never reused (domain.md). */
async function lastFileNumber(tx: DbExecutor, year: number): Promise<number> {
  const rows = await tx
    .select({ fileNumber: schema.clients.fileNumber })
    .from(schema.clients)
    .where(like(schema.clients.fileNumber, `${year}-%`));
  let last = 0;
  for (const { fileNumber } of rows) {
    const parsed = parseFileNumber(fileNumber);
    if (parsed !== null && parsed.year === year && parsed.seq > last) last = parsed.seq;
  }
  return last;
}

/**
 * The rows a mutator may replace when it writes (writePuts' `mayReplace`): those `state` holds,
 * i.e. the ones it loaded and read — settings even before the office row exists. Any other put is
 * a new row. One exception: a grouped notification is written afresh under the id derived from its
 * (group, user) on purpose (effects.ts, groupedNotificationPut): that id names one row for good,
 * whatever a caller sends, so replacing it is raising the same alert again.
 */
export function loadedRows(state: State): MayReplace {
  const keys = new Set<string>([`settings:${SETTINGS_ID}`]);
  const add = (table: SyncedTable, rows: Iterable<{ id: string }>) => {
    for (const row of rows) keys.add(`${table}:${row.id}`);
  };
  add('users', state.users.values());
  add('leads', state.leads.values());
  add('leads', state.contactMatches);
  add('appointments', state.appointments.values());
  add('tasks', state.tasks.values());
  add('clients', state.clients.values());
  add('notifications', state.notifications.values());
  add('procedures', state.procedures.values());
  add('sms_templates', state.smsTemplates.values());
  add('import_batches', state.importBatches.values());
  return (put) =>
    keys.has(`${put.table}:${put.row.id}`) ||
    (put.table === 'notifications' && put.row.groupKey !== null && put.row.id === groupedNotificationId(put.row.groupKey, put.row.userId));
}

function distinct(values: readonly string[] | undefined): string[] {
  return values === undefined ? [] : [...new Set(values)];
}
