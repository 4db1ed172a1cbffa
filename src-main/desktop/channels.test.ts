import { describe, expect, it, vi } from 'vitest';
import type { IpcHost } from '../ipc/register';
import { BROWSER_DESKTOP, desktopServices, withDesktopChannels } from './channels';
import type { LaunchAtLogin } from './launch-at-login';
import { OpenedFiles } from './opened-files';

function memoryLoginItem(): LaunchAtLogin {
  let enabled = false;
  return { available: true, get: async () => enabled, set: async (value) => void (enabled = value) };
}

describe('the desktop:* channels', () => {
  const host: IpcHost = { invoke: vi.fn(async () => ({ ok: true as const, value: 'from the host' })), on: vi.fn(() => () => {}) };

  it('are answered by the main process; every other channel goes to the host', async () => {
    const openedFiles = new OpenedFiles();
    const api = withDesktopChannels(host, desktopServices({ launchAtLogin: memoryLoginItem(), openedFiles }));
    openedFiles.add(['/home/marie/leads.xlsx']);
    expect(await api.invoke('desktop:openedFiles:take', {})).toEqual({ ok: true, value: ['/home/marie/leads.xlsx'] });
    expect(await api.invoke('desktop:preferences:set', { launchAtLogin: true })).toEqual({ ok: true, value: { launchAtLogin: true, launchAtLoginAvailable: true } });
    expect(await api.invoke('desktop:preferences:get', {})).toEqual({ ok: true, value: { launchAtLogin: true, launchAtLoginAvailable: true } });
    expect(host.invoke).not.toHaveBeenCalled();
    expect(await api.invoke('leads:get', { id: 'x' })).toEqual({ ok: true, value: 'from the host' });
  });

  it('check their input against the contract, in French', async () => {
    const api = withDesktopChannels(host, desktopServices({ launchAtLogin: memoryLoginItem(), openedFiles: new OpenedFiles() }));
    const answer = await api.invoke('desktop:preferences:set', { launchAtLogin: 'oui' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await api.invoke('desktop:nothing', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('answer as a browser would in the development bridge', async () => {
    const api = withDesktopChannels(host, BROWSER_DESKTOP);
    expect(await api.invoke('desktop:openedFiles:take', {})).toEqual({ ok: true, value: [] });
    expect(await api.invoke('desktop:preferences:get', {})).toEqual({ ok: true, value: { launchAtLogin: false, launchAtLoginAvailable: false } });
  });
});
