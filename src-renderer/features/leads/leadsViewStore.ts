import type { LeadSort } from '~shared/contract/ipc';
import { createExternalStore } from '../../lib/external-store';
import { DEFAULT_SORT, EMPTY_FILTERS, type LeadFilterState } from './leadFilters';

// The lead list's filters and sort outlive the screen: open a lead, come back, and the list is
// as it was. Other screens (Ma journée) open the list with filters set here.

export interface LeadsView {
  filters: LeadFilterState;
  sort: LeadSort;
  scrollTop: number;
}

const view = createExternalStore<LeadsView>({ filters: EMPTY_FILTERS, sort: DEFAULT_SORT, scrollTop: 0 });

export function getLeadsView(): LeadsView {
  return view.get();
}

export function setLeadsView(patch: Partial<LeadsView>): void {
  view.set({ ...view.get(), ...patch });
}

/** Opens the list on exactly these filters (everything else cleared). */
export function showLeadsWith(filters: Partial<LeadFilterState>, sort: LeadSort = DEFAULT_SORT): void {
  setLeadsView({ filters: { ...EMPTY_FILTERS, ...filters }, sort, scrollTop: 0 });
}

export function useLeadsView(): LeadsView {
  return view.use();
}
