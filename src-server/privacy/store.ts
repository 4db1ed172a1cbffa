import { eq } from 'drizzle-orm';
import { DEFAULT_WEB_FORM_CONSENT_WORDING, type HoldBody, type RetentionRules } from '~shared/contract/privacy';
import type { Lead } from '~shared/domain/entities';
import { newId } from '~shared/ids';
import type { DbExecutor, ServerDb } from '../db/connection';
import { writePuts } from '../db/puts';
import { leads, legalHolds, privacySettings, retentionRules } from '../db/schema';

// The office's privacy settings on the server (issue 14, point 5): retention rules per final
// status, the web form's consent wording, and legal holds. Server-only rows, set by admins through
// /api/admin/privacy and /api/admin/people (privacy-routes.ts); a hold also writes a synced history
// line, so that the lead's sheet says it on every workstation.

export async function readRetentionRules(db: DbExecutor): Promise<RetentionRules> {
  const rows = await db.select().from(retentionRules);
  return Object.fromEntries(rows.map((r) => [r.status, r.months])) as RetentionRules;
}

/** Replaces the rules named; null (« jamais ») removes the status's rule. */
export async function writeRetentionRules(db: ServerDb, rules: RetentionRules, byId: string, at: Date): Promise<void> {
  await db.db.transaction(async (tx) => {
    for (const [status, months] of Object.entries(rules)) {
      if (months === null || months === undefined) {
        await tx.delete(retentionRules).where(eq(retentionRules.status, status));
      } else {
        const row = { status, months, updatedAt: at.toISOString(), updatedById: byId };
        await tx.insert(retentionRules).values(row).onConflictDoUpdate({ target: retentionRules.status, set: row });
      }
    }
  });
}

export async function readConsentWording(db: DbExecutor): Promise<string> {
  const [row] = await db.select().from(privacySettings).where(eq(privacySettings.id, 1));
  return row?.webFormConsentWording ?? DEFAULT_WEB_FORM_CONSENT_WORDING;
}

export async function writeConsentWording(db: ServerDb, wording: string, at: Date): Promise<void> {
  const row = { id: 1, webFormConsentWording: wording, updatedAt: at.toISOString() };
  await db.db.insert(privacySettings).values(row).onConflictDoUpdate({ target: privacySettings.id, set: row });
}

/** Sets or lifts the hold; false when the lead does not exist. Setting it twice keeps the first. */
export async function setLegalHold(db: ServerDb, leadId: string, body: HoldBody, byId: string, at: Date): Promise<boolean> {
  const now = at.toISOString();
  const { result } = await db.writeTransaction(async (tx, versions) => {
    const [lead] = (await tx.select({ id: leads.id }).from(leads).where(eq(leads.id, leadId))) as Array<Pick<Lead, 'id'>>;
    if (lead === undefined) return false;
    const changed = body.held
      ? await tx.insert(legalHolds).values({ leadId, reason: body.reason, setById: byId, setAt: now }).onConflictDoNothing().returning()
      : await tx.delete(legalHolds).where(eq(legalHolds.leadId, leadId)).returning();
    if (changed.length === 0) return true;
    await writePuts(tx, versions, [
      {
        table: 'history',
        row: {
          id: newId(),
          version: 0,
          deletedAt: null,
          leadId,
          at: now,
          actorId: byId,
          kind: body.held ? 'legal_hold_set' : 'legal_hold_lifted',
          before: null,
          after: null,
          note: body.held ? body.reason : null,
        },
      },
    ]);
    return true;
  });
  return result;
}
