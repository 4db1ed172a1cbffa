import { ICON_SIZE, trayIconPixels } from './icon';
import type { Agenda } from './agenda';
import { trayMenuEntries, type TrayMenuEntry } from './menu';
import { trayTitle, trayTooltip } from './model';

// The tray icon with the unread count and the day's agenda (domain.md, "Notifications"; issue 11,
// point 6), its French menu. Electron's API is passed in (architecture.md, "Running without
// Electron"): main.ts gives the real one, tests a recording stand-in of the same shape.

/** The parts of Electron's API the tray uses; `typeof import('electron')` satisfies it. */
export interface TrayElectron {
  Tray: new (image: never) => TrayLike;
  Menu: { buildFromTemplate(template: MenuItemOptions[]): unknown };
  nativeImage: { createFromBitmap(buffer: Buffer, options: { width: number; height: number; scaleFactor?: number }): unknown };
  app: { setBadgeCount(count?: number): boolean };
}

export interface TrayLike {
  setImage(image: never): void;
  setToolTip(toolTip: string): void;
  setTitle(title: string): void;
  setContextMenu(menu: never): void;
  on(event: 'click', listener: () => void): unknown;
  isDestroyed(): boolean;
  destroy(): void;
}

export interface MenuItemOptions {
  type?: 'normal' | 'separator';
  label?: string;
  enabled?: boolean;
  click?: () => void;
}

export interface TrayActions {
  open: () => void;
  openLead: (leadId: string) => void;
  quit: () => void;
}

export interface AppTray {
  setUnread(count: number): void;
  /** The day's agenda of the signed-in user; null when nobody is signed in. */
  setAgenda(agenda: Agenda | null): void;
  destroy(): void;
}

export function menuTemplate(entries: readonly TrayMenuEntry[], actions: TrayActions): MenuItemOptions[] {
  return entries.map((entry) => {
    if (entry.type === 'separator') return { type: 'separator' };
    const action = entry.action;
    const click =
      action === null ? undefined : action.kind === 'lead' ? () => actions.openLead(action.leadId) : action.kind === 'open' ? actions.open : actions.quit;
    return { type: 'normal', label: entry.label, enabled: entry.enabled, ...(click ? { click } : {}) };
  });
}

export function createTray(electron: TrayElectron, actions: TrayActions, platform: NodeJS.Platform = process.platform): AppTray {
  // Drawn at 32 px for 16-point trays on high-density screens.
  const icon = (unread: boolean) => electron.nativeImage.createFromBitmap(trayIconPixels(unread), { width: ICON_SIZE, height: ICON_SIZE, scaleFactor: 2 }) as never;
  const tray = new electron.Tray(icon(false));
  let agenda: Agenda | null = null;
  let menuKey = '';
  const setMenu = () => {
    const entries = trayMenuEntries(agenda);
    // Rebuilt only when what it shows changed: some Linux trays flicker on every new menu.
    const key = JSON.stringify(entries);
    if (key === menuKey || tray.isDestroyed()) return;
    menuKey = key;
    tray.setContextMenu(electron.Menu.buildFromTemplate(menuTemplate(entries, actions)) as never);
  };
  setMenu();
  tray.on('click', actions.open);
  let shown = -1;
  const setUnread = (count: number) => {
    if (count === shown || tray.isDestroyed()) return;
    if ((count > 0) !== (shown > 0)) tray.setImage(icon(count > 0));
    shown = count;
    tray.setToolTip(trayTooltip(count));
    if (platform === 'darwin') tray.setTitle(trayTitle(count));
    // The Dock (macOS) and Unity launchers show it too; elsewhere this does nothing.
    electron.app.setBadgeCount(Math.max(0, count));
  };
  setUnread(0);
  return {
    setUnread,
    setAgenda: (next) => {
      agenda = next;
      setMenu();
    },
    destroy: () => {
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
