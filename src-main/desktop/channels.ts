import type { DesktopPreferences } from '~shared/contract/ipc';
import { dispatch, type ServiceMap } from '../services/handlers';
import type { IpcHost } from '../ipc/register';
import type { LaunchAtLogin } from './launch-at-login';
import type { OpenedFiles } from './opened-files';

// The contract's desktop:* channels concern the workstation, not the office's data: the main
// process answers them itself and hands every other call to the host (the session's services),
// wherever that host runs. The development bridge answers them as a browser would: nothing to
// open, no login item.

export interface DesktopParts {
  launchAtLogin: LaunchAtLogin;
  openedFiles: OpenedFiles;
}

export function desktopServices({ launchAtLogin, openedFiles }: DesktopParts): ServiceMap {
  const preferences = async (): Promise<DesktopPreferences> => ({
    launchAtLogin: launchAtLogin.available && (await launchAtLogin.get()),
    launchAtLoginAvailable: launchAtLogin.available,
  });
  return {
    'desktop:preferences:get': preferences,
    'desktop:preferences:set': async ({ launchAtLogin: enabled }) => {
      if (launchAtLogin.available) await launchAtLogin.set(enabled);
      return preferences();
    },
    'desktop:openedFiles:take': () => openedFiles.take(),
  };
}

/** In the browser (development bridge): no file is opened with it, and it has no login item. */
export const BROWSER_DESKTOP: ServiceMap = {
  'desktop:preferences:get': () => ({ launchAtLogin: false, launchAtLoginAvailable: false }),
  'desktop:preferences:set': () => ({ launchAtLogin: false, launchAtLoginAvailable: false }),
  'desktop:openedFiles:take': () => [],
};

/** `host` with the desktop:* channels answered by `services` (checked against the contract first). */
export function withDesktopChannels(host: IpcHost, services: ServiceMap): IpcHost {
  return {
    invoke: (channel, input) => (channel.startsWith('desktop:') ? dispatch(services, channel as never, input) : host.invoke(channel, input)),
    on: (listener) => host.on(listener),
  };
}
