import { and, eq, ne } from 'drizzle-orm';
import {
  anonymiseAppointment,
  anonymiseContactAttempt,
  anonymiseEvaluation,
  anonymiseHistory,
  anonymiseLead,
  anonymiseNotification,
  anonymiseSms,
  anonymiseTask,
  personalValues,
  SCRUBBED,
} from '~shared/domain/anonymise';
import type { Put } from '~shared/domain/entities';
import { newId } from '~shared/ids';
import type { ServerDb } from '../db/connection';
import { writePuts } from '../db/puts';
import { anonymisations, leads, smsDispatch, smsOptOuts } from '../db/schema';
import { loadPerson } from './person';

// Anonymising one person on the office server (issue 14, point 5). One write transaction, under
// the version counter's lock like every writer: the anonymisation row is claimed first (its
// primary key makes a second request, a retention tick or a hundred requests at once find it
// done), the person's rows are scrubbed by src-shared/domain/anonymise.ts and written back with
// new versions — history lines included, rewritten in place — so every replica's next pull
// replaces its copies, FTS index included. The server-only rows go too: the provider's errors, and
// the number's SMS opt-out when no other lead carries that number (docs/decisions.md).

export type AnonymiseOutcome = 'anonymised' | 'already' | 'held' | 'not_found';

export const ANONYMISE_MESSAGES = {
  held: 'Ce lead est sous conservation légale\u00a0: levez-la avant de l’anonymiser.',
  notFound: 'Ce lead n’existe pas.',
  already: 'Cette personne est déjà anonymisée.',
} as const;

export interface AnonymiseRequest {
  leadId: string;
  at: Date;
  /** The admin who asked; null for the retention job. */
  byId: string | null;
  reason: 'request' | 'retention';
}

export async function anonymisePerson(db: ServerDb, request: AnonymiseRequest): Promise<AnonymiseOutcome> {
  const now = request.at.toISOString();
  const { result } = await db.writeTransaction(async (tx, versions): Promise<AnonymiseOutcome> => {
    const person = await loadPerson(tx, request.leadId);
    if (person === null) return 'not_found';
    if (person.anonymisation !== null) return 'already';
    if (person.legalHold !== null) return 'held';
    const claimed = await tx
      .insert(anonymisations)
      .values({ leadId: request.leadId, at: now, byId: request.byId, reason: request.reason })
      .onConflictDoNothing()
      .returning({ leadId: anonymisations.leadId });
    if (claimed.length === 0) return 'already';

    const values = personalValues(person.lead, person.history);
    const puts: Put[] = [
      { table: 'leads', row: anonymiseLead(person.lead, now) },
      ...person.history.map((row) => ({ table: 'history' as const, row: anonymiseHistory(row, values) })),
      ...person.contactAttempts.map((row) => ({ table: 'contact_attempts' as const, row: anonymiseContactAttempt(row) })),
      ...person.appointments.map((row) => ({ table: 'appointments' as const, row: anonymiseAppointment(row, now) })),
      ...person.evaluations.map((row) => ({ table: 'evaluations' as const, row: anonymiseEvaluation(row) })),
      ...person.smsMessages.map((row) => ({ table: 'sms_messages' as const, row: anonymiseSms(row, now) })),
      ...person.tasks.map((row) => ({ table: 'tasks' as const, row: anonymiseTask(row, values, now) })),
      ...person.notifications.map((row) => ({ table: 'notifications' as const, row: anonymiseNotification(row, values) })),
      {
        table: 'history',
        row: {
          id: newId(),
          version: 0,
          deletedAt: null,
          leadId: request.leadId,
          at: now,
          actorId: request.byId,
          kind: 'anonymized',
          before: null,
          after: { reason: request.reason === 'retention' ? 'Règle de conservation' : 'Demande de la personne' },
          note: null,
        },
      },
    ];
    await writePuts(tx, versions, puts);

    for (const row of person.smsDispatch) {
      if (row.lastError !== null) await tx.update(smsDispatch).set({ lastError: SCRUBBED }).where(eq(smsDispatch.smsMessageId, row.smsMessageId));
    }
    const phone = person.lead.phoneE164;
    if (phone !== null) {
      // Another lead with the number still needs its STOP honoured; else the number itself is personal.
      const others = await tx
        .select({ id: leads.id })
        .from(leads)
        .where(and(eq(leads.phoneE164, phone), ne(leads.id, request.leadId)))
        .limit(1);
      if (others.length === 0) await tx.delete(smsOptOuts).where(eq(smsOptOuts.phoneE164, phone));
    }
    return 'anonymised';
  });
  return result;
}
