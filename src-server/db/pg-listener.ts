import type pg from 'pg';
import { newPgClient } from './pg-connections';

// A LISTEN connection that outlives its backend. NOTIFY is the only thing that needs one lone
// connection rather than the pool, and a lone connection dies with its backend (PostgreSQL
// restarting, an administrator's pg_terminate_backend): then it is opened again, with a growing
// pause, until `close()`. What was notified while it was down is lost, so `onConnected` runs after
// every reconnection for the owner to catch up from the database itself.

export interface PgListenerOptions {
  connectionString: string;
  channels: readonly string[];
  onNotification(channel: string, payload: string): void;
  /** After every (re)connection once LISTEN is in place; not after the first. */
  onReconnected(): Promise<void> | void;
  onLost(error: unknown): void;
  onReconnectFailed(error: unknown): void;
  /** Pause before the n-th try in a row (1-based); 100 ms doubling to 5 s by default. */
  retryDelayMs?: (attempt: number) => number;
}

export interface PgListener {
  close(): Promise<void>;
}

const defaultDelay = (attempt: number) => Math.min(5_000, 100 * 2 ** (attempt - 1));

/** Connects and listens; rejects when the first connection fails (the server then does not start). */
export async function startPgListener(options: PgListenerOptions): Promise<PgListener> {
  const delay = options.retryDelayMs ?? defaultDelay;
  let closed = false;
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  let attempts = 0;

  const connect = async (): Promise<void> => {
    const current = newPgClient({ connectionString: options.connectionString }, (error) => lost(current, error));
    // A backend that goes away without an error message (the socket just closes) ends the client.
    current.on('end', () => lost(current, new Error('connexion LISTEN fermée par le serveur')));
    current.on('notification', (message) => {
      if (options.channels.includes(message.channel) && message.payload !== undefined) options.onNotification(message.channel, message.payload);
    });
    try {
      await current.connect();
      for (const channel of options.channels) await current.query(`LISTEN ${channel}`);
    } catch (error) {
      await current.end().catch(() => undefined);
      throw error;
    }
    // Only now is it the connection in use: an error while connecting is the caller's to handle.
    if (closed) await current.end().catch(() => undefined);
    else client = current;
  };

  const lost = (which: pg.Client, error: unknown) => {
    if (closed || client !== which) return;
    client = null;
    void which.end().catch(() => undefined);
    options.onLost(error);
    schedule();
  };

  const schedule = () => {
    if (closed || timer !== null) return;
    attempts += 1;
    timer = setTimeout(() => {
      timer = null;
      void reconnect();
    }, delay(attempts));
    timer.unref();
  };

  const reconnect = async () => {
    if (closed) return;
    try {
      await connect();
    } catch (error) {
      options.onReconnectFailed(error);
      schedule();
      return;
    }
    attempts = 0;
    if (closed) return;
    try {
      await options.onReconnected();
    } catch (error) {
      options.onReconnectFailed(error);
    }
  };

  await connect();
  return {
    async close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      const last = client;
      client = null;
      await last?.end().catch(() => undefined);
    },
  };
}
