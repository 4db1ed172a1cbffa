import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { ApiEvent } from '~shared/contract/ipc';
import { newId } from '~shared/ids';
// The browser side of the bridge, driven from Node (see server.test.ts).
// eslint-disable-next-line no-restricted-imports
import { createBridgeApi, type BridgeApi, type BridgeSocket } from '~renderer/lib/bridge-client';
import { startDevWeb, type DevWeb } from '../../scripts/dev-web';

// `npm run dev:web` as Playwright's global setup uses it: an office server with the demo office,
// and two workstations (two bridges with their own data folders) on it, seeing each other's work.

describe('startDevWeb', () => {
  let root: string;
  let first: DevWeb;
  let second: DevWeb;
  const apis: BridgeApi[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'bureau-devweb-'));
    const rendererDir = join(root, 'renderer');
    await mkdir(rendererDir, { recursive: true });
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
    const common = { serverPort: 0, bridgePort: 0, rendererDir, build: 'never' as const, quiet: true };
    first = await startDevWeb({ ...common, dataDir: join(root, 'one') });
    second = await startDevWeb({ ...common, dataDir: join(root, 'two'), serverUrl: first.serverUrl });
    // The demo office's seed, and a data host process per workstation.
  }, 180_000);
  afterAll(async () => {
    for (const api of apis) api.close();
    await second?.stop();
    await first?.stop();
    await rm(root, { recursive: true, force: true });
  });

  const connect = (devWeb: DevWeb) => {
    const api = createBridgeApi(
      { url: devWeb.bridge.wsUrl, secret: devWeb.bridge.secret },
      { connect: (url) => new WebSocket(url) as unknown as BridgeSocket },
    );
    apis.push(api);
    return api;
  };

  it('prefills the server address, signs demo users in, and shows one workstation’s edit on the other', async () => {
    const admin = connect(first);
    const marie = connect(second);
    expect(await admin.invoke('session:get', {})).toEqual({ ok: true, value: { user: null, serverUrl: first.serverUrl } });
    expect(await marie.invoke('session:get', {})).toMatchObject({ ok: true, value: { serverUrl: first.serverUrl } });

    const signIn = async (api: BridgeApi, email: string) => {
      const result = await api.invoke('session:login', { serverUrl: first.serverUrl, email, password: 'demo-bureau' });
      expect(result.ok).toBe(true);
      expect(await api.invoke('sync:now', {})).toMatchObject({ ok: true, value: { phase: 'idle' } });
    };
    await signIn(admin, 'admin@bureau.demo');
    await signIn(marie, 'marie@bureau.demo');
    const counts = await marie.invoke('leads:counts', {});
    expect(counts.ok && Object.values(counts.value).reduce((a, b) => a + b, 0)).toBeGreaterThan(100);

    const events: ApiEvent[] = [];
    marie.on((event) => events.push(event));
    const id = newId();
    const created = await admin.invoke('mutations:run', { name: 'lead.create', args: { id, firstName: 'Élise', lastName: 'Deux-Postes', source: 'manual' } });
    expect(created.ok).toBe(true);
    await vi.waitFor(
      async () => {
        const sheet = await marie.invoke('leads:get', { id });
        expect(sheet.ok && sheet.value?.lead.lastName).toBe('Deux-Postes');
      },
      { timeout: 15_000, interval: 100 },
    );
    expect(events.some((e) => e.type === 'changed' && e.tables.includes('leads'))).toBe(true);
  });
});
