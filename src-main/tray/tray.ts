import { Menu, Tray, app, nativeImage } from 'electron';
import { ICON_SIZE, trayIconPixels } from './icon';
import { TRAY_MENU_LABELS, trayTitle, trayTooltip } from './model';

// The tray icon with the unread count (domain.md, "Notifications") and its French menu.

export interface AppTray {
  setUnread(count: number): void;
  destroy(): void;
}

function icon(unread: boolean) {
  // Drawn at 32 px for 16-point trays on high-density screens.
  return nativeImage.createFromBitmap(trayIconPixels(unread), { width: ICON_SIZE, height: ICON_SIZE, scaleFactor: 2 });
}

export function createTray(actions: { open: () => void; quit: () => void }): AppTray {
  const tray = new Tray(icon(false));
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: TRAY_MENU_LABELS.open, click: actions.open },
      { type: 'separator' },
      { label: TRAY_MENU_LABELS.quit, click: actions.quit },
    ]),
  );
  tray.on('click', actions.open);
  let shown = -1;
  const setUnread = (count: number) => {
    if (count === shown || tray.isDestroyed()) return;
    if ((count > 0) !== (shown > 0)) tray.setImage(icon(count > 0));
    shown = count;
    tray.setToolTip(trayTooltip(count));
    if (process.platform === 'darwin') tray.setTitle(trayTitle(count));
    // The Dock (macOS) and Unity launchers show it too; elsewhere this does nothing.
    app.setBadgeCount(Math.max(0, count));
  };
  setUnread(0);
  return {
    setUnread,
    destroy: () => {
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
