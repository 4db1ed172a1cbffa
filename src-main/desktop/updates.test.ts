import { describe, expect, it, vi } from 'vitest';
import { startUpdates, updatesUrl, type UpdaterLike } from './updates';

/** electron-updater's autoUpdater (it needs Electron): records what it was told. */
function fakeUpdater() {
  const updater = {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    feeds: [] as string[],
    checks: 0,
    setFeedURL: (options: { url: string }) => void updater.feeds.push(options.url),
    checkForUpdates: async () => {
      updater.checks += 1;
      return null;
    },
  };
  return updater satisfies UpdaterLike;
}

describe('updates from the office server', () => {
  it('reads /updates/ of the server this workstation signed in to', () => {
    expect(updatesUrl('https://bureau.exemple.ca')).toBe('https://bureau.exemple.ca/updates/');
    expect(updatesUrl('http://192.168.1.20:8787/')).toBe('http://192.168.1.20:8787/updates/');
    expect(updatesUrl('file:///etc/passwd')).toBeNull();
    expect(updatesUrl('pas une adresse')).toBeNull();
  });

  it('checks at start and then regularly, downloads in the background and installs at quit', async () => {
    const updater = fakeUpdater();
    let server: string | null = null;
    let tick: () => void = () => {};
    const updates = startUpdates({ updater, serverUrl: () => server, onError: vi.fn(), setInterval: (fn) => ((tick = fn), {}) });
    await updates.check();
    expect(updater.checks).toBe(0); // signed out: no office to ask
    server = 'https://bureau.exemple.ca';
    tick();
    await updates.check();
    expect(updater.feeds).toEqual(['https://bureau.exemple.ca/updates/']);
    expect(updater.checks).toBe(2);
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
  });

  it('logs a failed check and goes on', async () => {
    const updater = { ...fakeUpdater(), checkForUpdates: () => Promise.reject(new Error('404')) };
    const onError = vi.fn();
    const updates = startUpdates({ updater, serverUrl: () => 'http://127.0.0.1:8787', onError, setInterval: () => ({}) });
    await updates.check();
    expect(onError).toHaveBeenCalled();
  });
});
