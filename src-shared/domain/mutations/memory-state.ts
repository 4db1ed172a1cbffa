import { defaultSettings } from '../default-settings';
import { leadsByContact } from '../duplicates';
import { SETTINGS_ID, SYNCED_TABLE_NAMES, type Put, type RowOf, type Settings, type SyncedTable } from '../entities';
import { highestFileSeq } from '../file-number';
import { isWork } from '../import-revert';
import type { Needs, State } from './types';

// An office held in memory — rows by table — and the reference answer to a mutator's `needs`,
// written from the Needs contract (types.ts): deleted rows included, contact matches only among
// open leads, file numbers of deleted clients counted. The desktop's SQLite loader and the
// server's PostgreSQL loader are property-tested against it (they must give a mutator the same
// State, or a mutation could pass on one side and be refused on the other). The seed plans its
// demo office here, the pipeline replays a batch here (pipeline.ts, runInTurn), and the mutator
// tests run against it.

export type MemoryOffice = { [T in SyncedTable]: Map<string, RowOf[T]> };
export type MemoryRows = { [T in SyncedTable]?: readonly RowOf[T][] };

/** An office holding exactly `rows`. */
export function memoryOffice(rows: MemoryRows = {}): MemoryOffice {
  const office = Object.fromEntries(SYNCED_TABLE_NAMES.map((table) => [table, new Map()])) as MemoryOffice;
  for (const table of SYNCED_TABLE_NAMES) {
    for (const row of rows[table] ?? []) (office[table] as Map<string, { id: string }>).set(row.id, row);
  }
  return office;
}

/** Writes `puts` into `office` (insert or replace by id), as they are. */
export function writeInto(office: MemoryOffice, puts: readonly Put[]): void {
  for (const put of puts) (office[put.table] as Map<string, RowOf[SyncedTable]>).set(put.row.id, put.row);
}

/**
 * A copy of `office` with `puts` written, as a writer would: each written row gets a version
 * above the one it replaces (the real writers use one office-wide counter).
 */
export function applyPuts(office: MemoryOffice, puts: readonly Put[]): MemoryOffice {
  const next = Object.fromEntries(
    SYNCED_TABLE_NAMES.map((table) => [table, new Map<string, unknown>(office[table] as Map<string, unknown>)]),
  ) as unknown as MemoryOffice;
  for (const put of puts) {
    const rows = next[put.table] as Map<string, { id: string; version: number }>;
    rows.set(put.row.id, { ...put.row, version: (rows.get(put.row.id)?.version ?? 0) + 1 });
  }
  return next;
}

/** The office's settings, or the defaults every side uses before that row exists. */
export function settingsOf(office: MemoryOffice): Settings {
  return office.settings.get(SETTINGS_ID) ?? defaultSettings();
}

/** An office holding the rows a loaded State holds (what pipeline.ts replays a batch on). */
export function officeOfState(state: State): MemoryOffice {
  return memoryOffice({
    users: [...state.users.values()],
    settings: [state.settings],
    leads: [...state.contactMatches, ...state.leads.values()],
    appointments: [...state.appointments.values()],
    tasks: [...state.tasks.values()],
    clients: [...state.clients.values()],
    notifications: [...state.notifications.values()],
    procedures: [...state.procedures.values()],
    sms_templates: [...state.smsTemplates.values()],
    import_batches: [...state.importBatches.values()],
  });
}

function pick<T>(rows: ReadonlyMap<string, T>, ids: readonly string[] | undefined): Map<string, T> {
  const found = new Map<string, T>();
  for (const id of ids ?? []) {
    const row = rows.get(id);
    if (row !== undefined) found.set(id, row);
  }
  return found;
}

function where<T extends { id: string }>(rows: ReadonlyMap<string, T>, test: (row: T) => boolean, into: Map<string, T>): void {
  for (const row of rows.values()) if (test(row)) into.set(row.id, row);
}

/** What the loaders give a mutator for `needs`: the reference they are tested against. */
export function loadState(office: MemoryOffice, needs: Needs): State {
  // A push replays each mutation of a group here (pipeline.ts, runTurns): a table is walked only
  // when the needs ask something of it, else each mutation paid for every row of the group.
  const leads = pick(office.leads, needs.leads);
  const batches = new Set(needs.leadsOfImportBatches ?? []);
  const ofBatches = new Map<string, RowOf['leads']>();
  if (batches.size > 0) where(office.leads, (l) => l.importBatchId !== null && batches.has(l.importBatchId), ofBatches);
  for (const [id, lead] of ofBatches) leads.set(id, lead);
  const workedLeadIds = new Set<string>();
  if (ofBatches.size > 0) {
    for (const entry of office.history.values()) {
      if (ofBatches.has(entry.leadId) && isWork(entry.kind)) workedLeadIds.add(entry.leadId);
    }
  }
  const ofAppointments = new Set(needs.leadsOfAppointments ?? []);
  if (ofAppointments.size > 0) {
    for (const a of office.appointments.values()) {
      const row = ofAppointments.has(a.id) ? office.leads.get(a.leadId) : undefined;
      if (row) leads.set(row.id, row);
    }
  }
  const ofTasks = new Set(needs.leadsOfTasks ?? []);
  if (ofTasks.size > 0) {
    for (const t of office.tasks.values()) {
      const row = ofTasks.has(t.id) && t.leadId !== null ? office.leads.get(t.leadId) : undefined;
      if (row) leads.set(row.id, row);
    }
  }
  const appointments = pick(office.appointments, needs.appointments);
  const ofLeads = new Set(needs.appointmentsOfLeads ?? []);
  if (ofLeads.size > 0) where(office.appointments, (a) => ofLeads.has(a.leadId), appointments);
  const tasks = pick(office.tasks, needs.tasks);
  if (needs.openCallbacks) {
    where(
      office.tasks,
      (t) => t.leadId !== null && leads.has(t.leadId) && t.kind === 'callback' && t.completedAt === null && t.deletedAt === null,
      tasks,
    );
  }
  const clients = pick(office.clients, needs.clients);
  const clientLeads = new Set(needs.clientsOfLeads ?? []);
  if (clientLeads.size > 0) where(office.clients, (c) => clientLeads.has(c.leadId), clients);
  const notifications = pick(office.notifications, needs.notifications);
  const groups = new Set(needs.notificationsByGroup ?? []);
  if (groups.size > 0) where(office.notifications, (n) => n.groupKey !== null && groups.has(n.groupKey), notifications);
  const year = needs.fileNumberYear;

  return {
    users: new Map(office.users),
    settings: settingsOf(office),
    leads,
    appointments,
    tasks,
    clients,
    notifications,
    procedures: pick(office.procedures, needs.procedures),
    smsTemplates: pick(office.sms_templates, needs.smsTemplates),
    importBatches: pick(office.import_batches, needs.importBatches),
    workedLeadIds,
    contactMatches: needs.leadsByContact ? leadsByContact(office.leads.values(), needs.leadsByContact) : [],
    lastFileNumber: year === undefined ? 0 : highestFileSeq(year, [...office.clients.values()].map((c) => c.fileNumber)),
    takenIds: new Set((needs.newIds ?? []).filter((id) => SYNCED_TABLE_NAMES.some((table) => office[table].has(id)))),
  };
}
