import pg from 'pg';
import { decodeNotice, SESSION_CHANNEL, type SessionNotices } from '../auth/session-notices';
import { currentVersion, type ServerDb } from '../db/connection';
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
  const listeners = new Set<(cursor: number) => void>();
  // Known from the start, not from the first commit heard: a workstation connecting to a server
  // just (re)started learns at once whether it has something to pull.
  let cursor = await currentVersion(db.db);
  const hear = (value: number) => {
    if (!Number.isSafeInteger(value) || value <= cursor) return;
    cursor = value;
    for (const listener of listeners) {
      try {
        listener(value);
      } catch (error) {
        log.error({ err: error }, 'abonné aux pokes en erreur');
      }
    }
  };

  let listenClient: pg.Client | null = null;
  if (db.kind === 'postgres' && databaseUrl !== null) {
    listenClient = new pg.Client({ connectionString: databaseUrl });
    listenClient.on('error', (error) => log.error({ err: error }, 'connexion LISTEN perdue'));
    listenClient.on('notification', (message) => {
      if (message.channel === POKE_CHANNEL) hear(Number(message.payload));
      if (message.channel === SESSION_CHANNEL && sessionNotices !== undefined) {
        const notice = decodeNotice(message.payload ?? '');
        if (notice !== null) sessionNotices.hear(notice);
      }
    });
    await listenClient.connect();
    await listenClient.query(`LISTEN ${POKE_CHANNEL}`);
    if (sessionNotices !== undefined) await listenClient.query(`LISTEN ${SESSION_CHANNEL}`);
  }

  const unsubscribeCommits = db.onCommit((lastVersion) => {
    hear(lastVersion);
    if (listenClient !== null) {
      db.query('select pg_notify($1, $2)', [POKE_CHANNEL, String(lastVersion)]).catch((error: unknown) =>
        log.error({ err: error }, 'NOTIFY impossible'),
      );
    }
  });

  return {
    get cursor() {
      return cursor;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      unsubscribeCommits();
      listeners.clear();
      await listenClient?.end().catch(() => undefined);
    },
  };
}
