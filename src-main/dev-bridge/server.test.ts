import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { ApiEvent } from '~shared/contract/ipc';
// The browser-side client is driven from Node here (with the `ws` package as its socket), against
// the real bridge: the one place a test of src-main reaches into src-renderer.
// eslint-disable-next-line no-restricted-imports
import { createBridgeApi, type BridgeApi, type BridgeSocket } from '~renderer/lib/bridge-client';
import { SessionManager } from '../services/session/session';
import { startTestOffice, type TestOffice } from '../testing/office';
import { leadArgs } from '../testing/workstation';
import { CLOSE_UNAUTHORIZED } from './protocol';
import { startBridge, type Bridge } from './server';

const connect = (url: string) => new WebSocket(url) as unknown as BridgeSocket;

/** Opens a raw socket, sends `hello`, answers the close code (or 'ready'). */
async function hello(url: string, secret: string, headers: Record<string, string> = {}): Promise<number | 'ready' | 'refused'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode === 403 ? 'refused' : (res.statusCode ?? 0)));
    ws.on('error', () => {});
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', secret })));
    ws.on('message', (data) => {
      if (JSON.parse(data.toString()).type === 'ready') {
        resolve('ready');
        ws.close();
      }
    });
    ws.on('close', (code) => resolve(code));
  });
}

describe('development bridge', () => {
  let office: TestOffice;
  let dataDir: string;
  let staticDir: string;
  let manager: SessionManager;
  let bridge: Bridge;
  const clients: BridgeApi[] = [];

  beforeAll(async () => {
    office = await startTestOffice();
    dataDir = await mkdtemp(join(tmpdir(), 'bureau-bridge-'));
    staticDir = join(dataDir, 'renderer');
    await mkdir(join(staticDir, 'assets'), { recursive: true });
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><html><head><title>Bureau</title></head><body></body></html>');
    await writeFile(join(staticDir, 'assets', 'app.js'), 'console.log(1);');
    manager = new SessionManager({ dataDir: join(dataDir, 'bridge'), defaultServerUrl: office.url, engine: { pokes: null } });
    await manager.resume();
    bridge = await startBridge({ host: manager, staticDir });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await bridge?.stop();
    await manager?.close();
    await office?.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  const client = () => {
    const api = createBridgeApi({ url: bridge.wsUrl, secret: bridge.secret }, { connect, reconnectDelayMs: 20 });
    clients.push(api);
    return api;
  };

  it('listens on loopback only, with a secret of at least 128 bits', () => {
    expect(new URL(bridge.url).hostname).toBe('127.0.0.1');
    expect(Buffer.from(bridge.secret, 'base64url').length).toBeGreaterThanOrEqual(16);
  });

  it('closes a socket that presents a wrong secret, or none, and accepts the right one', async () => {
    expect(await hello(bridge.wsUrl, 'not-the-secret')).toBe(CLOSE_UNAUTHORIZED);
    expect(await hello(bridge.wsUrl, `${bridge.secret}x`)).toBe(CLOSE_UNAUTHORIZED);
    expect(await hello(bridge.wsUrl, bridge.secret)).toBe('ready');
    // A call before the hello is not an answer to the door.
    const early = await new Promise<number>((resolve) => {
      const ws = new WebSocket(bridge.wsUrl);
      ws.on('open', () => ws.send(JSON.stringify({ id: 1, channel: 'session:get', input: {} })));
      ws.on('message', () => resolve(-1));
      ws.on('close', (code) => resolve(code));
    });
    expect(early).toBe(CLOSE_UNAUTHORIZED);

    const refused = createBridgeApi({ url: bridge.wsUrl, secret: 'wrong-secret-wrong-secret' }, { connect, reconnectDelayMs: 20 });
    clients.push(refused);
    const result = await refused.invoke('session:get', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'bridge_refused' } });
  });

  it('refuses sockets from other sites and requests for another host name (DNS rebinding)', async () => {
    expect(await hello(bridge.wsUrl, bridge.secret, { origin: 'https://evil.example' })).toBe('refused');
    expect(await hello(bridge.wsUrl, bridge.secret, { origin: bridge.url.replace(/\/$/, '') })).toBe('ready');
    const rebound = await new Promise<number>((resolve, reject) => {
      request(bridge.url, { headers: { host: `evil.example:${bridge.port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(rebound).toBe(421);
  });

  it('serves the built renderer with the bridge config as a script of its own (CSP: no inline script)', async () => {
    const page = await (await fetch(bridge.url)).text();
    expect(page).toContain('<script src="./bridge-config.js"></script>');
    expect(await (await fetch(`${bridge.url}leads/123`)).text()).toBe(page);
    const script = await fetch(`${bridge.url}bridge-config.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await script.text()).toBe(`window.__BRIDGE__ = ${JSON.stringify({ url: bridge.wsUrl, secret: bridge.secret })};\n`);
    const crossSite = await fetch(`${bridge.url}bridge-config.js`, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    expect((await fetch(`${bridge.url}assets/app.js`)).status).toBe(200);
    expect((await fetch(`${bridge.url}assets/..%2f..%2fbridge%2fsession.json`)).status).toBe(404);
    expect((await fetch(`${bridge.url}assets/missing.js`)).status).toBe(404);
  });

  it('serves the contract: French validation errors, sign-in, mutations, and pushed events', async () => {
    const api = client();
    const events: ApiEvent[] = [];
    api.on((event) => events.push(event));

    expect(await api.invoke('session:get', {})).toEqual({ ok: true, value: { user: null, serverUrl: office.url } });
    const invalid = await api.invoke('leads:get', { id: 'pas-un-uuid' } as never);
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { id: 'Identifiant invalide.' } } });
    const badType = await api.invoke('session:login', { serverUrl: office.url, email: 42 } as never);
    expect(badType.ok).toBe(false);
    if (!badType.ok) expect(badType.error.message).toMatch(/^Saisie invalide\. .*(attendu|reçu)/);
    const unknown = await api.invoke('leads:explode' as never, {} as never);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });

    const login = await api.invoke('session:login', { serverUrl: office.url, email: office.users.marie.email, password: office.users.marie.password });
    expect(login).toMatchObject({ ok: true, value: { user: { id: office.users.marie.id } } });
    await api.invoke('sync:now', {});
    const lead = leadArgs('Pontbrûlé');
    const ran = await api.invoke('mutations:run', { name: 'lead.create', args: lead });
    expect(ran).toMatchObject({ ok: true, value: { mutationId: 1 } });
    const sheet = await api.invoke('leads:get', { id: lead.id });
    expect(sheet.ok && sheet.value?.lead.lastName).toBe('Pontbrûlé');
    await vi.waitFor(() => expect(events.some((e) => e.type === 'changed' && e.tables.includes('leads'))).toBe(true));
    expect(events.some((e) => e.type === 'session' && e.session.user?.id === office.users.marie.id)).toBe(true);
    expect(events.some((e) => e.type === 'sync')).toBe(true);

    // A malformed frame gets a French answer, and the socket stays usable.
    const raw = new WebSocket(bridge.wsUrl);
    const answers: unknown[] = [];
    await new Promise<void>((resolve) => {
      raw.on('open', () => raw.send(JSON.stringify({ type: 'hello', secret: bridge.secret })));
      raw.on('message', (data) => {
        const message = JSON.parse(data.toString());
        if (message.type === 'ready') raw.send('{ pas du json');
        else if ('result' in message) {
          answers.push(message);
          resolve();
        }
      });
    });
    raw.close();
    expect(answers[0]).toMatchObject({ id: null, result: { ok: false, error: { code: 'invalid_message' } } });
  });

  it('reconnects by itself; a call made while the bridge is away is answered once it is back', async () => {
    const port = bridge.port;
    const api = client();
    expect((await api.invoke('sync:status', {})).ok).toBe(true);
    const events: ApiEvent[] = [];
    api.on((event) => events.push(event));
    await bridge.stop();
    await vi.waitFor(() => expect(api.connected()).toBe(false));
    const pending = api.invoke('session:get', {});
    bridge = await startBridge({ host: manager, staticDir, port, secret: bridge.secret });
    expect(await pending).toMatchObject({ ok: true, value: { serverUrl: office.url } });
    // Events were missed while away: the page is told to read everything again.
    await vi.waitFor(() => expect(events.some((e) => e.type === 'changed' && e.tables.includes('leads'))).toBe(true));
  });
});
