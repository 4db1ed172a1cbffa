import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HIDDEN_ARG, launchAtLogin, type LoginItemApp } from './launch-at-login';

/** Electron's app.get/setLoginItemSettings (no binary here): what the system would keep. */
function fakeLoginItemApp() {
  const app = {
    settings: { openAtLogin: false, args: [] as string[] | undefined },
    getLoginItemSettings: () => ({ openAtLogin: app.settings.openAtLogin }),
    setLoginItemSettings: (settings: { openAtLogin: boolean; args?: string[] }) => {
      app.settings = { openAtLogin: settings.openAtLogin, args: settings.args };
    },
  };
  return app satisfies LoginItemApp;
}

describe('launch at login', () => {
  let configDir: string;
  beforeEach(async () => {
    configDir = await mkdtemp(join(tmpdir(), 'bureau-autostart-'));
  });
  afterEach(() => rm(configDir, { recursive: true, force: true }));

  it.each(['win32', 'darwin'] as const)('on %s, is the system’s login item, started without its window', async (platform) => {
    const app = fakeLoginItemApp();
    const item = launchAtLogin({ app, platform, executable: 'C:\\Bureau\\Bureau.exe', configDir });
    expect(item.available).toBe(true);
    expect(await item.get()).toBe(false);
    await item.set(true);
    expect(app.settings).toEqual({ openAtLogin: true, args: [HIDDEN_ARG] });
    expect(await item.get()).toBe(true);
    await item.set(false);
    expect(await item.get()).toBe(false);
  });

  it('on Linux, is an XDG autostart entry, written and removed', async () => {
    const item = launchAtLogin({ app: fakeLoginItemApp(), platform: 'linux', executable: '/home/marie/Applications/Bureau "test".AppImage', configDir });
    expect(await item.get()).toBe(false);
    await item.set(true);
    const entry = await readFile(join(configDir, 'autostart', 'bureau.desktop'), 'utf8');
    expect(entry).toContain('[Desktop Entry]');
    expect(entry).toContain(`Exec="/home/marie/Applications/Bureau \\"test\\".AppImage" ${HIDDEN_ARG}`);
    expect(await item.get()).toBe(true);
    await item.set(false);
    expect(await item.get()).toBe(false);
  });

  it('is not offered elsewhere', async () => {
    const item = launchAtLogin({ app: fakeLoginItemApp(), platform: 'freebsd', executable: '/usr/local/bin/bureau', configDir });
    expect(item.available).toBe(false);
  });
});
