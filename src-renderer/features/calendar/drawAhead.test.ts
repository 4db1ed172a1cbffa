// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IpcResult } from '~shared/contract/ipc';
import { invoke } from '../../lib/api';
import { DRAW_AHEAD_LATEST_MS, whenIdleAfterSignIn } from './drawAhead';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** The page's questions, held until the test answers them. */
function heldApi() {
  const held: Array<(result: IpcResult<unknown>) => void> = [];
  window.api = { invoke: () => new Promise((answer) => held.push(answer)), on: () => () => {} } as unknown as typeof window.api;
  return held;
}

function idleCallbacks() {
  const waiting: Array<() => void> = [];
  const cancelled: number[] = [];
  vi.stubGlobal('requestIdleCallback', (callback: () => void) => waiting.push(callback));
  vi.stubGlobal('cancelIdleCallback', (id: number) => cancelled.push(id));
  return { waiting, cancelled };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('whenIdleAfterSignIn', () => {
  it('waits until the screen’s questions are answered, then an idle moment, before drawing', async () => {
    const held = heldApi();
    const { waiting } = idleCallbacks();
    const draw = vi.fn();
    void invoke('dashboard:get', {});
    void invoke('notifications:list', { unreadOnly: true, limit: 1 });

    const stop = whenIdleAfterSignIn(draw);
    held[0]!({ ok: true, value: null });
    await settle();
    expect(waiting).toHaveLength(0);
    held[1]!({ ok: true, value: null });
    await settle();
    expect(waiting).toHaveLength(1);
    expect(draw).not.toHaveBeenCalled();
    waiting[0]!();
    expect(draw).toHaveBeenCalledTimes(1);
    stop();
  });

  it('with nothing asked, waits only for an idle moment; a screen that keeps asking delays it DRAW_AHEAD_LATEST_MS at most', async () => {
    const held = heldApi();
    vi.useFakeTimers();
    const { waiting } = idleCallbacks();
    whenIdleAfterSignIn(() => {});
    expect(waiting).toHaveLength(1);

    void invoke('dashboard:get', {});
    whenIdleAfterSignIn(() => {});
    vi.advanceTimersByTime(DRAW_AHEAD_LATEST_MS - 1);
    expect(waiting).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(waiting).toHaveLength(2);
    vi.useRealTimers();
    held[0]!({ ok: true, value: null });
    await settle();
  });

  it('cancelled (signed out), draws nothing: before the answers, nothing is asked of the browser; after, the idle callback is cancelled', async () => {
    const held = heldApi();
    const { waiting, cancelled } = idleCallbacks();
    void invoke('dashboard:get', {});
    whenIdleAfterSignIn(() => {})();
    held[0]!({ ok: true, value: null });
    await settle();
    expect(waiting).toHaveLength(0);

    whenIdleAfterSignIn(() => {})();
    expect(cancelled).toEqual([1]);
  });
});
