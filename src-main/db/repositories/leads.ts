import type Database from 'better-sqlite3';
import type { LeadFilters, LeadListItem, LeadListPage, LeadSort } from '~shared/contract/ipc';
import type { Lead } from '~shared/domain/entities';
import { normalizeEmail } from '~shared/domain/email';
import { normalizePhone } from '~shared/domain/phone';
import { LEAD_STATUSES, type LeadStatus } from '~shared/domain/statuses';
import { openLeadsByContact } from '../state-loader';
import { statement } from '../statements';
import { afterClause, decodeCursor, encodeCursor, keyColumns, keyValues, orderBy, type SortKey } from './keyset';
import { LIST_TUNING, leadWhere, type SqlWhere } from './lead-filters';
import { NEAREST_FIRST, NONE, datedQuery, readsInDateOrder, undatedQuery, type NearestFirst } from './nearest-first';

// The lead list of the Leads screen and of the dashboard (issue 4, point 2): filters, search, sorts,
// keyset pages, counts per status, and "select all that match".

/**
 * The start of the lead's earliest appointment still scheduled (issue 15, point 4): the next one,
 * or one over that nobody closed. One probe of `appointments_open_lead_idx` per row.
 */
const NEXT_APPOINTMENT = `(select min(a.starts_at) from appointments a indexed by appointments_open_lead_idx
  where a.lead_id = l.id and a.state = 'scheduled' and a.deleted_at is null)`;

/** The columns of a list row; `pending` says a change to the lead waits in the outbox. */
const ITEM_COLUMNS = `l.id, l.first_name as firstName, l.last_name as lastName, l.email, l.phone_e164 as phoneE164,
  l.phone_raw as phoneRaw, l.status, l.assignee_id as assigneeId, l.source, l.created_at as createdAt,
  l.updated_at as updatedAt, l.callback_at as callbackAt, l.duplicate_of_id as duplicateOfId,
  ${NEXT_APPOINTMENT} as nextAppointmentAt,
  exists (select 1 from saved_images s where s.table_name = 'leads' and s.row_id = l.id) as pending`;

/** Statuses in the office's process order (domain.md), so "by status" reads like the pipeline. */
const STATUS_RANK = `case l.status ${LEAD_STATUSES.map((s, i) => `when '${s}' then ${i}`).join(' ')} end`;

// Names sort without regard to case (NOCASE folds ASCII letters only: an accented initial sorts
// after "z"; a French collation would need ICU, which better-sqlite3 does not bundle, or a sort key
// column, which the synced schema does not have).
// A lead without a callback (an appointment) sorts after every lead with one (NONE, nearest-first.ts);
// over many leads these two sorts are read in their date's index order instead (same order, same keys).
export const SORTS: Record<LeadSort, readonly SortKey[]> = {
  created_desc: [
    { expr: 'l.created_at', dir: 'desc' },
    { expr: 'l.id', dir: 'desc' },
  ],
  created_asc: [
    { expr: 'l.created_at', dir: 'asc' },
    { expr: 'l.id', dir: 'asc' },
  ],
  name_asc: [
    { expr: 'l.last_name', dir: 'asc', collate: 'nocase' },
    { expr: 'l.first_name', dir: 'asc', collate: 'nocase' },
    { expr: 'l.id', dir: 'asc' },
  ],
  status: [
    { expr: STATUS_RANK, dir: 'asc' },
    { expr: 'l.created_at', dir: 'desc' },
    { expr: 'l.id', dir: 'desc' },
  ],
  callback_asc: [
    { expr: `ifnull(l.callback_at, '${NONE}')`, dir: 'asc' },
    { expr: 'l.id', dir: 'asc' },
  ],
  appointment_asc: [
    { expr: `ifnull(${NEXT_APPOINTMENT}, '${NONE}')`, dir: 'asc' },
    { expr: 'l.id', dir: 'asc' },
  ],
  updated_desc: [
    { expr: 'l.updated_at', dir: 'desc' },
    { expr: 'l.id', dir: 'desc' },
  ],
};

type ItemRow = Omit<LeadListItem, 'pending'> & { pending: number } & Record<string, unknown>;

function toItem(row: ItemRow): LeadListItem {
  return {
    id: row.id,
    firstName: row.firstName,
    lastName: row.lastName,
    email: row.email,
    phoneE164: row.phoneE164,
    phoneRaw: row.phoneRaw,
    status: row.status,
    assigneeId: row.assigneeId,
    source: row.source,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    callbackAt: row.callbackAt,
    nextAppointmentAt: row.nextAppointmentAt,
    duplicateOfId: row.duplicateOfId,
    pending: row.pending === 1,
  };
}

/**
 * The rows of one page in two steps: first the page's rowids and sort keys (`keysSql`: rid, k0,
 * k1, …), found and sorted from the indexes alone; then the list columns of those rows only. One
 * step would read the table row of every matching lead before sorting, which is what makes a big
 * list slow.
 */
function pageSql(keysSql: string, keys: readonly SortKey[], withTotal = false): string {
  // `withTotal`: the number of matches, counted by the same pass (see listLeads).
  return `select ${ITEM_COLUMNS}, ${keys.map((_, i) => `p.k${i}`).join(', ')}${withTotal ? ', p.total' : ''}
    from (${keysSql}) p
    join leads l on l.rowid = p.rid
    order by ${orderBy(keys, 'p')}`;
}

/** The rowids and keys of a page sorted by the keys' expressions over every match. */
function sortedKeysSql(where: SqlWhere, keys: readonly SortKey[], extra: string, withTotal = false): string {
  return `select l.rowid as rid, ${keyColumns(keys)}${withTotal ? ', count(*) over () as total' : ''} from ${where.from} where ${where.sql}${extra}
          order by ${orderBy(keys)} limit ?`;
}

/** List rows matching a WHERE over `leads l`, in a sort, at most `limit`. */
export function leadItems(sqlite: Database.Database, where: SqlWhere, sort: LeadSort, limit: number): LeadListItem[] {
  const keys = SORTS[sort];
  return (statement(sqlite, pageSql(sortedKeysSql(where, keys, ''), keys)).all(...where.params, limit) as ItemRow[]).map(toItem);
}

/**
 * A page of a nearest-first sort read in index order (nearest-first.ts): the dated leads, then the
 * undated ones. Null when a read stopped at its horizon short of a page: few of the rows there
 * match, and sorting the matches costs less than reading on.
 */
function nearestFirstRows(
  sqlite: Database.Database,
  how: NearestFirst,
  where: SqlWhere,
  after: readonly unknown[] | null,
  keys: readonly SortKey[],
  limit: number,
): ItemRow[] | null {
  const scan = LIST_TUNING.nearestFirstScan;
  const rows: ItemRow[] = [];
  for (const read of [() => datedQuery(sqlite, how, where, after, scan), () => undatedQuery(sqlite, how, where, after, scan)]) {
    const part = read();
    if (!part) continue;
    rows.push(...(statement(sqlite, pageSql(part.query.sql, keys)).all(...part.query.params, limit - rows.length) as ItemRow[]));
    if (rows.length >= limit) return rows;
    if (part.horizon !== null) return null;
  }
  return rows;
}

export interface LeadListQuery {
  filters: LeadFilters;
  sort: LeadSort;
  after?: string | null;
  limit: number;
}

export function listLeads(sqlite: Database.Database, query: LeadListQuery): LeadListPage {
  const keys = SORTS[query.sort];
  const where = leadWhere(sqlite, query.filters);
  if (where.empty) return { rows: [], next: null, total: 0 };
  const after = query.after ? decodeCursor(query.after, query.sort, keys) : null;
  const count = () => statement(sqlite, `select count(*) from ${where.countFrom ?? where.from} where ${where.sql}`).pluck().get(...where.params) as number;

  // One row more than asked tells whether another page follows.
  const limit = query.limit + 1;
  let total: number | null = null;
  const nearestFirst = NEAREST_FIRST[query.sort];
  let found: ItemRow[] | null = null;
  // Many matches: read them in the order of the date's index rather than sort them all.
  const counted = () => (total = count());
  if (nearestFirst && readsInDateOrder(nearestFirst, where, counted, LIST_TUNING.nearestFirstMin)) {
    found = nearestFirstRows(sqlite, nearestFirst, where, after, keys, limit);
  }
  if (found === null) {
    let extra = '';
    const params = [...where.params];
    if (after) {
      const clause = afterClause(keys, after);
      extra = ` and ${clause.sql}`;
      params.push(...clause.params);
    }
    // A search's first page reads every match to sort them anyway (no index order survives the
    // match): it counts them in the same pass instead of a second query over the same rows.
    const countInPage = total === null && !after && where.searched === true;
    found = statement(sqlite, pageSql(sortedKeysSql(where, keys, extra, countInPage), keys, countInPage)).all(...params, limit) as ItemRow[];
    if (countInPage) total = Number(found[0]?.total ?? 0);
  }
  const more = found.length > query.limit;
  const page = more ? found.slice(0, query.limit) : found;
  const last = page.at(-1);
  // A first page that holds every match has counted them already.
  total ??= !after && !more ? found.length : count();
  return {
    rows: page.map(toItem),
    next: more && last ? encodeCursor(query.sort, keyValues(keys, last)) : null,
    total,
  };
}

export function emptyStatusCounts(): Record<LeadStatus, number> {
  return Object.fromEntries(LEAD_STATUSES.map((s) => [s, 0])) as Record<LeadStatus, number>;
}

/** Leads per status for a WHERE over `leads l`; every status present, 0 when none. */
export function statusCounts(sqlite: Database.Database, where: SqlWhere): Record<LeadStatus, number> {
  const counts = emptyStatusCounts();
  const sql = `select l.status as status, count(*) as n from ${where.countFrom ?? where.from} where ${where.sql} group by l.status`;
  for (const row of statement(sqlite, sql).all(...where.params) as Array<{ status: LeadStatus; n: number }>) {
    counts[row.status] = row.n;
  }
  return counts;
}

/**
 * Counts per status for the list's filters, except the status filter itself: the counts label the
 * status chips, and a chip must show how many leads choosing it would add.
 */
export function countLeadsByStatus(sqlite: Database.Database, filters: LeadFilters): Record<LeadStatus, number> {
  return statusCounts(sqlite, leadWhere(sqlite, filters, { ignoreStatuses: true }));
}

/** The ids of every matching lead, newest first ("select all that match"), at most `max`. */
export function leadIds(sqlite: Database.Database, filters: LeadFilters, max: number, sort: LeadSort = 'created_desc'): string[] {
  const where = leadWhere(sqlite, filters);
  const sql = `select l.id from ${where.from} where ${where.sql} order by ${orderBy(SORTS[sort])} limit ?`;
  return statement(sqlite, sql).pluck().all(...where.params, max) as string[];
}

/**
 * Open leads a lead typed in the new-lead form would duplicate (domain.md, "Duplicates"): same
 * normalised phone or e-mail, not final, not deleted; oldest first, as `findDuplicate` picks them.
 */
export function findDuplicateLeads(
  sqlite: Database.Database,
  input: { email?: string | null; phone?: string | null; excludeId?: string | null },
): Lead[] {
  const phone = normalizePhone(input.phone).e164;
  const email = normalizeEmail(input.email);
  const found = openLeadsByContact(sqlite, { phones: phone ? [phone] : [], emails: email ? [email] : [] });
  return found.filter((lead) => lead.id !== input.excludeId);
}
