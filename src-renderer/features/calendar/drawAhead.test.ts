// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DRAW_AHEAD_AFTER_MS, whenIdleAfterSignIn } from './drawAhead';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('whenIdleAfterSignIn', () => {
  it('waits its delay, then an idle moment, before drawing; cancelled, it draws nothing', () => {
    vi.useFakeTimers();
    const waiting: Array<() => void> = [];
    const cancelled: number[] = [];
    vi.stubGlobal('requestIdleCallback', (callback: () => void) => waiting.push(callback));
    vi.stubGlobal('cancelIdleCallback', (id: number) => cancelled.push(id));
    const draw = vi.fn();

    const stop = whenIdleAfterSignIn(draw);
    vi.advanceTimersByTime(DRAW_AHEAD_AFTER_MS - 1);
    expect(waiting).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(waiting).toHaveLength(1);
    expect(draw).not.toHaveBeenCalled();
    waiting[0]!();
    expect(draw).toHaveBeenCalledTimes(1);

    // Signed out before the idle moment: the waiting callback is cancelled.
    const again = whenIdleAfterSignIn(draw);
    vi.advanceTimersByTime(DRAW_AHEAD_AFTER_MS);
    again();
    expect(cancelled).toEqual([2]);
    // Signed out before the delay: nothing is even asked of the browser.
    whenIdleAfterSignIn(draw)();
    vi.advanceTimersByTime(DRAW_AHEAD_AFTER_MS);
    expect(waiting).toHaveLength(2);
    stop();
  });
});
