import { and, eq, isNull } from 'drizzle-orm';
import type { Role } from '~shared/domain/roles';
import type { DbExecutor } from '../db/connection';
import { sessions, users, workstations } from '../db/schema';
import { hashToken, newSessionToken } from './tokens';

// Sessions (server-api.md): a token lives 30 days after its last use (sliding), so a workstation
// that syncs every day stays signed in while a forgotten one expires; logout and deactivation
// revoke it at once. Last use is written at most once a minute: sync polls every 30 s.

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const REFRESH_AFTER_MS = 60 * 1000;

/** The signed-in user as the routes see it (`request.user`). */
export interface AuthUser {
  id: string;
  role: Role;
  name: string;
  email: string;
}

/** 'two_factor_setup': the office requires a second factor the user has yet to set up. */
export type SessionScope = 'full' | 'two_factor_setup';

export interface ResolvedSession {
  user: AuthUser;
  tokenHash: string;
  scope: SessionScope;
  /** The workstation this token synced from (bound at its first pull or push), or null. */
  clientId: string | null;
}

/**
 * The token's workstation was revoked, or its user deactivated (issue 14, point 4): whatever the
 * token's own state, the answer is `workstation_wiped`, so that the workstation deletes its data.
 */
export interface WipedSession {
  wipedClientId: string;
}
export type SessionLookup = ResolvedSession | WipedSession | null;

export function isWiped(lookup: SessionLookup): lookup is WipedSession {
  return lookup !== null && 'wipedClientId' in lookup;
}

/** Opens a session for the user and returns its token (shown once, never stored). */
export async function createSession(db: DbExecutor, userId: string, now: Date, scope: SessionScope = 'full'): Promise<string> {
  const token = newSessionToken();
  await db.insert(sessions).values({
    tokenHash: hashToken(token),
    userId,
    scope,
    createdAt: now.toISOString(),
    lastUsedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
  });
  return token;
}

/**
 * The user behind a token; null when it is unknown, revoked, expired or its user inactive; wiped
 * when its workstation is to delete its data.
 */
export async function resolveSession(db: DbExecutor, token: string, now: Date): Promise<SessionLookup> {
  const tokenHash = hashToken(token);
  const found = await liveSession(db, tokenHash, now);
  if (found === null || 'wipedClientId' in found) return found;

  if (now.getTime() - Date.parse(found.lastUsedAt) >= REFRESH_AFTER_MS) {
    await db
      .update(sessions)
      .set({ lastUsedAt: now.toISOString(), expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString() })
      .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt)));
  }
  return { user: found.user, tokenHash, scope: found.scope, clientId: found.clientId };
}

/** The session becomes a full one once its user has set up a second factor. */
export async function widenSession(db: DbExecutor, tokenHash: string): Promise<void> {
  await db.update(sessions).set({ scope: 'full' }).where(eq(sessions.tokenHash, tokenHash));
}

/**
 * The user behind a token's hash as resolveSession judges it, without counting as a use: an open
 * socket checking that its session still stands must not keep it alive.
 */
export async function checkSession(db: DbExecutor, tokenHash: string, now: Date): Promise<AuthUser | null> {
  const found = await liveSession(db, tokenHash, now);
  return found === null || 'wipedClientId' in found ? null : found.user;
}

type LiveSession = { user: AuthUser; lastUsedAt: string; scope: SessionScope; clientId: string | null };

async function liveSession(db: DbExecutor, tokenHash: string, now: Date): Promise<LiveSession | WipedSession | null> {
  const [found] = await db
    .select({
      id: users.id,
      role: users.role,
      name: users.name,
      email: users.email,
      active: users.active,
      deletedAt: users.deletedAt,
      revokedAt: sessions.revokedAt,
      expiresAt: sessions.expiresAt,
      lastUsedAt: sessions.lastUsedAt,
      scope: sessions.scope,
      clientId: sessions.clientId,
      wipeRequestedAt: workstations.wipeRequestedAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(workstations, eq(workstations.clientId, sessions.clientId))
    .where(eq(sessions.tokenHash, tokenHash));
  // Before the token's own state: a revoked token replayed by its workstation hears "wipe" too.
  if (found !== undefined && found.wipeRequestedAt !== null && found.clientId !== null) return { wipedClientId: found.clientId };
  if (found === undefined || found.revokedAt !== null || !found.active || found.deletedAt !== null) return null;
  if (found.expiresAt !== null && Date.parse(found.expiresAt) <= now.getTime()) return null;
  const scope: SessionScope = found.scope === 'full' ? 'full' : 'two_factor_setup';
  return { user: { id: found.id, role: found.role, name: found.name, email: found.email }, lastUsedAt: found.lastUsedAt, scope, clientId: found.clientId };
}

export async function revokeSession(db: DbExecutor, tokenHash: string, now: Date): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: now.toISOString() })
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt)));
}

/** Deactivation revokes every token of the user at once (server-api.md). */
export async function revokeUserSessions(db: DbExecutor, userId: string, now: Date): Promise<number> {
  const revoked = await db
    .update(sessions)
    .set({ revokedAt: now.toISOString() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ tokenHash: sessions.tokenHash });
  return revoked.length;
}
