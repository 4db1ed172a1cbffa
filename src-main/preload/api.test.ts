import { describe, expect, it } from 'vitest';
import type { ApiEvent, Channel } from '~shared/contract/ipc';
import { createApi, type PreloadIpc } from './api';

// window.api as the preload builds it, over a recording stand-in for ipcRenderer (Electron's own
// is only in a real renderer process).

function fakeIpc() {
  const invoked: unknown[][] = [];
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const ipc = {
    invoke: (...args: unknown[]) => {
      invoked.push(args);
      return Promise.resolve({ ok: true, value: 'answer' });
    },
    on(channel: string, listener: (...args: unknown[]) => void) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
      return ipc;
    },
    removeListener(channel: string, listener: (...args: unknown[]) => void) {
      listeners.get(channel)?.delete(listener);
      return ipc;
    },
  };
  const emit = (channel: string, payload: unknown) => {
    const sender = { secret: 'ipcRenderer itself' };
    for (const listener of listeners.get(channel) ?? []) listener({ sender }, payload);
  };
  return { ipc: ipc as unknown as PreloadIpc, invoked, listeners, emit };
}

/** webUtils stand-in: the path Electron would give a dropped file. */
const files = { getPathForFile: (file: unknown) => `/home/marie/${(file as { name: string }).name}` };

describe('the preload’s window.api', () => {
  it('exposes three functions and nothing else, frozen', () => {
    const api = createApi(fakeIpc().ipc, files);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on', 'pathForFile']);
    expect(Object.values(api).every((value) => typeof value === 'function')).toBe(true);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('gives the path of a file the page holds, for the import, and nothing of its content', () => {
    expect(createApi(fakeIpc().ipc, files).pathForFile?.({ name: 'salon.xlsx' })).toBe('/home/marie/salon.xlsx');
  });

  it('sends a contract channel and its input on the one invoke name, and answers what the main process answers', async () => {
    const { ipc, invoked } = fakeIpc();
    const api = createApi(ipc, files);
    const result = await api.invoke('leads:get', { id: '00000000-0000-4000-8000-000000000001' });
    expect(result).toEqual({ ok: true, value: 'answer' });
    expect(invoked).toEqual([['bureau:invoke', 'leads:get', { id: '00000000-0000-4000-8000-000000000001' }]]);
  });

  it.each(['leads:drop', 'toString', '__proto__', 'constructor', ''])('refuses the unknown channel %j without sending anything', async (channel) => {
    const { ipc, invoked } = fakeIpc();
    const result = await createApi(ipc, files).invoke(channel as Channel, {} as never);
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(result.ok ? '' : result.error.message).toMatch(/n’existe pas/);
    expect(invoked).toEqual([]);
  });

  it('hands listeners the event’s data only, never the IPC event that holds ipcRenderer', () => {
    const { ipc, emit } = fakeIpc();
    const received: unknown[][] = [];
    createApi(ipc, files).on((...args) => received.push(args));
    const event: ApiEvent = { type: 'open', leadId: '00000000-0000-4000-8000-000000000002' };
    emit('bureau:event', event);
    emit('some:other', { type: 'changed', tables: [] });
    expect(received).toEqual([[event]]);
  });

  it('unsubscribes exactly the listener it was given, once', () => {
    const { ipc, emit, listeners } = fakeIpc();
    const api = createApi(ipc, files);
    const first: unknown[] = [];
    const second: unknown[] = [];
    const stopFirst = api.on((event) => first.push(event));
    api.on((event) => second.push(event));
    stopFirst();
    stopFirst();
    emit('bureau:event', { type: 'changed', tables: ['leads'] });
    expect(first).toEqual([]);
    expect(second).toHaveLength(1);
    expect(listeners.get('bureau:event')?.size).toBe(1);
  });

  it('refuses a listener that is not a function', () => {
    expect(() => createApi(fakeIpc().ipc, files).on('nope' as never)).toThrow(TypeError);
  });
});
