import { eq, inArray } from 'drizzle-orm';
import type {
  Appointment,
  Client,
  ContactAttempt,
  Evaluation,
  HistoryEntry,
  Lead,
  Notification,
  Payment,
  SmsMessage,
  Task,
} from '~shared/domain/entities';
import type { DbExecutor } from '../db/connection';
import {
  anonymisations,
  appointments,
  clients,
  contactAttempts,
  evaluations,
  history,
  leads,
  legalHolds,
  notifications,
  payments,
  smsDispatch,
  smsMessages,
  tasks,
} from '../db/schema';

// Everything the office holds about one person (issue 14, point 5; Loi 25, s. 27): the lead and
// every row that names it by lead_id, synced or not. The export writes it out, the anonymisation
// scrubs it; both read it here, so that what is exported is exactly what is anonymised.

export interface PersonRows {
  lead: Lead;
  history: HistoryEntry[];
  contactAttempts: ContactAttempt[];
  appointments: Appointment[];
  evaluations: Evaluation[];
  smsMessages: SmsMessage[];
  clients: Client[];
  payments: Payment[];
  tasks: Task[];
  /** Notifications about the person, whoever they were addressed to. */
  notifications: Notification[];
  /** The provider's side of the person's SMS (server-only). */
  smsDispatch: Array<typeof smsDispatch.$inferSelect>;
  legalHold: (typeof legalHolds.$inferSelect) | null;
  anonymisation: (typeof anonymisations.$inferSelect) | null;
}

const byTime = <T extends { id: string }>(rows: T[], at: (row: T) => string): T[] =>
  rows.sort((a, b) => at(a).localeCompare(at(b)) || a.id.localeCompare(b.id));

/** The person's rows, or null when no lead has this id. */
export async function loadPerson(db: DbExecutor, leadId: string): Promise<PersonRows | null> {
  const [lead] = (await db.select().from(leads).where(eq(leads.id, leadId))) as Lead[];
  if (lead === undefined) return null;
  // One query after another: a PostgreSQL transaction is one connection, which runs one at a time.
  const historyRows = (await db.select().from(history).where(eq(history.leadId, leadId))) as HistoryEntry[];
  const attempts = (await db.select().from(contactAttempts).where(eq(contactAttempts.leadId, leadId))) as ContactAttempt[];
  const appointmentRows = (await db.select().from(appointments).where(eq(appointments.leadId, leadId))) as Appointment[];
  const evaluationRows = (await db.select().from(evaluations).where(eq(evaluations.leadId, leadId))) as Evaluation[];
  const smsRows = (await db.select().from(smsMessages).where(eq(smsMessages.leadId, leadId))) as SmsMessage[];
  const clientRows = (await db.select().from(clients).where(eq(clients.leadId, leadId))) as Client[];
  const paymentRows = (await db.select().from(payments).where(eq(payments.leadId, leadId))) as Payment[];
  const taskRows = (await db.select().from(tasks).where(eq(tasks.leadId, leadId))) as Task[];
  const notificationRows = (await db.select().from(notifications).where(eq(notifications.leadId, leadId))) as Notification[];
  const holds = await db.select().from(legalHolds).where(eq(legalHolds.leadId, leadId));
  const done = await db.select().from(anonymisations).where(eq(anonymisations.leadId, leadId));
  const dispatch = smsRows.length === 0 ? [] : await db.select().from(smsDispatch).where(inArray(smsDispatch.smsMessageId, smsRows.map((s) => s.id)));
  return {
    lead,
    history: byTime(historyRows, (h) => h.at),
    contactAttempts: byTime(attempts, (a) => a.at),
    appointments: byTime(appointmentRows, (a) => a.startsAt),
    evaluations: byTime(evaluationRows, (e) => e.createdAt),
    smsMessages: byTime(smsRows, (s) => s.createdAt),
    clients: clientRows,
    payments: byTime(paymentRows, (p) => p.paidAt),
    tasks: byTime(taskRows, (t) => t.dueAt),
    notifications: byTime(notificationRows, (n) => n.createdAt),
    smsDispatch: dispatch,
    legalHold: holds[0] ?? null,
    anonymisation: done[0] ?? null,
  };
}
