import { createEmitter } from '~shared/events';
import { decodeNotice, SESSION_CHANNEL, type SessionNotices } from '../auth/session-notices';
import { currentVersion, type ServerDb } from '../db/connection';
import { startPgListener, type PgListener } from '../db/pg-listener';
import type { Log } from '../log';

// Pokes (sync-protocol.md, "Poke"): after every commit that wrote synced rows — a push, the web
// form, the scheduler, an admin endpoint — every connected workstation hears the new cursor. The
// database's commit listener is the one place that sees them all. With PostgreSQL the cursor is
// also sent through NOTIFY, so that the workstations connected to another server process on the
// same database hear it too (architecture.md: no home-made coordination). The same connection
// LISTENs for session notices (auth/session-notices.ts): a logout or a deactivation on another
// process closes this process's sockets of that token or user.

export const POKE_CHANNEL = 'bureau_poke';

export interface PokeBus {
  /** The highest cursor heard so far (this process's commits and, on PostgreSQL, the others'). */
  readonly cursor: number;
  subscribe(listener: (cursor: number) => void): () => void;
  close(): Promise<void>;
}

export async function createPokeBus(
  db: ServerDb,
  databaseUrl: string | null,
  log: Log,
  sessionNotices?: SessionNotices,
): Promise<PokeBus> {
  const listeners = createEmitter<number>((error) => log.error({ err: error }, 'abonné aux pokes en erreur'));
  // Known from the start, not from the first commit heard: a workstation connecting to a server
  // just (re)started learns at once whether it has something to pull.
  let cursor = await currentVersion(db.db);
  const hear = (value: number) => {
    if (!Number.isSafeInteger(value) || value <= cursor) return;
    cursor = value;
    listeners.emit(value);
  };

  let listener: PgListener | null = null;
  if (db.kind === 'postgres' && databaseUrl !== null) {
    listener = await startPgListener({
      connectionString: databaseUrl,
      channels: sessionNotices === undefined ? [POKE_CHANNEL] : [POKE_CHANNEL, SESSION_CHANNEL],
      onNotification: (channel, payload) => {
        if (channel === POKE_CHANNEL) hear(Number(payload));
        else if (sessionNotices !== undefined) {
          const notice = decodeNotice(payload);
          if (notice !== null) sessionNotices.hear(notice);
        }
      },
      // Another process's commits notified while the connection was down are not replayed: the
      // counter says how far they went. A session notice missed meanwhile is caught by each
      // socket's own periodic session check.
      onReconnected: async () => {
        hear(await currentVersion(db.db));
        log.info('connexion LISTEN rétablie');
      },
      onLost: (error) => log.warn({ err: error }, 'connexion LISTEN perdue : reconnexion'),
      onReconnectFailed: (error) => log.warn({ err: error }, 'connexion LISTEN : nouvel essai plus tard'),
    });
  }

  // One NOTIFY at a time: the commits made while one is on its way are told by the next, with the
  // highest cursor only (a cursor says everything below it). A push commits a group every few
  // milliseconds: one NOTIFY per commit was one more statement per group, for the database and
  // for this process, that no workstation needed.
  let notifying = false;
  let waiting: number | null = null;
  let closed = false;
  const notify = (cursorValue: number) => {
    if (notifying) {
      waiting = Math.max(waiting ?? 0, cursorValue);
      return;
    }
    notifying = true;
    db.query('select pg_notify($1, $2)', [POKE_CHANNEL, String(cursorValue)])
      .catch((error: unknown) => log.error({ err: error }, 'NOTIFY impossible'))
      .finally(() => {
        notifying = false;
        const next = waiting;
        waiting = null;
        if (next !== null && !closed) notify(next);
      });
  };

  const unsubscribeCommits = db.onCommit((lastVersion) => {
    hear(lastVersion);
    if (listener !== null) notify(lastVersion);
  });

  return {
    get cursor() {
      return cursor;
    },
    subscribe: (listener) => listeners.on(listener),
    async close() {
      closed = true;
      unsubscribeCommits();
      listeners.clear();
      await listener?.close();
    },
  };
}
