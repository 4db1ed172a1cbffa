// Workstations follow the office's version (issue 12, point 4): electron-updater's generic
// provider reads latest.yml and the installers from the office server's /updates/ (server-api.md),
// downloads a newer version in the background and installs it when Bureau quits. The office
// server is the one this workstation signed in to; before any sign-in there is nothing to ask.

/** The parts of electron-updater's autoUpdater used here. */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string; channel?: string }): void;
  checkForUpdates(): Promise<unknown>;
}

export interface UpdatesOptions {
  updater: UpdaterLike;
  /** The office server this workstation syncs with, or null when signed out. */
  serverUrl: () => string | null;
  onError: (error: unknown) => void;
  /** Between checks; the first comes at start. */
  everyMs?: number;
  setInterval?: (fn: () => void, ms: number) => { unref?: () => void };
}

/** `https://bureau.exemple.ca` → `https://bureau.exemple.ca/updates/`; null for what is no http(s) address. */
export function updatesUrl(serverUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(serverUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}/updates/`;
}

export function startUpdates({ updater, serverUrl, onError, everyMs = 4 * 60 * 60 * 1000, setInterval: every = setInterval }: UpdatesOptions): { check(): Promise<void> } {
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  let feed: string | null = null;
  const check = async () => {
    const server = serverUrl();
    const url = server === null ? null : updatesUrl(server);
    if (url === null) return;
    try {
      if (url !== feed) {
        updater.setFeedURL({ provider: 'generic', url });
        feed = url;
      }
      await updater.checkForUpdates();
    } catch (error) {
      // An office server that publishes nothing answers 404: not worth more than a log line.
      onError(error);
    }
  };
  every(() => void check(), everyMs).unref?.();
  void check();
  return { check };
}
