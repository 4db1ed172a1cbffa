import WebSocket from 'ws';
import { pokeSchema, PROTOCOL_VERSION, SCHEMA_VERSION } from '~shared/contract/sync';

// A workstation listening on GET /api/sync/events, as the desktop does: every poke it hears is
// kept, and a test waits for the one it expects. Waiting is bounded so that a poke that never
// comes fails the test with a message instead of hanging it; nothing here measures time.

const WAIT_LIMIT_MS = 15_000;

export interface PokeListener {
  /** Every cursor heard, in order. */
  readonly cursors: readonly number[];
  /** The subprotocol the server chose (the bearer one when the token went that way). */
  readonly protocol: string;
  /** Resolves once a poke with a cursor >= `cursor` has been heard (at once if one was). */
  waitFor(cursor: number): Promise<number>;
  /** Resolves with the close code and reason once the server closed the socket (bounded wait). */
  closedByServer(): Promise<{ code: number; reason: string }>;
  /** Whether the socket is still open (not closing, not closed). */
  isOpen(): boolean;
  close(): Promise<void>;
}

export function eventsUrl(base: string, schemaVersion: number = SCHEMA_VERSION): string {
  const url = new URL('/api/sync/events', base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('protocol', String(PROTOCOL_VERSION));
  url.searchParams.set('schemaVersion', String(schemaVersion));
  return url.toString();
}

/**
 * Opens the poke socket with the token in `Authorization: Bearer` (the desktop) or as the
 * subprotocol `bearer.<token>` (a browser, which cannot set headers).
 */
export async function listenForPokes(base: string, token: string, via: 'header' | 'subprotocol' = 'header'): Promise<PokeListener> {
  const socket =
    via === 'header'
      ? new WebSocket(eventsUrl(base), { headers: { authorization: `Bearer ${token}` } })
      : new WebSocket(eventsUrl(base), [`bearer.${token}`]);
  const cursors: number[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString('utf8') }));
  });
  const waiters = new Set<{ cursor: number; resolve: (heard: number) => void }>();
  socket.on('message', (data: WebSocket.RawData) => {
    const poke = pokeSchema.parse(JSON.parse(data.toString()));
    cursors.push(poke.cursor);
    for (const waiter of waiters) {
      if (poke.cursor >= waiter.cursor) {
        waiters.delete(waiter);
        waiter.resolve(poke.cursor);
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.on('error', reject);
    socket.once('unexpected-response', (_request, response) => reject(new Error(`poke socket refusé : ${response.statusCode}`)));
  });

  return {
    cursors,
    protocol: socket.protocol,
    waitFor(cursor) {
      const heard = cursors.find((c) => c >= cursor);
      if (heard !== undefined) return Promise.resolve(heard);
      return new Promise<number>((resolve, reject) => {
        const waiter = {
          cursor,
          resolve: (value: number) => {
            clearTimeout(timer);
            resolve(value);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`aucun poke d’un curseur >= ${cursor} (entendus : ${cursors.join(', ') || 'aucun'})`));
        }, WAIT_LIMIT_MS);
        waiters.add(waiter);
      });
    },
    closedByServer() {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const limit = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error('le serveur n’a pas fermé le socket')), WAIT_LIMIT_MS);
      });
      return Promise.race([closed, limit]).finally(() => clearTimeout(timer));
    },
    isOpen: () => socket.readyState === WebSocket.OPEN,
    close() {
      if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
      return new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.close();
      });
    },
  };
}

/** The HTTP status a refused upgrade is answered with (401 without a valid token, say). */
export function refusedUpgradeStatus(
  base: string,
  options: { headers?: Record<string, string>; protocols?: string[]; schemaVersion?: number } = {},
): Promise<number> {
  const socket = new WebSocket(eventsUrl(base, options.schemaVersion), options.protocols, { headers: options.headers });
  return new Promise<number>((resolve, reject) => {
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('open', () => {
      socket.close();
      reject(new Error('la connexion a été acceptée'));
    });
    // After a refused upgrade the socket reports its own end too: heard, not thrown.
    socket.on('error', (error) => reject(error));
  });
}
