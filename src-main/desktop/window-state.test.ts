import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EMPTY_STATE, WindowStateFile, placeToRestore, remember, screenKey, trackWindow, type DisplayLike, type Rectangle, type ScreenLike, type TrackedWindow } from './window-state';

// Electron's screen and BrowserWindow cannot exist here (no binary): fakes with their shapes.

const LAPTOP: DisplayLike = { id: 1, bounds: { x: 0, y: 0, width: 1440, height: 900 }, workArea: { x: 0, y: 25, width: 1440, height: 875 }, scaleFactor: 2 };
const MONITOR: DisplayLike = { id: 2, bounds: { x: 1440, y: 0, width: 2560, height: 1440 }, workArea: { x: 1440, y: 0, width: 2560, height: 1400 }, scaleFactor: 1 };

function fakeScreen(displays: DisplayLike[]): ScreenLike {
  return {
    getAllDisplays: () => displays,
    getPrimaryDisplay: () => displays[0]!,
    getDisplayMatching: (rect: Rectangle) => displays.find((d) => rect.x >= d.bounds.x && rect.x < d.bounds.x + d.bounds.width) ?? displays[0]!,
  };
}

function fakeWindow(bounds: Rectangle) {
  const listeners = new Map<string, Array<() => void>>();
  const window = {
    bounds,
    maximized: false,
    getNormalBounds: () => window.bounds,
    isMaximized: () => window.maximized,
    isFullScreen: () => false,
    isDestroyed: () => false,
    on: (event: string, listener: () => void) => listeners.set(event, [...(listeners.get(event) ?? []), listener]),
    emit: (event: string) => listeners.get(event)?.forEach((listener) => listener()),
  };
  return window satisfies TrackedWindow;
}

describe('where the window opens', () => {
  const onMonitor = { bounds: { x: 1600, y: 100, width: 1800, height: 1100 }, maximized: false };
  const onLaptop = { bounds: { x: 40, y: 60, width: 1200, height: 780 }, maximized: true };
  const state = remember(remember(EMPTY_STATE, LAPTOP, onLaptop), MONITOR, onMonitor);

  it('comes back on the screen it was left on, with its size and position', () => {
    expect(placeToRestore(state, fakeScreen([LAPTOP, MONITOR]))).toEqual(onMonitor);
  });

  it('takes the main screen’s own place when the last screen is gone (the laptop left its desk)', () => {
    expect(placeToRestore(state, fakeScreen([LAPTOP]))).toEqual(onLaptop);
  });

  it('opens at its default place when no screen it knows is there', () => {
    const other: DisplayLike = { ...LAPTOP, id: 7 };
    expect(placeToRestore(state, fakeScreen([other]))).toBeNull();
    expect(placeToRestore(EMPTY_STATE, fakeScreen([LAPTOP]))).toBeNull();
  });

  it('counts a screen whose resolution changed as another screen', () => {
    const smaller: DisplayLike = { ...MONITOR, bounds: { ...MONITOR.bounds, width: 1920, height: 1080 } };
    expect(screenKey(smaller)).not.toBe(screenKey(MONITOR));
    expect(placeToRestore(remember(EMPTY_STATE, MONITOR, onMonitor), fakeScreen([LAPTOP, smaller]))).toBeNull();
  });

  it('never opens where its title bar cannot be grabbed, and fits into a smaller work area', () => {
    const offscreen = remember(EMPTY_STATE, LAPTOP, { bounds: { x: 1400, y: 880, width: 800, height: 600 }, maximized: false });
    expect(placeToRestore(offscreen, fakeScreen([LAPTOP]))).toBeNull();
    const tooLarge = remember(EMPTY_STATE, LAPTOP, { bounds: { x: 0, y: 25, width: 3000, height: 2000 }, maximized: false });
    expect(placeToRestore(tooLarge, fakeScreen([LAPTOP]))?.bounds).toEqual({ x: 0, y: 25, width: 1440, height: 875 });
  });
});

describe('remembering the window', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bureau-window-'));
  });
  afterEach(async () => {
    vi.useRealTimers();
    await rm(dir, { recursive: true, force: true });
  });

  it('saves its place per screen when it closes, and reads it back at the next launch', async () => {
    const file = new WindowStateFile(dir);
    const window = fakeWindow({ x: 100, y: 100, width: 1000, height: 700 });
    const tracker = trackWindow(window, { screen: fakeScreen([LAPTOP, MONITOR]), initial: await file.read(), save: (s) => file.write(s) });
    window.emit('move');
    window.bounds = { x: 2000, y: 200, width: 1600, height: 1000 };
    window.maximized = true;
    window.emit('close');
    await tracker.flush();
    const saved = await new WindowStateFile(dir).read();
    expect(saved.lastScreen).toBe(screenKey(MONITOR));
    expect(saved.screens[screenKey(LAPTOP)]).toEqual({ bounds: { x: 100, y: 100, width: 1000, height: 700 }, maximized: false });
    expect(placeToRestore(saved, fakeScreen([LAPTOP, MONITOR]))).toEqual({ bounds: { x: 2000, y: 200, width: 1600, height: 1000 }, maximized: true });
  });

  it('writes once a drag is over, not at each of its moves', async () => {
    vi.useFakeTimers();
    const save = vi.fn(async () => {});
    const window = fakeWindow({ x: 100, y: 100, width: 1000, height: 700 });
    trackWindow(window, { screen: fakeScreen([LAPTOP]), initial: EMPTY_STATE, save });
    for (let x = 100; x < 140; x += 1) {
      window.bounds = { ...window.bounds, x };
      window.emit('move');
    }
    expect(save).not.toHaveBeenCalled();
    await vi.runAllTimersAsync();
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('starts from nothing when the file is unreadable or foreign', async () => {
    await writeFile(join(dir, 'window-state.json'), '{"screens": 3}');
    expect(await new WindowStateFile(dir).read()).toEqual(EMPTY_STATE);
    await writeFile(join(dir, 'window-state.json'), 'pas du JSON');
    expect(await new WindowStateFile(dir).read()).toEqual(EMPTY_STATE);
    await new WindowStateFile(dir).write(remember(EMPTY_STATE, LAPTOP, { bounds: { x: 0, y: 25, width: 900, height: 600 }, maximized: false }));
    expect(JSON.parse(await readFile(join(dir, 'window-state.json'), 'utf8'))).toMatchObject({ lastScreen: screenKey(LAPTOP) });
  });
});
