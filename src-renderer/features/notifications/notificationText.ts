import type { TFunction } from 'i18next';
import type { Notification } from '~shared/domain/entities';
import { officeDayFrom } from '~shared/domain/office-time';
import { SMS_REPLY_KINDS, type SmsReplyKind } from '~shared/domain/sms-replies';

/** Payload fields a notification may carry to name its lead (written by the mutators). */
function payloadText(payload: Record<string, unknown>, ...keys: string[]): string | null {
  for (const key of keys) {
    const v = payload[key];
    if (typeof v === 'string' && v.trim() !== '') return v;
  }
  return null;
}

/** What a title needs to name a day: now, the office's time zone, and its date format. */
export interface TitleContext {
  now: string;
  timeZone: string;
  /** « mardi 24 novembre 2026 » in the interface's language. */
  longDate: (iso: string) => string;
  time: (iso: string) => string;
}

export function notificationTitle(n: Notification, t: TFunction, context: TitleContext): string {
  const startsAt = n.kind === 'appointment_reminder' && n.count <= 1 ? payloadText(n.payload, 'startsAt') : null;
  if (startsAt !== null && !Number.isNaN(Date.parse(startsAt))) {
    // The day the appointment is on, as the office's clock says it, whenever the reminder came.
    const day = officeDayFrom(startsAt, context.now, context.timeZone);
    return t(`notifications.appointmentOn.${day}`, { date: context.longDate(startsAt), time: context.time(startsAt) });
  }
  // importBatch.revert rewrites the batch's notification: it says the import was undone.
  if (n.kind === 'leads_imported' && payloadText(n.payload, 'revertedAt') !== null) {
    const removed = n.payload['removedCount'];
    return t('notifications.importUndone', { count: typeof removed === 'number' ? removed : 0 });
  }
  const reply = n.kind === 'sms_reply' ? payloadText(n.payload, 'reply') : null;
  if (reply !== null && (SMS_REPLY_KINDS as readonly string[]).includes(reply)) return t(`notifications.smsReply.${reply as SmsReplyKind}`);
  return t(`notifications.kind.${n.kind}`, { count: Math.max(1, n.count) });
}

export function notificationDetail(n: Notification): string | null {
  const name = payloadText(n.payload, 'leadName', 'name');
  if (name) return name;
  const first = payloadText(n.payload, 'firstName');
  const last = payloadText(n.payload, 'lastName');
  return [first, last].filter(Boolean).join(' ') || payloadText(n.payload, 'fileName');
}

/** What a click on a notification opens (issue 15, point 6). */
export type NotificationTarget =
  | { kind: 'lead'; id: string }
  /** The leads of one grouped assignment (the payload keeps the first hundred ids). */
  | { kind: 'leads'; ids: string[] }
  | { kind: 'batch'; importBatchId: string; fileName: string | null };

export function notificationTarget(n: Notification): NotificationTarget | null {
  const ids = n.payload['leadIds'];
  if (n.kind === 'leads_assigned' && n.count > 1 && Array.isArray(ids)) {
    const strings = ids.filter((id): id is string => typeof id === 'string');
    if (strings.length > 0) return { kind: 'leads', ids: strings };
  }
  const batch = payloadText(n.payload, 'importBatchId');
  if (n.kind === 'leads_imported' && batch) return { kind: 'batch', importBatchId: batch, fileName: payloadText(n.payload, 'fileName') };
  return n.leadId ? { kind: 'lead', id: n.leadId } : null;
}

/** « Inès Parcours, Marc Roy, Lina Diallo et 2 autres »: the names shown and how many are not. */
export function namesWithMore(names: readonly string[], total: number, t: TFunction): string {
  const more = total - names.length;
  const list = names.join(', ');
  return more > 0 ? t('notifications.andMore', { names: list, count: more }) : list;
}
