import { and, eq, isNull } from 'drizzle-orm';
import type { Lead, Put } from '~shared/domain/entities';
import { historyPut, touched } from '~shared/domain/mutations/effects';
import { SYSTEM_ACTOR } from '~shared/domain/mutations/types';
import { newId } from '~shared/ids';
import type { DbExecutor } from '../db/connection';
import { leads, smsOptOuts } from '../db/schema';

// Numbers that answered STOP (domain.md, "SMS"; issue 11, point 5): kept server-side per number in
// sms_opt_outs, the authority the dispatcher checks before every send, and shown on every lead
// carrying the number (leads.smsOptOutAt, synced) so that the desktop refuses before anyone types.

/** Where the opt-out came from: the reply's keyword, or Twilio's 21610 at send time. */
export type OptOutSource = 'reply' | 'twilio_21610';

export async function isOptedOut(db: DbExecutor, phoneE164: string): Promise<boolean> {
  const [row] = await db.select({ phone: smsOptOuts.phoneE164 }).from(smsOptOuts).where(eq(smsOptOuts.phoneE164, phoneE164)).limit(1);
  return row !== undefined;
}

/**
 * Records the number's opt-out (once) and returns the rows marking every live lead carrying it,
 * each with a history line: to write in the caller's transaction with writePuts.
 */
export async function optOutPuts(tx: DbExecutor, phoneE164: string, source: OptOutSource, at: Date): Promise<Put[]> {
  const now = at.toISOString();
  await tx.insert(smsOptOuts).values({ phoneE164, at: now, source }).onConflictDoNothing();
  const carriers = (await tx
    .select()
    .from(leads)
    .where(and(eq(leads.phoneE164, phoneE164), isNull(leads.smsOptOutAt), isNull(leads.deletedAt)))) as Lead[];
  const ctx = { actor: SYSTEM_ACTOR, now, newId };
  return carriers.flatMap((lead): Put[] => [
    { table: 'leads', row: touched(lead, { smsOptOutAt: now }, ctx) },
    historyPut(ctx, lead.id, { kind: 'sms_opt_out', after: { smsOptOutAt: now, source } }),
  ]);
}
