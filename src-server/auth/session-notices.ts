import { createEmitter, type Emitter } from '~shared/events';
import type { ServerDb } from '../db/connection';
import type { Log } from '../log';

// Telling open connections that a session changed (issue 8, point 3): the poke WebSocket of a
// token outlives the request that authenticated it, so logout, deactivation and a role change
// must reach it. In this process a notice is heard at once; with PostgreSQL it also goes out
// through NOTIFY on SESSION_CHANNEL, which every server process on the database LISTENs to
// (sync/poke-bus.ts), so a socket held by another process closes too. A notice lost on the way
// (a LISTEN connection that dropped, the office CLI on PGlite) is caught by each socket's own
// periodic check of its session (sync/routes.ts).

export const SESSION_CHANNEL = 'bureau_session';

export type SessionNotice =
  /** One token revoked (logout). */
  | { kind: 'token'; tokenHash: string }
  /** Every token of the user revoked (deactivation, new password). */
  | { kind: 'user_revoked'; userId: string }
  /** The user's role changed: tokens stay valid, connections start again with the new role. */
  | { kind: 'user_changed'; userId: string };

export function encodeNotice(notice: SessionNotice): string {
  return notice.kind === 'token' ? `token:${notice.tokenHash}` : `${notice.kind}:${notice.userId}`;
}

export function decodeNotice(payload: string): SessionNotice | null {
  const colon = payload.indexOf(':');
  const kind = payload.slice(0, colon);
  const value = payload.slice(colon + 1);
  if (colon < 1 || value === '') return null;
  if (kind === 'token') return { kind, tokenHash: value };
  if (kind === 'user_revoked' || kind === 'user_changed') return { kind, userId: value };
  return null;
}

/** Sends a notice to every server process on a PostgreSQL database (none to send on PGlite). */
export async function announceToOtherProcesses(db: ServerDb, notice: SessionNotice): Promise<void> {
  if (db.kind !== 'postgres') return;
  await db.query('select pg_notify($1, $2)', [SESSION_CHANNEL, encodeNotice(notice)]);
}

export class SessionNotices {
  private readonly listeners: Emitter<SessionNotice>;

  constructor(
    private readonly db: ServerDb,
    private readonly log: Log,
  ) {
    this.listeners = createEmitter((error) => this.log.error({ err: error }, 'abonné aux avis de session en erreur'));
  }

  /** Tells this process's connections at once, then the other processes'. Never throws. */
  async publish(notice: SessionNotice): Promise<void> {
    this.hear(notice);
    await announceToOtherProcesses(this.db, notice).catch((error: unknown) =>
      this.log.error({ err: error }, 'NOTIFY de session impossible'),
    );
  }

  /** A notice from this process or, through LISTEN, another one. */
  hear(notice: SessionNotice): void {
    this.listeners.emit(notice);
  }

  subscribe(listener: (notice: SessionNotice) => void): () => void {
    return this.listeners.on(listener);
  }
}
