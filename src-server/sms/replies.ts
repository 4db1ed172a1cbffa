import { and, asc, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Appointment, Lead, Put, SmsMessage } from '~shared/domain/entities';
import { historyPut, leadName, MANAGERS } from '~shared/domain/mutations/effects';
import { SYSTEM_ACTOR } from '~shared/domain/mutations/types';
import { normalizePhone } from '~shared/domain/phone';
import { readSmsReply, type SmsReplyKind } from '~shared/domain/sms-replies';
import { newId } from '~shared/ids';
import type { ServerDb, ServerTx } from '../db/connection';
import { writePuts } from '../db/puts';
import { appointments, leads, schedulerRuns, smsMessages } from '../db/schema';
import { activeUser, notificationRow } from '../jobs/notifications';
import { executeMutation, officeCache } from '../sync/execute';
import { optOutPuts } from './opt-out';

// A person's answer to the office's SMS (POST /api/sms/twilio/inbound, signed; issue 11, point 5):
//   OUI / CONFIRME / YES  the appointment is confirmed: a history line, its host is notified;
//   NON / ANNULER / NO    the appointment is cancelled to be rebooked (appointment.cancel, run by
//                         the server: the lead goes back to "À recontacter" with a callback due
//                         now), and its host is notified (docs/decisions.md);
//   STOP / ARRET          the number gets no SMS any more (sms_opt_outs, shown on its leads);
//   anything else         kept in the history, and the host is notified.
// The lead is the one the office last wrote to at that number (else the latest lead carrying it);
// the appointment is the one that SMS was about if still ahead, else the lead's next one. Twilio
// may post the same reply twice: its MessageSid is claimed once, so the second changes nothing.

export interface InboundSms {
  messageSid: string;
  from: string;
  body: string;
}

export interface ReplyOutcome {
  kind: SmsReplyKind;
  leadId: string | null;
  /** False when this MessageSid was already handled. */
  handled: boolean;
}

/** The longest reply text kept in history (an SMS reply is a few segments at most). */
const MAX_KEPT = 1600;

export async function handleInboundSms(db: ServerDb, sms: InboundSms, at: Date): Promise<ReplyOutcome> {
  const now = at.toISOString();
  const kind = readSmsReply(sms.body);
  const from = normalizePhone(sms.from).e164 ?? sms.from;
  const text = sms.body.slice(0, MAX_KEPT);
  const { result } = await db.writeTransaction(async (tx, versions): Promise<ReplyOutcome> => {
    const claimed = await tx
      .insert(schedulerRuns)
      .values({ jobKey: `sms-inbound:${sms.messageSid}`, ranAt: now })
      .onConflictDoNothing()
      .returning({ key: schedulerRuns.jobKey });
    if (claimed.length === 0) return { kind, leadId: null, handled: false };

    const puts: Put[] = kind === 'stop' ? await optOutPuts(tx, from, 'reply', at) : [];
    const target = await replyTarget(tx, from, at);
    if (target === null) {
      await writePuts(tx, versions, puts);
      return { kind, leadId: null, handled: true };
    }
    const { lead, appointment } = target;
    const ctx = { actor: SYSTEM_ACTOR, now, newId };

    // Without an appointment ahead, a yes or a no is a message like any other for the host.
    let effective: SmsReplyKind = kind;
    if ((kind === 'confirm' || kind === 'rebook') && appointment === null) effective = 'other';
    if (effective === 'rebook' && appointment !== null) {
      const cancelled = await executeMutation(tx, versions, {
        actor: SYSTEM_ACTOR,
        name: 'appointment.cancel',
        rawArgs: { id: appointment.id, reason: `Le lead a répondu « ${text.trim().slice(0, 40)} » par SMS\u00a0: rendez-vous à replanifier.` },
        now: at,
        cache: officeCache(db),
      });
      if (cancelled.status === 'refused') effective = 'other';
    }

    const after: Record<string, unknown> = { reply: effective, from };
    if (appointment !== null && effective !== 'other') {
      after['appointmentId'] = appointment.id;
      after['startsAt'] = appointment.startsAt;
    }
    puts.push(historyPut(ctx, lead.id, { kind: 'sms_reply', after, note: text }));

    const office = await officeCache(db).read(tx);
    const host = activeUser(office.users, appointment?.hostId ?? null) ?? activeUser(office.users, lead.assigneeId);
    const told = host
      ? [host.id]
      : [...office.users.values()].filter((u) => u.deletedAt === null && u.active && MANAGERS.includes(u.role as never)).map((u) => u.id);
    for (const userId of told) {
      puts.push({
        table: 'notifications',
        row: notificationRow(
          {
            userId,
            kind: 'sms_reply',
            leadId: lead.id,
            groupKey: `sms-reply:${sms.messageSid}`,
            payload: { reply: effective, text: text.slice(0, 320), name: leadName(lead), startsAt: appointment?.startsAt ?? null },
          },
          now,
        ),
      });
    }
    await writePuts(tx, versions, puts);
    return { kind: effective, leadId: lead.id, handled: true };
  });
  return result;
}

async function replyTarget(tx: ServerTx, from: string, at: Date): Promise<{ lead: Lead; appointment: Appointment | null } | null> {
  const [last] = (await tx
    .select()
    .from(smsMessages)
    .where(and(eq(smsMessages.to, from), isNull(smsMessages.deletedAt)))
    .orderBy(desc(smsMessages.createdAt))
    .limit(1)) as SmsMessage[];
  let lead: Lead | undefined;
  if (last !== undefined) {
    [lead] = (await tx.select().from(leads).where(and(eq(leads.id, last.leadId), isNull(leads.deletedAt)))) as Lead[];
  }
  if (lead === undefined) {
    [lead] = (await tx
      .select()
      .from(leads)
      .where(and(eq(leads.phoneE164, from), isNull(leads.deletedAt)))
      .orderBy(desc(leads.updatedAt))
      .limit(1)) as Lead[];
  }
  if (lead === undefined) return null;

  const ahead = and(eq(appointments.state, 'scheduled'), gt(appointments.startsAt, at.toISOString()), isNull(appointments.deletedAt));
  if (last?.appointmentId != null && last.leadId === lead.id) {
    const [about] = (await tx.select().from(appointments).where(and(eq(appointments.id, last.appointmentId), ahead))) as Appointment[];
    if (about !== undefined) return { lead, appointment: about };
  }
  const [next] = (await tx
    .select()
    .from(appointments)
    .where(and(eq(appointments.leadId, lead.id), ahead))
    .orderBy(asc(appointments.startsAt))
    .limit(1)) as Appointment[];
  return { lead, appointment: next ?? null };
}
