import type { Api, ApiEvent, Channel, ChannelInput, ChannelOutput, IpcResult } from '~shared/contract/ipc';
import { SYNCED_TABLE_NAMES } from '~shared/domain/entities';

// `window.api` in Chromium, without Electron (architecture.md, "Running without Electron"): the
// same `Api` as the preload's, carried over the development bridge's loopback WebSocket
// (src-main/dev-bridge/server.ts, whose protocol.ts describes the messages). The page learns the
// socket's address and secret from `/bridge-config.js`, which the bridge serves and puts in
// index.html's <head> (the CSP forbids inline scripts), as `window.__BRIDGE__`.
//
// The socket reconnects by itself. A call already sent when it drops is answered with an error
// rather than sent again (a mutation must never run twice); calls made while it is down wait for
// it. After a reconnection the page is told to read everything again, since events were missed.
//
// Written against a minimal socket and global shape so that it type-checks with or without the
// DOM library (the bridge's tests drive it from Node with the `ws` package).

export interface BridgeConfig {
  /** ws://127.0.0.1:<port>/bridge */
  url: string;
  secret: string;
}

/** The part of the browser's WebSocket this client uses (the `ws` package's fits too). */
export interface BridgeSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface BridgeClientOptions {
  /** Opens a socket; the browser's WebSocket by default. */
  connect?: (url: string) => BridgeSocket;
  /** First reconnection delay, doubled up to 5 s. */
  reconnectDelayMs?: number;
}

export interface BridgeApi extends Api {
  /** True while the socket is open and the secret accepted. */
  connected(): boolean;
  /** Closes the socket for good (tests, page unload). */
  close(): void;
}

const OPEN = 1;
const CLOSE_UNAUTHORIZED = 4401;
const MAX_RECONNECT_DELAY_MS = 5_000;

const DISCONNECTED = {
  code: 'bridge_disconnected',
  message: 'Le lien avec le processus principal a été coupé pendant la demande. Vérifiez le résultat, puis réessayez au besoin.',
};
const REFUSED = {
  code: 'bridge_refused',
  message: 'Le pont de développement a refusé cette page (secret invalide). Rechargez la page depuis l’adresse affichée par « npm run dev:web ».',
};

interface BrowserGlobals {
  api?: Api;
  __BRIDGE__?: BridgeConfig;
  WebSocket?: new (url: string) => BridgeSocket;
  dispatchEvent?: (event: Event) => boolean;
}

export function createBridgeApi(config: BridgeConfig, options: BridgeClientOptions = {}): BridgeApi {
  const connect =
    options.connect ??
    ((url: string) => {
      const Ctor = (globalThis as BrowserGlobals).WebSocket;
      if (!Ctor) throw new Error('WebSocket indisponible');
      return new Ctor(url);
    });
  const baseDelay = options.reconnectDelayMs ?? 250;

  const listeners = new Set<(event: ApiEvent) => void>();
  /** Sent and waiting for their answer. */
  const inFlight = new Map<number, (result: IpcResult<unknown>) => void>();
  /** Made while the socket was down: sent once it is ready again. */
  const waiting: Array<{ id: number; text: string; resolve: (result: IpcResult<unknown>) => void }> = [];
  let nextId = 1;
  let socket: BridgeSocket | null = null;
  let ready = false;
  let closed = false;
  let refused = false;
  let failures = 0;
  let everReady = false;

  const deliver = (event: ApiEvent) => {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        console.error(error);
      }
    }
  };

  const failAll = (error: { code: string; message: string }, includeWaiting: boolean) => {
    for (const resolve of inFlight.values()) resolve({ ok: false, error });
    inFlight.clear();
    if (includeWaiting) for (const call of waiting.splice(0)) call.resolve({ ok: false, error });
  };

  const flush = () => {
    for (const call of waiting.splice(0)) {
      inFlight.set(call.id, call.resolve);
      socket!.send(call.text);
    }
  };

  /** After a reconnection: what happened meanwhile is unknown, so every view reads again. */
  const catchUp = async () => {
    const [session, status] = await Promise.all([send('session:get', {}), send('sync:status', {})]);
    if (session.ok) deliver({ type: 'session', session: session.value as ChannelOutput['session:get'] });
    if (status.ok) deliver({ type: 'sync', status: status.value as ChannelOutput['sync:status'] });
    deliver({ type: 'changed', tables: [...SYNCED_TABLE_NAMES] });
  };

  const open = () => {
    if (closed) return;
    let current: BridgeSocket;
    try {
      current = connect(config.url);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = current;
    current.onopen = () => current.send(JSON.stringify({ type: 'hello', secret: config.secret }));
    current.onmessage = (event) => {
      let message: { type?: unknown; id?: unknown; result?: IpcResult<unknown>; event?: ApiEvent };
      try {
        message = JSON.parse(String(event.data));
      } catch {
        return;
      }
      if (message.type === 'ready') {
        ready = true;
        failures = 0;
        const reconnected = everReady;
        everReady = true;
        flush();
        if (reconnected) void catchUp();
        return;
      }
      if (message.event) {
        deliver(message.event);
        return;
      }
      if (typeof message.id === 'number' && message.result) {
        const resolve = inFlight.get(message.id);
        inFlight.delete(message.id);
        resolve?.(message.result);
      }
    };
    current.onerror = () => {};
    current.onclose = (event) => {
      if (socket !== current) return;
      socket = null;
      ready = false;
      if (event.code === CLOSE_UNAUTHORIZED) {
        refused = true;
        failAll(REFUSED, true);
        return;
      }
      failAll(DISCONNECTED, false);
      scheduleReconnect();
    };
  };

  const scheduleReconnect = () => {
    if (closed) return;
    failures += 1;
    const delay = Math.min(MAX_RECONNECT_DELAY_MS, baseDelay * 2 ** Math.min(failures - 1, 10));
    setTimeout(open, delay);
  };

  function send(channel: string, input: unknown): Promise<IpcResult<unknown>> {
    if (refused) return Promise.resolve({ ok: false, error: REFUSED });
    if (closed) return Promise.resolve({ ok: false, error: DISCONNECTED });
    return new Promise((resolve) => {
      const id = nextId++;
      const text = JSON.stringify({ id, channel, input });
      if (ready && socket !== null && socket.readyState === OPEN) {
        inFlight.set(id, resolve);
        socket.send(text);
      } else {
        waiting.push({ id, text, resolve });
      }
    });
  }

  open();

  return {
    invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<IpcResult<ChannelOutput[C]>> {
      return send(channel, input) as Promise<IpcResult<ChannelOutput[C]>>;
    },
    on(listener: (event: ApiEvent) => void): () => void {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    connected: () => ready,
    close() {
      closed = true;
      failAll(DISCONNECTED, true);
      socket?.close();
      socket = null;
    },
  };
}

/**
 * Installs `window.api` from the bridge when the page runs outside Electron (the renderer's entry
 * calls it when `window.api` is absent). Answers the Api, or null when the page was not served by
 * the bridge (no `window.__BRIDGE__`). Fires `bureau:api-ready` on window once installed.
 */
export function installBridgeApi(): Api | null {
  const browser = globalThis as BrowserGlobals;
  if (browser.api) return browser.api;
  const config = browser.__BRIDGE__;
  if (!config || typeof config.url !== 'string' || typeof config.secret !== 'string') return null;
  const api = createBridgeApi(config);
  browser.api = api;
  browser.dispatchEvent?.(new Event('bureau:api-ready'));
  return api;
}
