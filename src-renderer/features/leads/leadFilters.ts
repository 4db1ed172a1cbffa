import type { LeadFilters, LeadSort } from '~shared/contract/ipc';
import type { LeadStatus } from '~shared/domain/statuses';
import type { LEAD_SOURCES } from '~shared/domain/entities';
import { endOfOfficeDay, officeInstant } from '~shared/domain/office-time';

// What the filter bar holds, and the `leads:list` filters it stands for. Dates are office days
// ("YYYY-MM-DD"): "created from the 3rd to the 5th" means from the first instant of the 3rd to
// the last of the 5th, in the office's time zone.

export type LeadSource = (typeof LEAD_SOURCES)[number];

export interface LeadFilterState {
  search: string;
  statuses: LeadStatus[];
  /** 'any', 'me', 'unassigned', or a user id. */
  assignee: string;
  sources: LeadSource[];
  createdFrom: string | null;
  createdTo: string | null;
  callbackDue: boolean;
  duplicatesOnly: boolean;
  /** The leads another screen opened the list on (a grouped notification's), with what it calls them. */
  only: OnlyLeads | null;
}

/** A set of leads opened from elsewhere: by their ids, or an import batch. */
export interface OnlyLeads {
  ids?: string[];
  importBatchId?: string;
  /** Shown on the list's chip: « 3 leads attribués le 6 déc. ». */
  label: string;
}

export const EMPTY_FILTERS: LeadFilterState = {
  search: '',
  statuses: [],
  assignee: 'any',
  sources: [],
  createdFrom: null,
  createdTo: null,
  callbackDue: false,
  duplicatesOnly: false,
  only: null,
};

export const DEFAULT_SORT: LeadSort = 'created_desc';

export interface FilterContext {
  meId: string;
  /** ISO instant: "callback due" means due at or before now. */
  now: string;
  timeZone: string;
}

export function toListFilters(state: LeadFilterState, ctx: FilterContext): LeadFilters {
  const filters: LeadFilters = {};
  const search = state.search.trim();
  if (search !== '') filters.search = search.slice(0, 200);
  if (state.statuses.length > 0) filters.statuses = [...state.statuses];
  if (state.assignee === 'me') filters.assigneeId = ctx.meId;
  else if (state.assignee === 'unassigned') filters.unassigned = true;
  else if (state.assignee !== 'any' && state.assignee !== '') filters.assigneeId = state.assignee;
  if (state.sources.length > 0) filters.sources = [...state.sources];
  if (state.createdFrom) filters.createdFrom = officeInstant(state.createdFrom.slice(0, 10), 0, ctx.timeZone);
  if (state.createdTo) {
    // The last millisecond of that office day, so that "to the 5th" includes the 5th.
    filters.createdTo = endOfOfficeDay(officeInstant(state.createdTo.slice(0, 10), 0, ctx.timeZone), ctx.timeZone);
  }
  if (state.callbackDue) filters.callbackDueBefore = ctx.now;
  if (state.duplicatesOnly) filters.duplicatesOnly = true;
  if (state.only?.ids) filters.ids = [...state.only.ids];
  if (state.only?.importBatchId) filters.importBatchId = state.only.importBatchId;
  return filters;
}

/** How many filters differ from none, for the "N filtres" badge and "Effacer les filtres". */
export function activeFilterCount(state: LeadFilterState): number {
  return (
    (state.statuses.length > 0 ? 1 : 0) +
    (state.assignee !== 'any' ? 1 : 0) +
    (state.sources.length > 0 ? 1 : 0) +
    (state.createdFrom || state.createdTo ? 1 : 0) +
    (state.callbackDue ? 1 : 0) +
    (state.duplicatesOnly ? 1 : 0) +
    (state.only ? 1 : 0)
  );
}
