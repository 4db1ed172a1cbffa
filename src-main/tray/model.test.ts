import { describe, expect, it } from 'vitest';
import { TRAY_MENU_LABELS, keepsRunningWhenClosed, trayTitle, trayTooltip } from './model';

// What the tray shows: the unread count (domain.md, "Notifications"), in French.

describe('the tray', () => {
  it('says how many notifications are unread', () => {
    expect(trayTooltip(0)).toBe('Bureau');
    expect(trayTooltip(1)).toBe('Bureau — 1 notification non lue');
    expect(trayTooltip(12)).toBe('Bureau — 12 notifications non lues');
    expect(trayTitle(0)).toBe('');
    expect(trayTitle(7)).toBe('7');
    expect(trayTitle(250)).toBe('99+');
  });

  it('offers its menu in French', () => {
    expect(TRAY_MENU_LABELS).toEqual({ open: 'Ouvrir Bureau', quit: 'Quitter' });
  });

  it('keeps Bureau running when the window closes where the tray or the Dock shows it', () => {
    expect(keepsRunningWhenClosed('win32')).toBe(true);
    expect(keepsRunningWhenClosed('darwin')).toBe(true);
    expect(keepsRunningWhenClosed('linux')).toBe(false);
  });
});
