import { and, asc, eq, isNull, lte, notExists, sql } from 'drizzle-orm';
import { monthsBefore } from '~shared/domain/anonymise';
import type { ServerDb } from '../db/connection';
import { anonymisations, leads, legalHolds } from '../db/schema';
import { anonymisePerson } from '../privacy/anonymise';
import { readRetentionRules } from '../privacy/store';

// Retention (issue 14, point 5; Loi 25, s. 23): each tick, the leads whose final status has been
// theirs longer than its rule of « Conservation » are anonymised, except those under a legal hold.
// Once, across restarts and server processes: anonymisePerson claims the lead's `anonymisations`
// row under the version counter's lock, so a lead found twice (two ticks, two processes) is
// scrubbed by the first and skipped by the second, and an anonymised lead is never looked at again.

const BATCH = 200;

/** Anonymises the leads due at `at`; returns how many. */
export async function applyRetention(db: ServerDb, at: Date): Promise<number> {
  const rules = await readRetentionRules(db.db);
  let done = 0;
  for (const [status, months] of Object.entries(rules)) {
    if (months === null || months === undefined) continue;
    const cutoff = monthsBefore(at, months).toISOString();
    const due = await db.db
      .select({ id: leads.id })
      .from(leads)
      .where(
        and(
          eq(leads.status, status as never),
          lte(leads.statusChangedAt, cutoff),
          isNull(leads.deletedAt),
          notExists(db.db.select({ one: sql`1` }).from(anonymisations).where(eq(anonymisations.leadId, leads.id))),
          notExists(db.db.select({ one: sql`1` }).from(legalHolds).where(eq(legalHolds.leadId, leads.id))),
        ),
      )
      .orderBy(asc(leads.statusChangedAt))
      .limit(BATCH);
    for (const { id } of due) {
      if ((await anonymisePerson(db, { leadId: id, at, byId: null, reason: 'retention' })) === 'anonymised') done += 1;
    }
  }
  return done;
}

