import { describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { startJobLoop } from './loop';

// The loop tells each run whether anything but wakes asked for it: the scheduler then skips the
// jobs only time makes due. Wakes close together share one run; a run asked for by runOnce while
// a wake's run waits is a full one.

const silent = createLogger({ level: 'silent' });

function recordingLoop(wakeDelayMs: number) {
  const runs: boolean[] = [];
  let release: () => void = () => {};
  let gate: Promise<void> = Promise.resolve();
  const loop = startJobLoop({
    name: 'test',
    intervalMs: null,
    wakeDelayMs,
    log: silent,
    run: async (full) => {
      runs.push(full);
      await gate;
    },
  });
  return {
    loop,
    runs,
    /** Holds the next runs until `release()`. */
    hold() {
      gate = new Promise((resolve) => (release = resolve));
    },
    release: () => release(),
  };
}

describe('startJobLoop', () => {
  it('tells a run asked for by wakes only that it is not full, and shares one run among close wakes', async () => {
    const { loop, runs } = recordingLoop(20);
    await Promise.all([loop.wake(), loop.wake(), loop.wake()]);
    expect(runs).toEqual([false]);
    await loop.runOnce();
    expect(runs).toEqual([false, true]);
    await loop.stop();
  });

  it('makes a waiting run full when runOnce asks while a wake waits behind a run in flight', async () => {
    const t = recordingLoop(0);
    t.hold();
    const first = t.loop.runOnce();
    // The first run is held: the wake's run waits behind it, and runOnce joins that waiting run.
    await new Promise((resolve) => setTimeout(resolve, 10));
    const woken = t.loop.wake();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const second = t.loop.runOnce();
    t.release();
    await Promise.all([first, woken, second]);
    expect(t.runs).toEqual([true, true]);
    await t.loop.stop();
  });

  it('answers a wake at once once stopped, and a stop answers the wakes it cancels', async () => {
    const { loop, runs } = recordingLoop(60_000);
    const pending = loop.wake();
    await loop.stop();
    await pending;
    await loop.wake();
    expect(runs).toEqual([]);
  });

  it('logs a failing run and still answers the wake', async () => {
    const loop = startJobLoop({
      name: 'test',
      intervalMs: null,
      wakeDelayMs: 0,
      log: silent,
      run: () => Promise.reject(new Error('panne')),
    });
    await expect(loop.wake()).resolves.toBeUndefined();
    await expect(loop.runOnce()).rejects.toThrow('panne');
    await loop.stop();
  });
});
