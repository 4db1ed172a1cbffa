import { describe, expect, it } from 'vitest';
import { createTray, type MenuItemOptions, type TrayElectron } from './tray';

// The tray with Electron passed in (architecture.md, "Running without Electron"): a stand-in of
// Electron's Tray, Menu, nativeImage and app that records what the tray was told, as the real
// ones would show it.

function fakeElectron() {
  const seen = { tooltip: '', title: '', images: [] as string[], menus: [] as MenuItemOptions[][], badge: -1, destroyed: false, click: null as (() => void) | null };
  const electron: TrayElectron = {
    Tray: class {
      constructor(image: never) {
        seen.images.push(String(image));
      }
      setImage(image: never) {
        seen.images.push(String(image));
      }
      setToolTip(text: string) {
        seen.tooltip = text;
      }
      setTitle(text: string) {
        seen.title = text;
      }
      setContextMenu(menu: never) {
        seen.menus.push(menu as unknown as MenuItemOptions[]);
      }
      on(_event: 'click', listener: () => void) {
        seen.click = listener;
        return this;
      }
      isDestroyed() {
        return seen.destroyed;
      }
      destroy() {
        seen.destroyed = true;
      }
    },
    Menu: { buildFromTemplate: (template) => template },
    nativeImage: { createFromBitmap: (buffer) => (buffer.includes(Buffer.from([49, 49, 224, 255])) ? 'icône avec point' : 'icône') },
    app: {
      setBadgeCount: (count) => {
        seen.badge = count ?? 0;
        return true;
      },
    },
  };
  return { electron, seen };
}

const labels = (menu: MenuItemOptions[] | undefined) => (menu ?? []).map((item) => (item.type === 'separator' ? '—' : item.label));

describe('createTray', () => {
  it('shows the unread count in the tooltip, the badge and the icon’s dot, and the macOS title', () => {
    const { electron, seen } = fakeElectron();
    const tray = createTray(electron, { open: () => {}, openLead: () => {}, quit: () => {} }, 'darwin');
    expect(seen).toMatchObject({ tooltip: 'Bureau', title: '', badge: 0, images: ['icône'] });
    tray.setUnread(3);
    expect(seen).toMatchObject({ tooltip: 'Bureau — 3 notifications non lues', title: '3', badge: 3, images: ['icône', 'icône avec point'] });
    tray.setUnread(0);
    expect(seen).toMatchObject({ tooltip: 'Bureau', badge: 0, images: ['icône', 'icône avec point', 'icône'] });
    tray.destroy();
    tray.setUnread(5);
    expect(seen.tooltip).toBe('Bureau');
  });

  it('lists the day’s agenda in its menu, each line opening its lead, then Ouvrir and Quitter', () => {
    const { electron, seen } = fakeElectron();
    const opened: string[] = [];
    const tray = createTray(electron, { open: () => opened.push('fenêtre'), openLead: (id) => opened.push(id), quit: () => opened.push('quitter') }, 'linux');
    expect(labels(seen.menus.at(-1))).toEqual(['Ouvrir Bureau', '—', 'Quitter']);

    tray.setAgenda({ items: [{ at: '2026-03-10T18:00:00.000Z', leadId: 'lead-1', label: '14 h 00 · Rendez-vous · Karim Haddad' }], more: 2 });
    const menu = seen.menus.at(-1)!;
    expect(labels(menu)).toEqual(['Aujourd’hui', '14 h 00 · Rendez-vous · Karim Haddad', 'et 2 autres…', '—', 'Ouvrir Bureau', '—', 'Quitter']);
    expect(menu[0]).toMatchObject({ enabled: false });
    menu[1]!.click!();
    menu[2]!.click!();
    menu.at(-1)!.click!();
    seen.click!();
    expect(opened).toEqual(['lead-1', 'fenêtre', 'quitter', 'fenêtre']);

    // The same agenda again builds no new menu; an empty day says so.
    const built = seen.menus.length;
    tray.setAgenda({ items: [{ at: '2026-03-10T18:00:00.000Z', leadId: 'lead-1', label: '14 h 00 · Rendez-vous · Karim Haddad' }], more: 2 });
    expect(seen.menus).toHaveLength(built);
    tray.setAgenda({ items: [], more: 0 });
    expect(labels(seen.menus.at(-1))).toEqual(['Aujourd’hui', 'Rien d’autre aujourd’hui', '—', 'Ouvrir Bureau', '—', 'Quitter']);
    tray.setAgenda(null);
    expect(labels(seen.menus.at(-1))).toEqual(['Ouvrir Bureau', '—', 'Quitter']);
  });
});
