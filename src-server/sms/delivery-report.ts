import { and, eq } from 'drizzle-orm';
import type { Put, SmsMessage } from '~shared/domain/entities';
import { historyPut } from '~shared/domain/mutations/effects';
import { SYSTEM_ACTOR } from '~shared/domain/mutations/types';
import { newId } from '~shared/ids';
import type { ServerDb } from '../db/connection';
import { writePuts } from '../db/puts';
import { smsDispatch, smsMessages } from '../db/schema';
import { optOutPuts } from './opt-out';
import { twilioErrorMessage, TWILIO_UNSUBSCRIBED } from './twilio-provider';

// Twilio's delivery reports (POST /api/sms/twilio/status, signed; routes.ts): the state
// of the message the office sent — sent, delivered, failed with the reason — lands on the message
// and in the lead's history (issue 11, point 3). Reports may come late, twice or out of order: a
// message never goes back (delivered stays delivered), and a report that changes nothing writes
// nothing.

export interface DeliveryReport {
  messageSid: string;
  /** Twilio's MessageStatus: queued, sending, sent, delivered, undelivered, failed, … */
  status: string;
  errorCode: number | null;
}

const RANK: Readonly<Record<SmsMessage['state'], number>> = { queued: 0, sent: 1, failed: 2, delivered: 3 };

function stateOf(status: string): SmsMessage['state'] | null {
  switch (status) {
    case 'sent':
      return 'sent';
    case 'delivered':
    case 'read':
      return 'delivered';
    case 'undelivered':
    case 'failed':
      return 'failed';
    default:
      // queued, sending, accepted, scheduled: nothing the office did not know already.
      return null;
  }
}

/** Applies one report; returns the state written, or null when the report changed nothing. */
export async function applyDeliveryReport(db: ServerDb, report: DeliveryReport, at: Date): Promise<SmsMessage['state'] | null> {
  const next = stateOf(report.status);
  if (next === null) return null;
  const now = at.toISOString();
  const { result } = await db.writeTransaction(async (tx, versions) => {
    const [dispatch] = await tx
      .select({ id: smsDispatch.smsMessageId })
      .from(smsDispatch)
      .where(and(eq(smsDispatch.provider, 'twilio'), eq(smsDispatch.providerMessageId, report.messageSid)));
    if (dispatch === undefined) return null;
    const [row] = await tx.select().from(smsMessages).where(eq(smsMessages.id, dispatch.id)).for('update');
    const message = row as SmsMessage | undefined;
    if (message === undefined || message.state === next || RANK[next] < RANK[message.state]) return null;

    const error = next === 'failed' ? twilioErrorMessage(report.errorCode) : null;
    const updated: SmsMessage = {
      ...message,
      state: next,
      error,
      sentAt: message.sentAt ?? (next === 'failed' ? null : now),
      deliveredAt: next === 'delivered' ? now : message.deliveredAt,
      updatedAt: now,
    };
    const ctx = { actor: SYSTEM_ACTOR, now, newId };
    const after: Record<string, unknown> = { smsId: message.id, state: next, provider: 'twilio' };
    if (error !== null) after['error'] = error;
    const puts: Put[] = [
      { table: 'sms_messages', row: updated },
      historyPut(ctx, message.leadId, { kind: 'sms_status', before: { state: message.state }, after }),
    ];
    if (report.errorCode === TWILIO_UNSUBSCRIBED) puts.push(...(await optOutPuts(tx, message.to, 'twilio_21610', at)));
    await writePuts(tx, versions, puts);
    return next;
  });
  return result;
}
