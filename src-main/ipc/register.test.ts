import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvent } from '~shared/contract/ipc';
import { USERS, testId } from '~shared/testing/builders';
import { APP_ORIGIN } from '../security';
import { REJECTED_SENDER_MESSAGE, createEventSender, createInvokeHandler, registerIpc, type InvokeEventLike } from './register';
import { replicaHost, sessionUser, type ReplicaHost } from '../testing/replica-host';

// The main process's side of window.api, called as Electron calls it, with events standing in for
// Electron's (their sender and frame), over the real services and `dispatch` on an in-memory replica.

const WINDOW_ID = 3;
const LEAD = testId('lead', 'ipc');
const newLead = { id: LEAD, firstName: 'Hélène', lastName: 'Tremblay', phone: '514 555-0199', source: 'manual' };

const hosts: ReplicaHost[] = [];
afterEach(() => {
  for (const host of hosts.splice(0)) host.close();
});

function setup() {
  const host = replicaHost({ user: sessionUser(USERS.admin) });
  hosts.push(host);
  host.pull();
  const rejected: unknown[] = [];
  const handle = createInvokeHandler({
    host,
    origin: APP_ORIGIN,
    trustedWebContentsId: () => WINDOW_ID,
    target: () => null,
    onRejected: (_sender, channel) => rejected.push(channel),
  });
  return { host, handle, rejected };
}

const fromWindow: InvokeEventLike = { sender: { id: WINDOW_ID }, senderFrame: { url: 'app://bureau/index.html', parent: null } };

describe('bureau:invoke', () => {
  it('runs a call of our window through the contract and the services', async () => {
    const { handle } = setup();
    expect(await handle(fromWindow, 'mutations:run', { name: 'lead.create', args: newLead })).toMatchObject({ ok: true });
    const list = await handle(fromWindow, 'leads:list', {});
    expect(list).toMatchObject({ ok: true, value: { total: 1, rows: [{ id: LEAD, firstName: 'Hélène' }] } });
  });

  it('answers an input that breaks the contract in French, as data', async () => {
    const { handle } = setup();
    const result = await handle(fromWindow, 'leads:get', { id: 'pas-un-uuid' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { id: 'Identifiant invalide.' } } });
  });

  it.each([42, 'leads:drop', 'toString', '__proto__', null])('answers the unknown channel %j without running anything', async (channel) => {
    const { handle } = setup();
    expect(await handle(fromWindow, channel, {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it.each<[string, InvokeEventLike]>([
    ['another WebContents', { ...fromWindow, sender: { id: WINDOW_ID + 1 } }],
    ['an iframe of our window', { ...fromWindow, senderFrame: { url: 'app://bureau/index.html', parent: {} } }],
    ['our window once it left our origin', { ...fromWindow, senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['a frame already gone', { ...fromWindow, senderFrame: null }],
    ['a file:// page', { ...fromWindow, senderFrame: { url: 'file:///tmp/x.html', parent: null } }],
  ])('rejects a call from %s, and nothing runs', async (_label, event) => {
    const { host, handle, rejected } = setup();
    await expect(handle(event, 'mutations:run', { name: 'lead.create', args: newLead })).rejects.toThrow(REJECTED_SENDER_MESSAGE);
    expect(rejected).toEqual(['mutations:run']);
    expect(host.replica.pendingCount()).toBe(0);
  });

  it('rejects every call while the window does not exist', async () => {
    const host = replicaHost();
    hosts.push(host);
    const handle = createInvokeHandler({ host, origin: APP_ORIGIN, trustedWebContentsId: () => null, target: () => null });
    await expect(handle(fromWindow, 'session:get', {})).rejects.toThrow(REJECTED_SENDER_MESSAGE);
  });
});

describe('bureau:event', () => {
  function receiver(url = 'app://bureau/index.html') {
    const sent: unknown[][] = [];
    const state = { url, destroyed: false };
    return {
      state,
      sent,
      target: { isDestroyed: () => state.destroyed, getURL: () => state.url, send: (...args: unknown[]) => sent.push(args) },
    };
  }

  it('forwards the services’ change events to our window', async () => {
    const { host, handle } = setup();
    const window = receiver();
    const ipcMain = { handlers: new Map<string, unknown>(), handle: (name: string, fn: unknown) => ipcMain.handlers.set(name, fn), removeHandler: (name: string) => ipcMain.handlers.delete(name) };
    const registered = registerIpc(ipcMain, { host, origin: APP_ORIGIN, trustedWebContentsId: () => WINDOW_ID, target: () => window.target });
    expect([...ipcMain.handlers.keys()]).toEqual(['bureau:invoke']);

    await handle(fromWindow, 'mutations:run', { name: 'lead.create', args: newLead });
    expect(window.sent[0]?.[0]).toBe('bureau:event');
    expect(window.sent.map(([, event]) => (event as ApiEvent).type)).toContain('changed');
    expect((window.sent[0]?.[1] as Extract<ApiEvent, { type: 'changed' }>).tables).toContain('leads');

    registered.dispose();
    expect(ipcMain.handlers.size).toBe(0);
    const before = window.sent.length;
    host.emit({ type: 'changed', tables: ['leads'] });
    expect(window.sent).toHaveLength(before);
  });

  it('sends nothing to a window that shows another origin or is gone', () => {
    const window = receiver('https://evil.example/');
    const send = createEventSender({ origin: APP_ORIGIN, target: () => window.target });
    send({ type: 'open', leadId: LEAD });
    expect(window.sent).toEqual([]);
    window.state.url = 'app://bureau/index.html';
    window.state.destroyed = true;
    send({ type: 'open', leadId: LEAD });
    expect(window.sent).toEqual([]);
    window.state.destroyed = false;
    send({ type: 'open', leadId: LEAD });
    expect(window.sent).toEqual([['bureau:event', { type: 'open', leadId: LEAD }]]);
  });
});
