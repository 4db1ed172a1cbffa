// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import type { ApiEvent, CalendarRange, IpcResult } from '~shared/contract/ipc';
import { CHANGE_COALESCE_MS, askAhead, useQuery } from './api';

afterEach(cleanup);

/** Holds every call until the test answers it, to see the hook between asking and hearing. */
class HeldApi {
  readonly held: Array<{ input: unknown; answer: (result: IpcResult<unknown>) => void }> = [];
  invoke(_channel: string, input: unknown): Promise<IpcResult<unknown>> {
    return new Promise((answer) => this.held.push({ input, answer }));
  }
  readonly listeners = new Set<(event: ApiEvent) => void>();
  on(listener: (event: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(event: ApiEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

const week = (from: string) => ({ from, to: from.replace('-07', '-14'), userId: null });
const range = (n: number) => ({ appointments: [], tasks: [], leads: [], n }) as unknown as CalendarRange;

describe('useQuery', () => {
  it('is stale until its input’s answer comes, and again while the previous input’s answer is shown', async () => {
    const api = new HeldApi();
    window.api = api as unknown as typeof window.api;
    let input = week('2026-12-07T05:00:00.000Z');
    const { result, rerender } = renderHook(() => useQuery('calendar:range', input, { tables: ['appointments'] }));
    expect(result.current).toMatchObject({ data: undefined, loading: true, stale: true });

    await act(async () => api.held[0]!.answer({ ok: true, value: range(1) }));
    expect(result.current).toMatchObject({ data: range(1), loading: false, stale: false });

    input = week('2026-12-14T05:00:00.000Z');
    rerender();
    // The first week's events stay on screen (no flicker), but they are not the second week's.
    expect(result.current).toMatchObject({ data: range(1), loading: false, stale: true });
    await waitFor(() => expect(api.held).toHaveLength(2));
    expect(api.held[1]!.input).toEqual(input);

    await act(async () => api.held[1]!.answer({ ok: true, value: range(2) }));
    expect(result.current).toMatchObject({ data: range(2), stale: false });
  });

  it('is not stale once its input’s answer is a refusal: there is nothing more to wait for', async () => {
    const api = new HeldApi();
    window.api = api as unknown as typeof window.api;
    const { result } = renderHook(() => useQuery('calendar:range', week('2026-12-07T05:00:00.000Z'), { tables: ['appointments'] }));
    await act(async () => api.held[0]!.answer({ ok: false, error: { code: 'forbidden', message: 'Refusé.' } }));
    expect(result.current).toMatchObject({ data: undefined, stale: false });
    expect(result.current.error?.message).toBe('Refusé.');
  });

  it('disabled (a screen kept hidden), keeps its answer and asks nothing, even on changes; enabled again, asks once', async () => {
    const api = new HeldApi();
    window.api = api as unknown as typeof window.api;
    let enabled = true;
    const input = week('2026-12-07T05:00:00.000Z');
    const { result, rerender } = renderHook(() => useQuery('calendar:range', input, { tables: ['appointments'], enabled }));
    await act(async () => api.held[0]!.answer({ ok: true, value: range(1) }));

    enabled = false;
    rerender();
    expect(api.listeners.size).toBe(0);
    await act(async () => api.emit({ type: 'changed', tables: ['appointments'] }));
    await new Promise((r) => setTimeout(r, 2 * CHANGE_COALESCE_MS));
    expect(api.held).toHaveLength(1);
    expect(result.current).toMatchObject({ data: range(1), loading: false, stale: false });

    enabled = true;
    rerender();
    await waitFor(() => expect(api.held).toHaveLength(2));
    // What was shown stays until the new answer replaces it.
    expect(result.current.data).toEqual(range(1));
    await act(async () => api.held[1]!.answer({ ok: true, value: range(3) }));
    expect(result.current.data).toEqual(range(3));
    expect(api.held).toHaveLength(2);
  });
});

// The calendar's opening week asked at sign-in (calendarQuery.ts): the screen opened later draws
// that answer at once, without asking again, as long as nothing it reads from has changed.
describe('askAhead', () => {
  const input = week('2026-12-07T05:00:00.000Z');
  let drops: Array<() => void> = [];
  afterEach(() => {
    for (const drop of drops) drop();
    drops = [];
  });

  it('answered before the screen opens: its first render holds the answer, and nothing is asked again', async () => {
    const api = new HeldApi();
    window.api = api as unknown as typeof window.api;
    drops.push(askAhead('calendar:range', input, { tables: ['appointments'] }));
    await act(async () => api.held[0]!.answer({ ok: true, value: range(1) }));

    const { result } = renderHook(() => useQuery('calendar:range', input, { tables: ['appointments'] }));
    expect(result.current).toMatchObject({ data: range(1), loading: false });
    await new Promise((r) => setTimeout(r, 2 * CHANGE_COALESCE_MS));
    expect(api.held).toHaveLength(1);
    expect(result.current.data).toEqual(range(1));

    // Taken once: a second screen with the same input asks for itself.
    renderHook(() => useQuery('calendar:range', input, { tables: ['appointments'] }));
    await waitFor(() => expect(api.held).toHaveLength(2));
  });

  it('still on its way when the screen opens: awaited, not asked twice', async () => {
    const api = new HeldApi();
    window.api = api as unknown as typeof window.api;
    drops.push(askAhead('calendar:range', input, { tables: ['appointments'] }));
    const { result } = renderHook(() => useQuery('calendar:range', input, { tables: ['appointments'] }));
    expect(result.current).toMatchObject({ data: undefined, loading: true });
    await act(async () => api.held[0]!.answer({ ok: true, value: range(2) }));
    expect(result.current).toMatchObject({ data: range(2), loading: false, stale: false });
    expect(api.held).toHaveLength(1);
  });

  it('a change to a table it reads drops it: the screen asks afresh; another input, or another table’s change, is its own', async () => {
    const api = new HeldApi();
    window.api = api as unknown as typeof window.api;
    drops.push(askAhead('calendar:range', input, { tables: ['appointments'] }));
    await act(async () => api.held[0]!.answer({ ok: true, value: range(1) }));
    await act(async () => api.emit({ type: 'changed', tables: ['clients'] }));
    const other = week('2026-12-14T05:00:00.000Z');
    const { result: second } = renderHook(() => useQuery('calendar:range', other, { tables: ['appointments'] }));
    expect(second.current.data).toBeUndefined();
    await waitFor(() => expect(api.held).toHaveLength(2));
    expect(api.held[1]!.input).toEqual(other);

    // Still there after another table's change; gone after one of its own.
    await act(async () => api.emit({ type: 'changed', tables: ['appointments'] }));
    const { result } = renderHook(() => useQuery('calendar:range', input, { tables: ['appointments'] }));
    expect(result.current.data).toBeUndefined();
    await waitFor(() => expect(api.held.map((h) => h.input)).toContainEqual(input));
    expect(api.held.filter((h) => JSON.stringify(h.input) === JSON.stringify(input))).toHaveLength(2);
  });

  it('dropped (signed out): the screen asks for itself', async () => {
    const api = new HeldApi();
    window.api = api as unknown as typeof window.api;
    const drop = askAhead('calendar:range', input, { tables: ['appointments'] });
    await act(async () => api.held[0]!.answer({ ok: true, value: range(1) }));
    drop();
    const { result } = renderHook(() => useQuery('calendar:range', input, { tables: ['appointments'] }));
    expect(result.current.data).toBeUndefined();
    await waitFor(() => expect(api.held).toHaveLength(2));
  });
});
