import { getTableColumns, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { SETTINGS_ID, SYNCED_TABLE_NAMES, type Settings, type SyncedTable, type User } from '~shared/domain/entities';
import { defaultSettings } from '~shared/domain/default-settings';
import { groupedNotificationId } from '~shared/domain/mutations/effects';
import { highestFileSeq } from '~shared/domain/file-number';
import { WORK_FREE_HISTORY_KINDS } from '~shared/domain/import-revert';
import type { Needs, State } from '~shared/domain/mutations/types';
import { FINAL_STATUSES } from '~shared/domain/statuses';
import { arrayParam } from '../db/array-param';
import { rawQuery, type DbExecutor, type ServerTx } from '../db/connection';
import type { MayReplace } from '../db/puts';
import { rowsOf } from '../db/rows';
import * as schema from '../db/schema';

// The server's half of a mutator's reads (src-shared/domain/mutations/types.ts): what `needs`
// names, read inside the caller's write transaction, after the version counter is locked, so
// nothing read can change before the mutation's own writes commit.

type Row = { id: string } & Record<string, unknown>;

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

/**
 * The rows `needs` names, in ONE round trip whatever it names: one statement, always the same text
 * (prepared once per connection), each kind of need an array parameter (empty when not needed),
 * each branch a lookup on an index, rows coming back as JSON tagged with what they answer. A push
 * spends its time in round trips, and this is the one read a mutation — or a group of them, with
 * their needs merged (pipeline.ts, mergeNeeds) — makes before its write.
 */
export async function loadState(tx: DbExecutor, needs: Needs, office: Office): Promise<State> {
  const rows = await rawQuery<{ t: LoadedKind; r: unknown }>(tx as unknown as ServerTx, {
    text: LOAD_SQL,
    params: [
      distinct(needs.leads),
      distinct(needs.leadsOfAppointments),
      distinct(needs.leadsOfTasks),
      distinct(needs.appointments),
      distinct(needs.appointmentsOfLeads),
      distinct(needs.tasks),
      needs.openCallbacks === true,
      distinct(needs.clients),
      distinct(needs.clientsOfLeads),
      distinct(needs.notifications),
      distinct(needs.notificationsByGroup),
      distinct(needs.procedures),
      distinct(needs.smsTemplates),
      distinct(needs.importBatches),
      distinct(needs.leadsByContact?.phones),
      distinct(needs.leadsByContact?.emails),
      needs.fileNumberYear === undefined ? null : `${needs.fileNumberYear}-%`,
      distinct(needs.newIds),
      distinct(needs.leadsOfImportBatches),
    ],
    prepare: true,
  });
  const maps = Object.fromEntries(MAP_KINDS.map((kind) => [kind, new Map<string, Row>()])) as Record<(typeof MAP_KINDS)[number], Map<string, Row>>;
  const contactMatches: Row[] = [];
  const fileNumbers: string[] = [];
  const taken = new Set<string>();
  const worked = new Set<string>();
  for (const { t: kind, r } of rows) {
    if (kind === 'taken') taken.add(r as string);
    else if (kind === 'worked') worked.add(r as string);
    else if (kind === 'file_number') fileNumbers.push(r as string);
    else {
      const row = fromJson(kind === 'contact' ? 'leads' : kind, r as Record<string, unknown>);
      if (kind === 'contact') contactMatches.push(row);
      // A row two branches found (a task named, and an open callback) is one entry.
      else maps[kind].set(row.id, row);
    }
  }
  return {
    users: office.users,
    settings: office.settings,
    leads: maps.leads,
    appointments: maps.appointments,
    tasks: maps.tasks,
    clients: maps.clients,
    notifications: maps.notifications,
    procedures: maps.procedures,
    smsTemplates: maps.sms_templates,
    importBatches: maps.import_batches,
    workedLeadIds: worked,
    // Oldest first: the duplicate a new lead is linked to is the first one the office had.
    contactMatches: contactMatches.sort((a, b) => String(a['createdAt']).localeCompare(String(b['createdAt'])) || a.id.localeCompare(b.id)),
    // Deleted clients count: a file number is never reused (domain.md).
    lastFileNumber: needs.fileNumberYear === undefined ? 0 : highestFileSeq(needs.fileNumberYear, fileNumbers),
    takenIds: taken,
  } as unknown as State;
}

/** The tables whose rows fill one of State's maps by id. */
const MAP_KINDS = ['leads', 'appointments', 'tasks', 'clients', 'notifications', 'procedures', 'sms_templates', 'import_batches'] as const;
type LoadedKind = (typeof MAP_KINDS)[number] | 'contact' | 'file_number' | 'taken' | 'worked';

const FINAL_LIST = [...FINAL_STATUSES].map((s) => `'${s}'`).join(', ');
const WORK_FREE_LIST = [...WORK_FREE_HISTORY_KINDS].map((k) => `'${k}'`).join(', ');

/**
 * Rows of `table` whose `column` equals one of the array parameter `param`, named `alias`: one
 * index lookup per value. Written as a lateral subquery the planner cannot flatten (`offset 0`)
 * because, given a list of values on a table of a few thousand rows, PostgreSQL's cost model
 * prefers reading the whole table to fifty lookups — for every group of a push, on every table the
 * loader touches, a cost that grew with the office (docs/benchmarks.md). Lookups cost the same
 * whatever the table's size, and the statement plans the same for any list: the plan PostgreSQL
 * keeps for the prepared statement is the one it would have chosen for each call.
 */
function lookup(alias: string, table: string, column: string, param: string, type = 'uuid', where = ''): string {
  return `unnest(${param}::${type}[]) as ${alias}_v (v) cross join lateral (select * from "${table}" x where x.${column} = ${alias}_v.v${where} offset 0) as ${alias}`;
}

/**
 * Parameters: $1 leads, $2 leadsOfAppointments, $3 leadsOfTasks, $4 appointments,
 * $5 appointmentsOfLeads, $6 tasks, $7 openCallbacks, $8 clients, $9 clientsOfLeads,
 * $10 notifications, $11 notificationsByGroup, $12 procedures, $13 smsTemplates, $14 importBatches,
 * $15 phones and $16 e-mails (leadsByContact), $17 the file-number pattern of fileNumberYear (null
 * when none), $18 newIds, $19 leadsOfImportBatches (their leads, and which were worked: history
 * of a kind that is work, import-revert.ts). Conditions on a parameter alone (`$7`, `$17 is not null`) are decided
 * once before any scan; an empty array looks nothing up. Each kind of lookup is its own branch
 * rather than an `or`, which would read a whole table.
 */
const LOAD_SQL = `with wanted as (
    select l.* from (
      select v as id from unnest($1::uuid[]) as v
      union select a.lead_id from ${lookup('a', 'appointments', 'id', '$2')}
      union select k.lead_id from ${lookup('k', 'tasks', 'id', '$3')} where k.lead_id is not null
      union select b.id from ${lookup('b', 'leads', 'import_batch_id', '$19')}) as i
    cross join lateral (select * from leads x where x.id = i.id offset 0) as l)
  select 'leads' as t, to_jsonb(w) as r from wanted w
  union all select 'appointments', to_jsonb(a) from ${lookup('a', 'appointments', 'id', '$4')}
  union all select 'appointments', to_jsonb(a) from ${lookup('a', 'appointments', 'lead_id', '$5')}
  union all select 'tasks', to_jsonb(k) from ${lookup('k', 'tasks', 'id', '$6')}
  union all select 'tasks', to_jsonb(k) from wanted w
    cross join lateral (select * from tasks x where x.lead_id = w.id and x.kind = 'callback' and x.completed_at is null and x.deleted_at is null offset 0) as k
    where $7::boolean
  union all select 'clients', to_jsonb(c) from ${lookup('c', 'clients', 'id', '$8')}
  union all select 'clients', to_jsonb(c) from ${lookup('c', 'clients', 'lead_id', '$9')}
  union all select 'notifications', to_jsonb(n) from ${lookup('n', 'notifications', 'id', '$10')}
  union all select 'notifications', to_jsonb(n) from ${lookup('n', 'notifications', 'group_key', '$11', 'text')}
  union all select 'procedures', to_jsonb(p) from ${lookup('p', 'procedures', 'id', '$12')}
  union all select 'sms_templates', to_jsonb(s) from ${lookup('s', 'sms_templates', 'id', '$13')}
  union all select 'import_batches', to_jsonb(b) from ${lookup('b', 'import_batches', 'id', '$14')}
  union all select 'contact', to_jsonb(l) from (
      select m.id from ${lookup('m', 'leads', 'phone_e164', '$15', 'text')}
      union select m.id from ${lookup('m', 'leads', 'email', '$16', 'text')}) as i
    cross join lateral (select * from leads x where x.id = i.id and x.deleted_at is null and x.status not in (${FINAL_LIST}) offset 0) as l
  union all select 'worked', to_jsonb(b.id) from ${lookup('b', 'leads', 'import_batch_id', '$19')}
    cross join lateral (select 1 from history h where h.lead_id = b.id and h.kind not in (${WORK_FREE_LIST}) limit 1) as h
  union all select 'file_number', to_jsonb(c.file_number) from clients c where $17::text is not null and c.file_number like $17::text
  union all ${SYNCED_TABLE_NAMES.map((table) => `select 'taken', to_jsonb(v) from unnest($18::uuid[]) as v cross join lateral (select 1 from "${table}" x where x.id = v limit 1) as y`).join('\n  union all ')}`;

/** Per table: each column's name in SQL, its key in the row, and how its JSON value reads back. */
const readers = new Map<SyncedTable, Array<[string, string, (value: unknown) => unknown]>>();

/**
 * A row from its to_jsonb form, as drizzle's select would give it: camelCase keys, instants in
 * the wire's ISO form (instant.ts), counters as numbers; jsonb columns come back as they are.
 */
function fromJson(table: SyncedTable, json: Record<string, unknown>): Row {
  let columns = readers.get(table);
  if (columns === undefined) {
    columns = Object.entries(getTableColumns(schema.syncedTables[table] as PgTable)).map(([key, column]) => [
      column.name,
      key,
      column.columnType === 'PgJsonb' ? (value: unknown) => value : (value: unknown) => column.mapFromDriverValue(value),
    ]);
    readers.set(table, columns);
  }
  const row: Record<string, unknown> = {};
  for (const [name, key, read] of columns) {
    const value = json[name];
    row[key] = value === null || value === undefined ? null : read(value);
  }
  return row as Row;
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

/** An array parameter of the values, each once (arrayParam). */
function distinct(values: readonly string[] | undefined): string {
  return arrayParam(values === undefined ? [] : [...new Set(values)]);
}
