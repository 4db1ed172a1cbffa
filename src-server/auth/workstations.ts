import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { WipeReason, WorkstationAnswer } from '~shared/contract/workstations';
import type { DbExecutor } from '../db/connection';
import { sessions, syncClients, users, workstations } from '../db/schema';

// The workstation registry (issue 14, point 4; docs/decisions.md, "Remote wipe"). A workstation
// is one replica (`clientId`); it is recorded at its first pull or push with its user and the name
// it gives, and each later one moves its last contact. The token that synced is bound to it
// (sessions.client_id), so that every later request with that token — a revoked one included —
// is known to come from it. An administrator's revocation, or its user's deactivation, marks it:
// from then on each of its requests answers `workstation_wiped` and no push of it is applied.

export type Contact = 'ok' | 'wiped' | 'another_user';

/** At most one write per minute per workstation for its last contact (pulls come every 30 s). */
const CONTACT_REFRESH_MS = 60 * 1000;

/**
 * A pull or push from `clientId` with this session's token: records the workstation (or moves its
 * last contact, and its name when it gives a new one), binds the token to it, and says whether it
 * may go on. A clientId recorded for another user is refused before anything is written.
 */
export async function recordContact(
  db: DbExecutor,
  input: { clientId: string; userId: string; tokenHash: string; boundClientId: string | null; name: string | null; now: Date },
): Promise<Contact> {
  const at = input.now.toISOString();
  let [row] = await db
    .select({ userId: workstations.userId, wipeRequestedAt: workstations.wipeRequestedAt, lastContactAt: workstations.lastContactAt, name: workstations.name })
    .from(workstations)
    .where(eq(workstations.clientId, input.clientId));
  if (row === undefined) {
    // A replica that synced before the registry existed belongs to its sync_clients owner: nobody
    // else may claim it here first (and lock its owner out).
    const [client] = await db.select({ userId: syncClients.userId }).from(syncClients).where(eq(syncClients.clientId, input.clientId));
    if (client !== undefined && client.userId !== input.userId) return 'another_user';
    await db
      .insert(workstations)
      .values({ clientId: input.clientId, userId: input.userId, name: input.name ?? '', createdAt: at, lastContactAt: at })
      .onConflictDoNothing();
    [row] = await db
      .select({ userId: workstations.userId, wipeRequestedAt: workstations.wipeRequestedAt, lastContactAt: workstations.lastContactAt, name: workstations.name })
      .from(workstations)
      .where(eq(workstations.clientId, input.clientId));
    if (row === undefined) throw new Error('poste introuvable après son enregistrement');
  }
  if (row.userId !== input.userId) return 'another_user';
  if (row.wipeRequestedAt !== null) {
    await markWipeSent(db, input.clientId, input.now);
    return 'wiped';
  }
  const stale = input.now.getTime() - Date.parse(row.lastContactAt) >= CONTACT_REFRESH_MS;
  const renamed = input.name !== null && input.name !== row.name;
  if (stale || renamed) {
    await db
      .update(workstations)
      .set({ lastContactAt: at, ...(renamed ? { name: input.name! } : {}) })
      .where(and(eq(workstations.clientId, input.clientId), isNull(workstations.wipeRequestedAt)));
  }
  if (input.boundClientId !== input.clientId) {
    await db.update(sessions).set({ clientId: input.clientId }).where(eq(sessions.tokenHash, input.tokenHash));
  }
  return 'ok';
}

/** The first time a workstation hears `workstation_wiped`: the administrator's list says it. */
export async function markWipeSent(db: DbExecutor, clientId: string, now: Date): Promise<void> {
  await db
    .update(workstations)
    .set({ wipeSentAt: now.toISOString() })
    .where(and(eq(workstations.clientId, clientId), isNull(workstations.wipeSentAt)));
}

/**
 * Marks the workstation to wipe and revokes its tokens. Run inside a write transaction (which
 * holds the version counter's lock): a push group of it then runs wholly before or wholly after,
 * and one after finds the mark and applies nothing (push.ts, readClient). Answers null for an
 * unknown workstation, else the tokens revoked (their sockets close); marking one already marked changes nothing.
 */
export async function requestWipe(tx: DbExecutor, clientId: string, reason: WipeReason, byId: string | null, now: Date): Promise<{ revokedTokenHashes: string[] } | null> {
  const at = now.toISOString();
  const [found] = await tx.select({ clientId: workstations.clientId }).from(workstations).where(eq(workstations.clientId, clientId));
  if (found === undefined) return null;
  await tx
    .update(workstations)
    .set({ wipeRequestedAt: at, wipeReason: reason, wipeRequestedById: byId })
    .where(and(eq(workstations.clientId, clientId), isNull(workstations.wipeRequestedAt)));
  const revoked = await tx
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.clientId, clientId), isNull(sessions.revokedAt)))
    .returning({ tokenHash: sessions.tokenHash });
  return { revokedTokenHashes: revoked.map((r) => r.tokenHash) };
}

/** Deactivation (admin route and `user:deactivate`): every workstation of the user is to wipe. */
export async function requestUserWipe(tx: DbExecutor, userId: string, now: Date): Promise<number> {
  const marked = await tx
    .update(workstations)
    .set({ wipeRequestedAt: now.toISOString(), wipeReason: 'user_deactivated' })
    .where(and(eq(workstations.userId, userId), isNull(workstations.wipeRequestedAt)))
    .returning({ clientId: workstations.clientId });
  return marked.length;
}

/** Administration → Postes de travail: every workstation with its user, the latest contact first. */
export async function listWorkstations(db: DbExecutor): Promise<WorkstationAnswer[]> {
  const rows = await db
    .select({
      clientId: workstations.clientId,
      userId: workstations.userId,
      userName: users.name,
      userEmail: users.email,
      name: workstations.name,
      createdAt: workstations.createdAt,
      lastContactAt: workstations.lastContactAt,
      wipeRequestedAt: workstations.wipeRequestedAt,
      wipeReason: workstations.wipeReason,
      wipeSentAt: workstations.wipeSentAt,
    })
    .from(workstations)
    .innerJoin(users, eq(users.id, workstations.userId))
    .orderBy(sql`${workstations.lastContactAt} desc`, asc(workstations.clientId));
  return rows;
}
