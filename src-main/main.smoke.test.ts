import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ElectronApplication, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '~shared/contract/ipc';
import { electronBinary } from '../scripts/electron-binary.mjs';

// The desktop application itself, launched by Playwright's Electron driver from a fresh build
// (architecture.md, "Running without Electron": the glue has a smoke test that runs wherever the
// binary exists). The build machines install with ELECTRON_SKIP_BINARY_DOWNLOAD=1: there, every
// test here is skipped, and says why.

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const binary = electronBinary();
const electronBinaryPresent = binary !== null;
const WHY_SKIPPED = 'le binaire d’Electron n’est pas installé ici (ELECTRON_SKIP_BINARY_DOWNLOAD=1) / Electron’s binary is not installed here';
if (!electronBinaryPresent) console.info(`[smoke Electron] ignoré : ${WHY_SKIPPED}.`);

const smoke = it.skipIf(!electronBinaryPresent);

describe(`the desktop application${electronBinaryPresent ? '' : ` (skipped: ${WHY_SKIPPED})`}`, () => {
  let app: ElectronApplication;
  let page: Page;
  let userData: string;

  beforeAll(async () => {
    if (!electronBinaryPresent) return;
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--quiet'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build a échoué.');
    userData = await mkdtemp(join(tmpdir(), 'bureau-smoke-'));
    const { _electron } = await import('@playwright/test');
    const env = { ...process.env, BUREAU_USER_DATA: userData } as Record<string, string>;
    delete env.ELECTRON_RUN_AS_NODE;
    delete env.BUREAU_RENDERER_URL;
    app = await _electron.launch({ executablePath: binary!, args: [ROOT], cwd: ROOT, env });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    if (userData) await rm(userData, { recursive: true, force: true });
  });

  smoke('opens one window on app://bureau, titled Bureau, with its strict CSP', async () => {
    expect(page.url()).toBe('app://bureau/index.html');
    expect(await page.title()).toBe('Bureau');
    // script-src 'self': no eval.
    expect(await page.evaluate(() => {
      try {
        return (0, eval)('1 + 1') as number;
      } catch (error) {
        return (error as Error).name;
      }
    })).toBe('EvalError');
  });

  smoke('gives the page window.api and nothing of Node', async () => {
    const shape = await page.evaluate(() => {
      const g = globalThis as Record<string, unknown>;
      const exposed = g.api as Record<string, unknown>;
      return {
        keys: Object.keys(exposed).sort(),
        types: Object.values(exposed).map((value) => typeof value),
        require: typeof g.require,
        process: typeof g.process,
        ipcRenderer: typeof g.ipcRenderer,
      };
    });
    expect(shape).toEqual({ keys: ['invoke', 'on'], types: ['function', 'function'], require: 'undefined', process: 'undefined', ipcRenderer: 'undefined' });
  });

  smoke('answers the contract through IPC, as data, in French', async () => {
    // Evaluated in the page: `window.api` is spelled out in each function.
    expect(await page.evaluate(() => (globalThis as unknown as { api: Api }).api.invoke('session:get', {}))).toMatchObject({
      ok: true,
      value: { user: null },
    });
    expect(await page.evaluate(() => (globalThis as unknown as { api: Api }).api.invoke('leads:drop' as 'session:get', {}))).toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' },
    });
    expect(await page.evaluate(() => (globalThis as unknown as { api: Api }).api.invoke('leads:get', { id: 'x' }))).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });

  smoke('opens no other window and never leaves its origin', async () => {
    expect(await page.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/') === null)).toBe(true);
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
    });
    // A navigation would have started by now; the window is still ours.
    await page.waitForTimeout(500);
    expect(page.url()).toBe('app://bureau/index.html');
    expect(app.windows()).toHaveLength(1);
  });

  smoke('brings its window forward on a second launch instead of starting again', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, BUREAU_USER_DATA: userData };
    delete env.ELECTRON_RUN_AS_NODE;
    const second = spawn(binary!, [ROOT], { cwd: ROOT, env, stdio: 'ignore' });
    const code = await new Promise<number | null>((resolve) => second.on('exit', resolve));
    expect(code).toBe(0);
    expect(app.windows()).toHaveLength(1);
  });
});
