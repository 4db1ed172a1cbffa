import type Database from 'better-sqlite3';
import type { LeadFilters } from '~shared/contract/ipc';
import { statement } from '../statements';
import { ftsQuery } from './search';

// The WHERE clause of every lead list, count and "select all that match" (leadFiltersSchema in
// src-shared/contract/ipc.ts), over `leads l`. Lists travel as one JSON parameter so that the SQL
// text, and so the prepared statement, depends only on which filters are set.

export interface SqlWhere {
  /** `leads l`, with the index to read it through when the planner would pick a worse one. */
  readonly from: string;
  /** The index `from` names, if any. */
  readonly index?: string | null;
  /** The same for counting, which needs fewer columns (so a narrower index) than a page. */
  readonly countFrom?: string;
  readonly sql: string;
  readonly params: unknown[];
  /** True when the search matches no lead at all: the caller may answer at once. */
  readonly empty?: boolean;
  /** True when a text search narrows the rows (every match is then read to be sorted). */
  readonly searched?: boolean;
}

/** Instants compare as text in SQLite; rows hold the server's `toISOString()` form, so inputs must too. */
export function isoInstant(instant: string): string {
  return new Date(instant).toISOString();
}

/**
 * Up to `searchDrivenMax` search matches, the query starts from them and reads each matching row:
 * a few microseconds each. Past it, scanning the covering index of the chosen statuses and probing
 * the matches is cheaper (tens of nanoseconds per index entry, however broad the search). Tests
 * lower it to run both plans on small data (nearestFirstMin too).
 */
export const LIST_TUNING = {
  searchDrivenMax: 2000,
  /**
   * Past this many matches, the nearest-callback and nearest-appointment sorts read the leads in
   * their date's index order (nearest-first.ts) instead of sorting every match: about a microsecond
   * a match to sort, against a few microseconds a row read (page × leads / matches rows) in order.
   */
  nearestFirstMin: 8000,
  /**
   * How far such a read goes (dates, then leads) before giving up on the index order for that page:
   * when a filter lets few of the dated leads through (a status without callbacks), sorting the
   * matches is cheaper than reading every dated lead.
   */
  nearestFirstScan: 4000,
};

export function leadWhere(
  sqlite: Database.Database,
  filters: LeadFilters,
  options: { ignoreStatuses?: boolean } = {},
): SqlWhere {
  // Archived leads (soft-deleted, permissions.md) leave every list.
  const clauses = ['l.deleted_at is null'];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    clauses.push(clause);
    params.push(...values);
  };

  // An empty set of statuses means "no status chosen", i.e. every status, as in the UI's chips.
  const statuses = !options.ignoreStatuses && filters.statuses !== undefined && filters.statuses.length > 0;
  if (statuses) add('l.status in (select value from json_each(?))', JSON.stringify(filters.statuses));
  if (filters.assigneeId) add('l.assignee_id = ?', filters.assigneeId);
  if (filters.unassigned) clauses.push('l.assignee_id is null');
  if (filters.sources && filters.sources.length > 0) {
    add('l.source in (select value from json_each(?))', JSON.stringify(filters.sources));
  }
  if (filters.createdFrom) add('l.created_at >= ?', isoInstant(filters.createdFrom));
  if (filters.createdTo) add('l.created_at <= ?', isoInstant(filters.createdTo));
  if (filters.callbackDueBefore) add('l.callback_at <= ?', isoInstant(filters.callbackDueBefore));
  if (filters.duplicatesOnly) clauses.push('l.duplicate_of_id is not null');
  if (filters.importBatchId) add('l.import_batch_id = ?', filters.importBatchId);
  if (filters.ids) add('l.id in (select value from json_each(?))', JSON.stringify(filters.ids));

  // Without statistics SQLite reads these lists through the narrow `leads_status_idx` and then the
  // table for every row; the covering partial indexes of migrations 0002 and 0004 hold every sort
  // key and the common filters, so a status range is read from an index alone. Named, so the
  // choice is ours. Filtered by status (or nothing) and search alone, a count needs the status
  // only: the narrow `leads_live_status_idx` is read several times faster than the wide one.
  let index = statuses ? 'leads_live_list_idx' : filters.assigneeId ? 'leads_live_assignee_idx' : null;
  const statusOnly = clauses.length === (statuses ? 2 : 1);
  let countIndex = statusOnly ? 'leads_live_status_idx' : index;
  const match = ftsQuery(filters.search);
  let empty = false;
  if (match) {
    // The matches, as far as the choice needs them: a broad search is not read to its end here.
    const found = statement(sqlite, 'select rowid from leads_fts where leads_fts match ? limit ?')
      .pluck()
      .all(match, LIST_TUNING.searchDrivenMax + 1) as number[];
    empty = found.length === 0;
    if (found.length <= LIST_TUNING.searchDrivenMax) {
      // Few: the query starts from them (read once here, not again by the page and the count).
      index = countIndex = null;
      add('l.rowid in (select value from json_each(?))', JSON.stringify(found));
    } else {
      // Many: each index entry of the chosen statuses is probed against them; `+` keeps SQLite
      // from driving the query by rowid from the matches instead.
      add(`${index ? '+' : ''}l.rowid in (select rowid from leads_fts where leads_fts match ?)`, match);
    }
  }
  const through = (name: string | null) => (name ? `leads l indexed by ${name}` : 'leads l');
  return { from: through(index), index, countFrom: through(countIndex), sql: clauses.join(' and '), params, empty, searched: match !== null };
}
