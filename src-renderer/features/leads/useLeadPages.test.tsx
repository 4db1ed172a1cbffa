// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import type { LeadListItem, LeadListPage } from '~shared/contract/ipc';
import { FakeApi } from '../../testing/fakeApi';
import { lead, listItem } from '../../testing/fixtures';
import { useLeadPages } from './useLeadPages';

afterEach(cleanup);

/** A keyset list over `rows`: the cursor is the id of the last row given. */
function keysetApi(rows: () => LeadListItem[]) {
  return new FakeApi({
    'leads:list': (input): LeadListPage => {
      const all = rows();
      const start = input.after ? all.findIndex((r) => r.id === input.after) + 1 : 0;
      const limit = input.limit ?? 200;
      const page = all.slice(start, start + limit);
      return { rows: page, next: start + limit < all.length ? page[page.length - 1]!.id : null, total: all.length };
    },
  });
}

const filters = {};

describe('lead list paging over leads:list keyset cursors', () => {
  it('reaches the middle of 100,000 leads with the right rows, reading at most 1,000 per call', async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => listItem(lead(i)));
    const api = keysetApi(() => rows);
    window.api = api;
    const { result } = renderHook(() => useLeadPages(filters, 'created_desc'));
    await waitFor(() => expect(result.current.total).toBe(100_000));
    act(() => result.current.showRange(50_000, 50_020));
    await waitFor(() => expect(result.current.rowAt(50_020)).toBeDefined(), { timeout: 10_000 });
    expect(result.current.rowAt(50_000)!.id).toBe(rows[50_000]!.id);
    expect(result.current.rowAt(50_020)!.id).toBe(rows[50_020]!.id);
    const calls = api.callsTo('leads:list');
    expect(calls.every((c) => (c.limit ?? 0) <= 1000)).toBe(true);
    expect(calls.length).toBeLessThanOrEqual(52);
    // Far from the screen, rows are let go.
    expect(result.current.rowAt(10_000)).toBeUndefined();
  });

  it('reads the rows on screen again after a "changed" event, from their own cursor', async () => {
    let rows = Array.from({ length: 2_000 }, (_, i) => listItem(lead(i)));
    const api = keysetApi(() => rows);
    window.api = api;
    const { result } = renderHook(() => useLeadPages(filters, 'created_desc'));
    act(() => result.current.showRange(600, 620));
    await waitFor(() => expect(result.current.rowAt(620)?.id).toBe(rows[620]!.id));
    rows = rows.map((r, i) => (i === 610 ? { ...r, lastName: 'Modifié ailleurs' } : r));
    act(() => api.emit({ type: 'changed', tables: ['leads'] }));
    await waitFor(() => expect(result.current.rowAt(610)?.lastName).toBe('Modifié ailleurs'));
    expect(result.current.rowAt(611)?.id).toBe(rows[611]!.id);
  });

  it('starts over when the filters change', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => listItem(lead(i)));
    const api = keysetApi(() => rows);
    window.api = api;
    const { result, rerender } = renderHook(({ f }) => useLeadPages(f, 'created_desc'), { initialProps: { f: {} as { search?: string } } });
    await waitFor(() => expect(result.current.total).toBe(300));
    rerender({ f: { search: 'x' } });
    await waitFor(() => expect(api.callsTo('leads:list').at(-1)).toMatchObject({ filters: { search: 'x' }, after: null }));
  });
});
