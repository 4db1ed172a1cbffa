import { randomUUID } from 'node:crypto';
import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import {
  ACCESS_FUTURE_TOLERANCE_MS,
  type AccessEvent,
  type AccessKind,
  type AccessLogEntry,
  type AccessLogPage,
  type AccessLogQuery,
} from '~shared/contract/accountability';
import type { DbExecutor } from '../db/connection';
import { accessLog, leads, users } from '../db/schema';

// The access log (issue 14, point 6; server-api.md, "Access log and incidents"): who opened which
// lead or client sheet and who exported what. Workstations send what their users did in batches
// (POST /api/access-log); the server records its own exports with `recordAccess`. Rows are only
// ever inserted: the table refuses UPDATE and DELETE itself (migration 0009).

/** What the server records of its own work, or of a route's export (a person's file, a backup). */
export interface AccessRecord {
  kind: AccessKind;
  /** The signed-in user who asked; null for the command line or the scheduler. */
  userId: string | null;
  /** A lead or a client (its lead is resolved), or null. */
  subjectId?: string | null;
  /** What was exported, in a few words; never a person's data beyond a file name. */
  detail?: string | null;
}

/**
 * Records one event the server itself saw, dated now. Any feature may call it, inside its own
 * transaction or not (docs/decisions.md, « Journal d'accès et registre des incidents »).
 */
export async function recordAccess(db: DbExecutor, record: AccessRecord, now: Date): Promise<void> {
  await insertEvents(
    db,
    [{ id: randomUUID(), kind: record.kind, subjectId: record.subjectId ?? null, detail: record.detail ?? null, at: now.toISOString() }],
    record.userId,
    'server',
    now,
  );
}

/**
 * A workstation's batch, for the token's user whatever the events say (they carry no user). An id
 * already stored is skipped, so a batch sent again — after a lost answer, or 100 times — is stored
 * once. An event dated too far ahead of the server's clock is dated at receipt.
 */
export async function storeAccessBatch(db: DbExecutor, userId: string, events: readonly AccessEvent[], receivedAt: Date): Promise<{ received: number; stored: number }> {
  const stored = await insertEvents(db, events, userId, 'desktop', receivedAt);
  return { received: events.length, stored };
}

async function insertEvents(db: DbExecutor, events: readonly AccessEvent[], userId: string | null, source: 'desktop' | 'server', receivedAt: Date): Promise<number> {
  const latest = receivedAt.getTime() + ACCESS_FUTURE_TOLERANCE_MS;
  const rows = events.map((event) => ({
    id: event.id,
    kind: event.kind,
    subject_id: event.subjectId,
    detail: event.detail,
    at: Date.parse(event.at) > latest ? receivedAt.toISOString() : new Date(event.at).toISOString(),
  }));
  // One statement for the batch; a client's sheet is logged under its lead, found here so the
  // log can be filtered by lead whatever was opened.
  const result = await db.execute(sql`
    insert into access_log (id, kind, user_id, subject_id, lead_id, detail, at, received_at, source)
    select e.id, e.kind, ${userId}::uuid, e.subject_id,
           case when e.kind = 'client.open' then (select c.lead_id from clients c where c.id = e.subject_id) else e.subject_id end,
           e.detail, e.at, ${receivedAt.toISOString()}::timestamptz, ${source}
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as e(id uuid, kind text, subject_id uuid, detail text, at timestamptz)
    on conflict (id) do nothing
    returning id`);
  return (result as unknown as { rows: unknown[] }).rows.length;
}

const CURSOR_INVALID = 'Curseur de page invalide : recommencez depuis la première page.';

export class AccessLogQueryError extends Error {
  readonly code = 'invalid_query';
}

function encodeCursor(entry: { at: string; id: string }): string {
  return Buffer.from(`${entry.at}|${entry.id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (at === undefined || id === undefined || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/i.test(id)) throw new AccessLogQueryError(CURSOR_INVALID);
  return { at, id };
}

/** The admins' reading: newest first, filtered, one page at a time (keyset on `at`, `id`). */
export async function listAccessLog(db: DbExecutor, query: AccessLogQuery): Promise<AccessLogPage> {
  const where: SQL[] = [];
  if (query.userId !== undefined) where.push(eq(accessLog.userId, query.userId));
  if (query.leadId !== undefined) where.push(eq(accessLog.leadId, query.leadId));
  if (query.kind !== undefined) where.push(eq(accessLog.kind, query.kind));
  if (query.from !== undefined) where.push(gte(accessLog.at, new Date(query.from).toISOString()));
  if (query.to !== undefined) where.push(lt(accessLog.at, new Date(query.to).toISOString()));
  if (query.cursor !== undefined) {
    const after = decodeCursor(query.cursor);
    where.push(sql`(${accessLog.at}, ${accessLog.id}) < (${after.at}::timestamptz, ${after.id}::uuid)`);
  }
  const rows = await db
    .select({
      id: accessLog.id,
      kind: accessLog.kind,
      userId: accessLog.userId,
      userName: users.name,
      subjectId: accessLog.subjectId,
      leadId: accessLog.leadId,
      leadName: sql<string | null>`nullif(trim(${leads.firstName} || ' ' || ${leads.lastName}), '')`,
      detail: accessLog.detail,
      at: accessLog.at,
      receivedAt: accessLog.receivedAt,
      source: accessLog.source,
    })
    .from(accessLog)
    .leftJoin(users, eq(users.id, accessLog.userId))
    .leftJoin(leads, eq(leads.id, accessLog.leadId))
    .where(and(...where))
    .orderBy(desc(accessLog.at), desc(accessLog.id))
    .limit(query.limit + 1);
  const entries = rows.slice(0, query.limit).map((row) => row as AccessLogEntry);
  const last = entries.at(-1);
  return { entries, next: rows.length > query.limit && last !== undefined ? encodeCursor(last) : null };
}
