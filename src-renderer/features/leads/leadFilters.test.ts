import { describe, it, expect } from 'vitest';
import { EMPTY_FILTERS, activeFilterCount, toListFilters } from './leadFilters';

const ctx = { meId: '00000000-0000-4000-8000-000000000003', now: '2026-03-09T15:00:00.000Z', timeZone: 'America/Toronto' };

describe('filter bar → leads:list filters', () => {
  it('no filter is no filter at all (not empty arrays the list would read as "none")', () => {
    expect(toListFilters(EMPTY_FILTERS, ctx)).toEqual({});
    expect(toListFilters({ ...EMPTY_FILTERS, search: '   ' }, ctx)).toEqual({});
  });

  it('"me", "unassigned" and a colleague', () => {
    expect(toListFilters({ ...EMPTY_FILTERS, assignee: 'me' }, ctx)).toEqual({ assigneeId: ctx.meId });
    expect(toListFilters({ ...EMPTY_FILTERS, assignee: 'unassigned' }, ctx)).toEqual({ unassigned: true });
    const other = '00000000-0000-4000-8000-000000000004';
    expect(toListFilters({ ...EMPTY_FILTERS, assignee: other }, ctx)).toEqual({ assigneeId: other });
  });

  it('created "from the 7th to the 8th of March" covers both office days, across the change of hour', () => {
    const f = toListFilters({ ...EMPTY_FILTERS, createdFrom: '2026-03-07', createdTo: '2026-03-08' }, ctx);
    expect(f.createdFrom).toBe('2026-03-07T05:00:00.000Z');
    // 8 March 2026 ends at 23:59:59.999 daylight time, 03:59:59.999 UTC.
    expect(f.createdTo).toBe('2026-03-09T03:59:59.999Z');
  });

  it('search is trimmed; callback due means at or before now; the rest passes as chosen', () => {
    expect(
      toListFilters({ ...EMPTY_FILTERS, search: '  Tremblay ', callbackDue: true, duplicatesOnly: true, statuses: ['new', 'contacted'], sources: ['web_form'] }, ctx),
    ).toEqual({ search: 'Tremblay', callbackDueBefore: ctx.now, duplicatesOnly: true, statuses: ['new', 'contacted'], sources: ['web_form'] });
  });

  it('a grouped notification’s leads, or an import batch, narrow the list and count as a filter', () => {
    const ids = ['00000000-0000-4000-8000-000000000010', '00000000-0000-4000-8000-000000000011'];
    const only = { ...EMPTY_FILTERS, only: { ids, label: '2 leads' } };
    expect(toListFilters(only, ctx)).toEqual({ ids });
    expect(activeFilterCount(only)).toBe(1);
    const batch = '00000000-0000-4000-8000-000000000012';
    expect(toListFilters({ ...EMPTY_FILTERS, only: { importBatchId: batch, label: 'salon.xlsx' } }, ctx)).toEqual({ importBatchId: batch });
  });

  it('counts the active filters, search aside', () => {
    expect(activeFilterCount({ ...EMPTY_FILTERS, search: 'x' })).toBe(0);
    expect(activeFilterCount({ ...EMPTY_FILTERS, statuses: ['new'], assignee: 'me', createdFrom: '2026-01-01', createdTo: '2026-01-02' })).toBe(3);
  });
});
