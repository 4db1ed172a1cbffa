import type Database from 'better-sqlite3';
import type { LeadSort } from '~shared/contract/ipc';
import { statement } from '../statements';
import type { SqlWhere } from './lead-filters';

// The "nearest first" sorts of the lead list (nearest callback, nearest appointment) read from the
// index that holds their order: the leads with a date in date order, then the leads without one in
// id order (their key is '~', after every instant). Sorting every matching lead by a computed date
// instead costs about a microsecond a lead (88 ms over 100,000): fine for a narrow filter, too slow
// for the whole office. Both plans give the same order and the same cursor values (k0, k1), so
// paging may switch between them from one page to the next.

/** The key of a lead without a date: '~' sorts after the digits every instant starts with. */
export const NONE = '~';

/** An open appointment, as `appointments_open_*_idx` hold them. */
const OPEN = (a: string) => `${a}.state = 'scheduled' and ${a}.deleted_at is null`;

export interface NearestFirst {
  /** Rows of leads with a date, read in date order; `l` is the lead, `date` its date. */
  readonly dated: string;
  readonly date: string;
  /** The dates in order from an index alone (no lead read): `date` from `dated`, ascending. */
  readonly dates: string;
  /** Keeps one row per lead (its earliest date) and only leads that have one. */
  readonly datedOnly: string;
  /** The leads without a date. */
  readonly undated: string;
  /** An index the filters may read through that holds the date too: sorting from it is cheap. */
  readonly sortedFrom?: string;
}

export const NEAREST_FIRST: Partial<Record<LeadSort, NearestFirst>> = {
  callback_asc: {
    dated: 'leads l indexed by leads_callback_at_idx',
    date: 'l.callback_at',
    dates: 'select callback_at as date from leads indexed by leads_callback_at_idx where callback_at is not null',
    datedOnly: 'l.callback_at is not null',
    undated: 'l.callback_at is null',
    // A status filter reads `leads_live_list_idx`, which holds callback_at: the status range is
    // sorted from the index alone (and callbacks go with one status, which a filter may exclude).
    sortedFrom: 'leads_live_list_idx',
  },
  appointment_asc: {
    // Each open appointment in start order, kept when it is its lead's first (ties broken by id,
    // so a lead with two appointments at the same start appears once), joined to its lead.
    dated: 'appointments a indexed by appointments_open_starts_idx cross join leads l',
    date: 'a.starts_at',
    dates: `select starts_at as date from appointments a indexed by appointments_open_starts_idx where ${OPEN('a')}`,
    datedOnly: `${OPEN('a')} and l.id = a.lead_id and not exists (select 1 from appointments b indexed by appointments_open_lead_idx
      where b.lead_id = a.lead_id and ${OPEN('b')} and (b.starts_at < a.starts_at or (b.starts_at = a.starts_at and b.id < a.id)))`,
    undated: `not exists (select 1 from appointments a indexed by appointments_open_lead_idx where a.lead_id = l.id and ${OPEN('a')})`,
  },
};

/**
 * Whether a page is read in date order: many matches (sorting them costs about a microsecond
 * each), no text search (its matches would be looked up again by each read), and no filter index
 * that sorts the dates more cheaply.
 */
export function readsInDateOrder(how: NearestFirst, where: SqlWhere, matches: () => number, min: number): boolean {
  if (where.searched || (how.sortedFrom !== undefined && where.index === how.sortedFrom)) return false;
  return matches() > min;
}

/** The query of the next dated leads after a cursor's date, up to a date; ends with `limit ?`. */
export interface DatedQuery {
  sql: string;
  params: unknown[];
}

/**
 * The next dated leads after the cursor `after` ([k0, k1]) if any, read in date order no further
 * than the `scan`-th date from the cursor's (the horizon: null when fewer dates remain), so that a
 * filter few dated leads pass costs at most `scan` rows before the caller sorts the matches instead.
 * Null when the cursor is past every date.
 */
export function datedQuery(
  sqlite: Database.Database,
  how: NearestFirst,
  where: SqlWhere,
  after: readonly unknown[] | null,
  scan: number,
): { query: DatedQuery; horizon: string | null } | null {
  const [afterDate, afterId] = after ?? [null, null];
  if (afterDate === NONE) return null;
  const from = after ? ' and date >= ?' : '';
  const horizon = statement(sqlite, `select date from (${how.dates}) where 1${from} order by date limit 1 offset ?`)
    .pluck()
    .get(...(after ? [afterDate] : []), scan) as string | undefined;
  const cursor = after ? ` and ${how.date} >= ? and (${how.date}, l.id) > (?, ?)` : '';
  const upTo = horizon === undefined ? '' : ` and ${how.date} <= ?`;
  return {
    horizon: horizon ?? null,
    query: {
      sql: `select l.rowid as rid, ${how.date} as k0, l.id as k1 from ${how.dated}
        where ${how.datedOnly} and ${where.sql}${cursor}${upTo} order by ${how.date}, l.id limit ?`,
      params: [...where.params, ...(after ? [afterDate, afterDate, afterId] : []), ...(horizon === undefined ? [] : [horizon])],
    },
  };
}

/**
 * The next undated leads (after the cursor's id when the cursor is one of them), in id order, no
 * further than the `scan`-th lead from there, as for the dated ones.
 */
export function undatedQuery(
  sqlite: Database.Database,
  how: NearestFirst,
  where: SqlWhere,
  after: readonly unknown[] | null,
  scan: number,
): { query: DatedQuery; horizon: string | null } {
  const [afterDate, afterId] = after ?? [null, null];
  const from = afterDate === NONE ? ' where id > ?' : '';
  const fromParams = afterDate === NONE ? [afterId] : [];
  const horizon = statement(sqlite, `select id from leads${from} order by id limit 1 offset ?`).pluck().get(...fromParams, scan) as string | undefined;
  const upTo = horizon === undefined ? '' : ' and l.id <= ?';
  return {
    horizon: horizon ?? null,
    query: {
      // Named, the primary key's index: otherwise SQLite reads `callback_at is null` (or an
      // assignee) from another index and sorts every undated lead before the first row.
      sql: `select l.rowid as rid, '${NONE}' as k0, l.id as k1 from leads l indexed by sqlite_autoindex_leads_1
        where ${how.undated} and ${where.sql}${from ? ' and l.id > ?' : ''}${upTo} order by l.id limit ?`,
      params: [...where.params, ...fromParams, ...(horizon === undefined ? [] : [horizon])],
    },
  };
}
