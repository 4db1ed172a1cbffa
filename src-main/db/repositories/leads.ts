import type Database from 'better-sqlite3';
import type { LeadFilters, LeadListItem, LeadListPage, LeadSort } from '../../../src-shared/contract/ipc';
import type { Lead } from '../../../src-shared/domain/entities';
import { normalizeEmail } from '../../../src-shared/domain/email';
import { normalizePhone } from '../../../src-shared/domain/phone';
import { LEAD_STATUSES, type LeadStatus } from '../../../src-shared/domain/statuses';
import { openLeadsByContact } from '../state-loader';
import { statement } from '../statements';
import { afterClause, decodeCursor, encodeCursor, keyColumns, keyValues, orderBy, type SortKey } from './keyset';
import { leadWhere, type SqlWhere } from './lead-filters';

// The lead list of the Leads screen and of the dashboard (issue 4, point 2): filters, search, sorts,
// keyset pages, counts per status, and "select all that match".

/** The columns of a list row; `pending` says a change to the lead waits in the outbox. */
const ITEM_COLUMNS = `l.id, l.first_name as firstName, l.last_name as lastName, l.email, l.phone_e164 as phoneE164,
  l.phone_raw as phoneRaw, l.status, l.assignee_id as assigneeId, l.source, l.created_at as createdAt,
  l.updated_at as updatedAt, l.callback_at as callbackAt, l.duplicate_of_id as duplicateOfId,
  exists (select 1 from saved_images s where s.table_name = 'leads' and s.row_id = l.id) as pending`;

/** Statuses in the office's process order (domain.md), so "by status" reads like the pipeline. */
const STATUS_RANK = `case l.status ${LEAD_STATUSES.map((s, i) => `when '${s}' then ${i}`).join(' ')} end`;

// Names sort without regard to case (NOCASE folds ASCII letters only: an accented initial sorts
// after "z"; a French collation would need ICU, which better-sqlite3 does not bundle, or a sort key
// column, which the synced schema does not have).
// A lead without a callback sorts after every lead with one ('~' follows the digits of an instant).
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
    { expr: "ifnull(l.callback_at, '~')", dir: 'asc' },
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
    duplicateOfId: row.duplicateOfId,
    pending: row.pending === 1,
  };
}

/**
 * The rows of one page in two steps: first the page's rowids and sort keys, found and sorted from
 * the index alone; then the list columns of those rows only. One step would read the table row of
 * every matching lead before sorting, which is what makes a big list slow.
 */
function pageSql(where: SqlWhere, keys: readonly SortKey[], extra: string, withTotal = false): string {
  // `withTotal`: the number of matches, counted by the same pass (see listLeads).
  return `select ${ITEM_COLUMNS}, ${keys.map((_, i) => `p.k${i}`).join(', ')}${withTotal ? ', p.total' : ''}
    from (select l.rowid as rid, ${keyColumns(keys)}${withTotal ? ', count(*) over () as total' : ''} from ${where.from} where ${where.sql}${extra}
          order by ${orderBy(keys)} limit ?) p
    join leads l on l.rowid = p.rid
    order by ${orderBy(keys, 'p')}`;
}

/** List rows matching a WHERE over `leads l`, in a sort, at most `limit`. */
export function leadItems(sqlite: Database.Database, where: SqlWhere, sort: LeadSort, limit: number): LeadListItem[] {
  return (statement(sqlite, pageSql(where, SORTS[sort], '')).all(...where.params, limit) as ItemRow[]).map(toItem);
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

  let extra = '';
  const params = [...where.params];
  if (query.after) {
    const after = afterClause(keys, decodeCursor(query.after, query.sort, keys));
    extra = ` and ${after.sql}`;
    params.push(...after.params);
  }
  // A search's first page reads every match to sort them anyway (no index order survives the
  // match): it counts them in the same pass instead of a second query over the same rows.
  const countInPage = !query.after && where.searched === true;
  // One row more than asked tells whether another page follows.
  const found = statement(sqlite, pageSql(where, keys, extra, countInPage)).all(...params, query.limit + 1) as ItemRow[];
  const more = found.length > query.limit;
  const page = more ? found.slice(0, query.limit) : found;
  const last = page.at(-1);
  // A first page that holds every match has counted them already.
  const total =
    !query.after && !more
      ? found.length
      : countInPage
        ? Number(found[0]?.total ?? 0)
        : (statement(sqlite, `select count(*) from ${where.countFrom ?? where.from} where ${where.sql}`).pluck().get(...where.params) as number);
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
