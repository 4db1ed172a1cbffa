// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { calendarBuilt, warmCalendarWhenIdle } from './warmCalendar';

afterEach(() => vi.unstubAllGlobals());

describe('warmCalendarWhenIdle', () => {
  it('waits for an idle moment, and is not started once the real calendar is built (it would compete with its first opening)', () => {
    const waiting: Array<() => void> = [];
    const cancelled: number[] = [];
    vi.stubGlobal('requestIdleCallback', (callback: () => void) => waiting.push(callback));
    vi.stubGlobal('cancelIdleCallback', (id: number) => cancelled.push(id));

    // Nothing built yet (no other file of this worker renders the calendar): the warm-up waits.
    const stop = warmCalendarWhenIdle();
    expect(waiting).toHaveLength(1);
    stop();
    expect(cancelled).toEqual([1]);

    calendarBuilt();
    warmCalendarWhenIdle();
    expect(waiting).toHaveLength(1);
  });
});
