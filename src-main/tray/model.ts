import { formatCount } from '../notifications/text';

// What the tray says (domain.md, "Notifications": the tray shows the unread count), in French,
// without Electron: tray/tray.ts applies it.

export const TRAY_MENU_LABELS = { open: 'Ouvrir Bureau', quit: 'Quitter' } as const;

export function trayTooltip(unread: number): string {
  if (unread <= 0) return 'Bureau';
  return unread === 1 ? 'Bureau — 1 notification non lue' : `Bureau — ${formatCount(unread)} notifications non lues`;
}

/** The text beside the icon where the system shows one (macOS menu bar): the count, or nothing. */
export function trayTitle(unread: number): string {
  if (unread <= 0) return '';
  return unread > 99 ? '99+' : String(unread);
}

/**
 * Whether closing the window leaves Bureau running (tray on Windows, Dock on macOS) so that
 * notifications keep coming. Linux desktops without a tray (GNOME) would leave it running
 * unseen: there, closing the window quits.
 */
export function keepsRunningWhenClosed(platform: NodeJS.Platform): boolean {
  return platform === 'win32' || platform === 'darwin';
}
