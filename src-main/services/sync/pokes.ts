import type { ConnectionOptions } from 'node:tls';
import WebSocket from 'ws';
import { pokeSchema } from '~shared/contract/sync';

// The poke channel (sync-protocol.md, "Poke"): a WebSocket on which the office server says
// "rows changed up to cursor N". The engine decides what to do with it; this file only connects,
// parses, and notices a dead connection (a workstation put to sleep, a cable pulled), which TCP
// alone may not report for many minutes.

export interface PokeHandlers {
  open(): void;
  poke(cursor: number): void;
  /** The socket is gone; `status` is the HTTP answer when the upgrade itself was refused (401, 426). */
  closed(info: { status?: number }): void;
}

export interface PokeSocket {
  close(): void;
}

export type PokeConnector = (url: string, token: string, handlers: PokeHandlers) => PokeSocket;

const HEARTBEAT_MS = 30_000;

/**
 * The WebSocket connector; `tlsFor` gives a wss address its TLS options (the pin: tls/pinned.ts),
 * checked during the handshake, before the token is sent.
 */
export function webSocketPokes(tlsFor: (url: string) => ConnectionOptions = () => ({})): PokeConnector {
  return (url, token, handlers) => connectPokes(url, token, handlers, tlsFor(url));
}

export const wsPokeConnector: PokeConnector = webSocketPokes();

function connectPokes(url: string, token: string, handlers: PokeHandlers, tls: ConnectionOptions): PokeSocket {
  const socket = new WebSocket(url, { ...tls, headers: { authorization: `Bearer ${token}` }, handshakeTimeout: 10_000 });
  let done = false;
  let alive = true;
  const finish = (info: { status?: number }) => {
    if (done) return;
    done = true;
    clearInterval(heartbeat);
    handlers.closed(info);
  };
  const heartbeat = setInterval(() => {
    if (socket.readyState !== WebSocket.OPEN) return;
    if (!alive) {
      socket.terminate();
      return;
    }
    alive = false;
    socket.ping();
  }, HEARTBEAT_MS);
  heartbeat.unref();

  socket.on('open', () => handlers.open());
  socket.on('pong', () => {
    alive = true;
  });
  socket.on('message', (data) => {
    alive = true;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString());
    } catch {
      return;
    }
    const poke = pokeSchema.safeParse(parsed);
    if (poke.success) handlers.poke(poke.data.cursor);
  });
  socket.on('unexpected-response', (request, response) => {
    const status = response.statusCode;
    response.resume();
    request.destroy();
    finish({ status });
  });
  // 'error' is always followed by 'close'; listening keeps it from throwing.
  socket.on('error', () => {});
  socket.on('close', () => finish({}));

  return {
    close() {
      done = true;
      clearInterval(heartbeat);
      socket.terminate();
    },
  };
}
