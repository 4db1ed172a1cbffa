import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { Channel, ChannelInput, ChannelOutput, IpcResult } from '~shared/contract/ipc';
import { startDevWeb, type DevWeb } from '../../scripts/dev-web';
import type { DesktopRecorder } from '~main/dev-bridge/desktop-recorder';
import { Desk } from './desk';
import { RENDERER_DIR, officeServerUrl } from './paths';
import { person, type Person, type PersonKey } from './people';
import { signIn } from './ui';

// A workstation in the browser: its own development bridge (own replica folder) on the office
// server of the global setup, its own browser context, the renderer served by the bridge. Two
// stations are two workstations of the office (issue 5: "two browser contexts with two bridges").

/** An office workstation in Québec: French (Canada), Montréal's time zone, a laptop's screen. */
export const WORKSTATION = { locale: 'fr-CA', timezoneId: 'America/Toronto', viewport: { width: 1440, height: 900 } } as const;

export interface Station {
  page: Page;
  context: BrowserContext;
  who: Person;
  bridgeUrl: string;
  /** The OS notifications and the tray this workstation would show (src-main/dev-bridge). */
  desktop: DesktopRecorder;
  /** `window.api.invoke` in the page, as the renderer calls it. */
  api<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<IpcResult<ChannelOutput[C]>>;
  /** Browser dialogs (alert, confirm) the page opened: an injected script would show here. */
  dialogs: string[];
}

export interface OpenOptions {
  /** Leave the station on Connexion (default: signed in, on Ma journée). */
  signedIn?: boolean;
  /** Reach the office server through this address (a Cable's) instead of directly. */
  serverUrl?: string;
  /** The workstation's own time zone (default Montréal's, the office's). */
  timezoneId?: string;
  /** Another window size than the laptop's (issue 15, point 8: everything works at 1280×720). */
  viewport?: { width: number; height: number };
}

/** The smallest window the app is made for. */
export const SMALL_WINDOW = { width: 1280, height: 720 } as const;

type OpenStation = (key: PersonKey, options?: OpenOptions) => Promise<Station>;

async function openStation(browser: Browser, key: PersonKey, options: OpenOptions, opened: Array<() => Promise<void>>, errors: string[]): Promise<Station> {
  const dataDir = await mkdtemp(join(tmpdir(), `bureau-e2e-${key}-`));
  let devWeb: DevWeb | null = null;
  let context: BrowserContext | null = null;
  opened.push(async () => {
    await context?.close();
    await devWeb?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  devWeb = await startDevWeb({ serverUrl: options.serverUrl ?? officeServerUrl(), bridgePort: 0, dataDir, rendererDir: RENDERER_DIR, build: 'never', quiet: true });
  context = await browser.newContext({
    ...WORKSTATION,
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
    ...(options.viewport ? { viewport: options.viewport } : {}),
  });
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => errors.push(`${key} : ${error.message}`));
  await page.goto(devWeb.bridgeUrl);
  const who = person(key);
  if (options.signedIn ?? true) await signIn(page, who);
  return {
    page,
    context,
    who,
    bridgeUrl: devWeb.bridgeUrl,
    desktop: devWeb.desktop,
    dialogs,
    api: (channel, input) =>
      page.evaluate(
        ([c, i]) => (globalThis as unknown as { api: { invoke(c: string, i: unknown): Promise<never> } }).api.invoke(c, i),
        [channel, input] as const,
      ),
  };
}

export const test = base.extend<{ openStation: OpenStation }, { desk: Desk }>({
  // The administrator's desk, one per worker, arranges what each test starts from.
  desk: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const desk = await Desk.open('admin');
      await use(desk);
      await desk.close();
    },
    { scope: 'worker' },
  ],
  openStation: async ({ browser }, use) => {
    const closers: Array<() => Promise<void>> = [];
    const errors: string[] = [];
    await use((key, options = {}) => openStation(browser, key, options, closers, errors));
    for (const close of closers.reverse()) await close();
    // An exception the page did not catch is a bug even when the screen looked right.
    expect(errors, 'erreurs JavaScript non rattrapées dans la page').toEqual([]);
  },
});

export { expect };
