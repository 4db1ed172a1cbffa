import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

// The window comes back where the user left it, on the screen it was on (issue 12, point 5).
// Places are remembered per screen, so that a laptop used alone and at its desk with a second
// monitor gets each its own; a place is used only while its screen is there, with the same
// geometry, and only if the window can still be seen and grabbed there. Electron's screen and
// window are passed in (tests use fakes: the binary is absent).

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The parts of Electron's Display used here. */
export interface DisplayLike {
  id: number;
  bounds: Rectangle;
  workArea: Rectangle;
  scaleFactor: number;
}

/** The parts of Electron's `screen` used here. */
export interface ScreenLike {
  getAllDisplays(): DisplayLike[];
  getPrimaryDisplay(): DisplayLike;
  getDisplayMatching(rect: Rectangle): DisplayLike;
}

/** The parts of a BrowserWindow used here. */
export interface TrackedWindow {
  getNormalBounds(): Rectangle;
  isMaximized(): boolean;
  isFullScreen(): boolean;
  isDestroyed(): boolean;
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
}

const rectangle = z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int().positive(), height: z.number().int().positive() });
const place = z.object({ bounds: rectangle, maximized: z.boolean() });
const savedState = z.object({ screens: z.record(z.string(), place), lastScreen: z.string().nullable() });

export type WindowPlace = z.infer<typeof place>;
export type WindowState = z.infer<typeof savedState>;

export const EMPTY_STATE: WindowState = { screens: {}, lastScreen: null };

/** A screen's identity: the same monitor at the same place and resolution. */
export function screenKey(display: DisplayLike): string {
  const { x, y, width, height } = display.bounds;
  return `${display.id}:${x},${y}:${width}x${height}@${display.scaleFactor}`;
}

/** How much of the window's title bar must stay on the screen to be grabbed again. */
const GRAB = { width: 120, height: 40 };

function visibleOn(bounds: Rectangle, area: Rectangle): boolean {
  const left = Math.max(bounds.x, area.x);
  const right = Math.min(bounds.x + bounds.width, area.x + area.width);
  const top = Math.max(bounds.y, area.y);
  return right - left >= GRAB.width && top >= area.y && top + GRAB.height <= area.y + area.height;
}

/**
 * Where the window opens: the place on the last screen used if that screen is still there, else
 * the place remembered for the main screen, else null (the window's own default, centred).
 */
export function placeToRestore(state: WindowState, screen: ScreenLike): WindowPlace | null {
  const displays = new Map(screen.getAllDisplays().map((display) => [screenKey(display), display]));
  const candidates = [state.lastScreen, screenKey(screen.getPrimaryDisplay())];
  for (const key of candidates) {
    if (key === null) continue;
    const display = displays.get(key);
    const saved = state.screens[key];
    if (display === undefined || saved === undefined) continue;
    // Larger than the screen now (its work area shrank: a taskbar moved): fitted into it.
    const width = Math.min(saved.bounds.width, display.workArea.width);
    const height = Math.min(saved.bounds.height, display.workArea.height);
    const bounds = { ...saved.bounds, width, height };
    if (visibleOn(bounds, display.workArea)) return { bounds, maximized: saved.maximized };
  }
  return null;
}

/** The state once the window was left at `place` on `display`. */
export function remember(state: WindowState, display: DisplayLike, windowPlace: WindowPlace): WindowState {
  const key = screenKey(display);
  return { screens: { ...state.screens, [key]: windowPlace }, lastScreen: key };
}

/** The state kept in `dir`/window-state.json; unreadable or foreign content counts as none. */
export class WindowStateFile {
  private readonly path: string;

  constructor(dir: string) {
    this.path = join(dir, 'window-state.json');
  }

  async read(): Promise<WindowState> {
    try {
      const parsed = savedState.safeParse(JSON.parse(await readFile(this.path, 'utf8')));
      return parsed.success ? parsed.data : EMPTY_STATE;
    } catch {
      return EMPTY_STATE;
    }
  }

  async write(state: WindowState): Promise<void> {
    // Written whole then renamed: a crash mid-write leaves the previous state, never half a file.
    await writeFile(`${this.path}.tmp`, JSON.stringify(state));
    await rename(`${this.path}.tmp`, this.path);
  }
}

export interface TrackOptions {
  screen: ScreenLike;
  initial: WindowState;
  save: (state: WindowState) => Promise<void>;
  onError?: (error: unknown) => void;
}

/**
 * Remembers the window's place as it moves and when it closes. Saves are spaced by the window's
 * own events (a drag fires dozens): written once the window is left alone, and at close.
 */
export function trackWindow(window: TrackedWindow, { screen, initial, save, onError = () => {} }: TrackOptions): { flush(): Promise<void> } {
  let state = initial;
  let dirty = false;
  let writing: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const capture = () => {
    if (window.isDestroyed() || window.isFullScreen()) return;
    const bounds = window.getNormalBounds();
    state = remember(state, screen.getDisplayMatching(bounds), { bounds, maximized: window.isMaximized() });
    dirty = true;
  };
  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (!dirty) return writing;
    dirty = false;
    const snapshot = state;
    writing = writing.then(() => save(snapshot)).catch(onError);
    return writing;
  };
  const changed = () => {
    capture();
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => void flush(), 500);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) window.on(event, changed);
  window.on('close', () => {
    capture();
    void flush();
  });
  return { flush };
}
