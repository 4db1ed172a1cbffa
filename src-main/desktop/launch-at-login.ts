import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// « Ouvrir Bureau à l’ouverture de session » (issue 12, point 5). Windows and macOS keep the setting
// themselves (app.setLoginItemSettings); Linux desktops read ~/.config/autostart (the XDG autostart
// specification), which Electron does not write, so Bureau writes its own entry there. The
// operating system is the one place the setting lives: what the menu shows is what it will do.

/** The parts of Electron's `app` used here. */
export interface LoginItemApp {
  getLoginItemSettings(): { openAtLogin: boolean };
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
}

export interface LaunchAtLoginOptions {
  app: LoginItemApp;
  platform: NodeJS.Platform;
  /** The program to start: the AppImage's own path when run from one (APPIMAGE), else the executable. */
  executable: string;
  /** $XDG_CONFIG_HOME, else ~/.config. */
  configDir: string;
}

export interface LaunchAtLogin {
  readonly available: boolean;
  get(): Promise<boolean>;
  set(enabled: boolean): Promise<void>;
}

/** Started by the session, Bureau opens without its window: the tray shows it is there. */
export const HIDDEN_ARG = '--au-demarrage';

export function launchAtLogin(options: LaunchAtLoginOptions): LaunchAtLogin {
  if (options.platform === 'linux') return xdgAutostart(options);
  if (options.platform !== 'win32' && options.platform !== 'darwin') return { available: false, get: async () => false, set: async () => {} };
  return {
    available: true,
    get: async () => options.app.getLoginItemSettings().openAtLogin,
    set: async (enabled) => options.app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_ARG] }),
  };
}

function xdgAutostart({ executable, configDir }: LaunchAtLoginOptions): LaunchAtLogin {
  const file = join(configDir, 'autostart', 'bureau.desktop');
  return {
    available: true,
    get: async () => (await stat(file).catch(() => null))?.isFile() ?? false,
    async set(enabled) {
      if (!enabled) return rm(file, { force: true });
      await mkdir(join(configDir, 'autostart'), { recursive: true });
      // Exec quoting per the Desktop Entry specification: the path in double quotes, `"`, `` ` ``, `$` and `\` escaped.
      const exec = `"${executable.replace(/(["`$\\])/g, '\\$1')}" ${HIDDEN_ARG}`;
      await writeFile(file, ['[Desktop Entry]', 'Type=Application', 'Name=Bureau', `Exec=${exec}`, 'X-GNOME-Autostart-enabled=true', ''].join('\n'));
    },
  };
}
