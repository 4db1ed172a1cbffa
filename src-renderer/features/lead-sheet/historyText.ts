import type { TFunction } from 'i18next';
import { SMS_STATES, type HistoryEntry, type SmsMessage } from '~shared/domain/entities';
import { SMS_REPLY_KINDS, type SmsReplyKind } from '~shared/domain/sms-replies';
import { LEAD_STATUSES, type LeadStatus } from '~shared/domain/statuses';
import { formatPhoneForDisplay } from '~shared/domain/phone';

// The lead's history in words (issue 5: "who, when, what, before → after in French"). Values are
// shown as people read them: a status by its label, a person by name, an instant in office time.

export const HISTORY_FIELDS = [
  'status',
  'assigneeId',
  'firstName',
  'lastName',
  'email',
  'phone',
  'phoneRaw',
  'phoneE164',
  'language',
  'city',
  'country',
  'programOfInterest',
  'notes',
  'callbackAt',
  'startsAt',
  'endsAt',
  'kind',
  'hostId',
  'location',
  'state',
  'reply',
  'error',
  'smsOptOutAt',
  'outcome',
  'channel',
  'result',
  'procedureIds',
  'amountCents',
  'method',
  'paidAt',
  'fileNumber',
  'ownerId',
  'reason',
  'cancelReason',
  'body',
  'to',
  'title',
  'dueAt',
  'source',
  'note',
  'force',
  'code',
  'nameFr',
  'nameEn',
  'active',
  'sortOrder',
  'officeName',
  'address',
  'timeZone',
  'reminderMinuteOfDay',
  'defaultLanguage',
] as const;
export type HistoryField = (typeof HISTORY_FIELDS)[number];
const KNOWN = new Set<string>(HISTORY_FIELDS);

export interface HistoryDeps {
  t: TFunction;
  userName: (id: string | null) => string;
  procedureName: (id: string) => string;
  dateTime: (iso: string) => string;
  money: (cents: number, currency?: string) => string;
}

export interface HistoryChange {
  field: string;
  label: string;
  before: string | null;
  after: string | null;
}

const isStatus = (v: unknown): v is LeadStatus => typeof v === 'string' && (LEAD_STATUSES as readonly string[]).includes(v);
const isInstant = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v);

export function formatHistoryValue(field: string, value: unknown, deps: HistoryDeps, currency?: string): string | null {
  const { t } = deps;
  if (value === null || value === undefined || value === '') return null;
  switch (field) {
    case 'status':
      return isStatus(value) ? t(`status.${value}`) : String(value);
    case 'assigneeId':
    case 'hostId':
    case 'ownerId':
      return deps.userName(typeof value === 'string' ? value : null);
    case 'procedureIds':
      return Array.isArray(value) ? value.map((id) => deps.procedureName(String(id))).join(', ') : String(value);
    case 'amountCents':
      return typeof value === 'number' ? deps.money(value, currency) : String(value);
    case 'outcome':
      return ['reached', 'no_answer', 'callback_requested', 'not_interested', 'attended', 'missed'].includes(String(value))
        ? t(`history.value.outcome.${value as 'reached'}`)
        : String(value);
    case 'channel':
      return ['phone', 'email', 'sms', 'in_person'].includes(String(value)) ? t(`contact.channel.${value as 'phone'}`) : String(value);
    case 'kind':
      return ['in_person', 'phone', 'video'].includes(String(value)) ? t(`appointment.kind.${value as 'phone'}`) : String(value);
    case 'state':
      if (['scheduled', 'attended', 'missed', 'cancelled'].includes(String(value))) return t(`appointment.state.${value as 'scheduled'}`);
      // An SMS's state (sms_queued, sms_status).
      return (SMS_STATES as readonly string[]).includes(String(value)) ? t(`sms.state.${value as SmsMessage['state']}`) : String(value);
    case 'reply':
      return (SMS_REPLY_KINDS as readonly string[]).includes(String(value)) ? t(`sms.reply.${value as SmsReplyKind}`) : String(value);
    case 'result':
      return value === 'qualified' || value === 'not_qualified' ? t(`status.${value}`) : String(value);
    case 'method':
      return ['card', 'interac', 'cash', 'cheque', 'wire'].includes(String(value)) ? t(`payment.method.${value as 'card'}`) : String(value);
    case 'reminderMinuteOfDay':
      return typeof value === 'number' ? `${Math.floor(value / 60)} h ${String(value % 60).padStart(2, '0')}` : String(value);
    // A number as the sheet shows it (« 438 555-0190 »), an SMS's recipient included.
    case 'phoneE164':
    case 'to':
      return typeof value === 'string' ? formatPhoneForDisplay(value) : String(value);
    case 'source':
      return ['manual', 'web_form', 'import', 'referral'].includes(String(value)) ? t(`leads.source.${value as 'manual'}`) : String(value);
  }
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (isInstant(value)) return deps.dateTime(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function fieldLabel(field: string, t: TFunction): string {
  return KNOWN.has(field) ? t(`history.field.${field as HistoryField}`) : field;
}

/** What changed, field by field, in the order of HISTORY_FIELDS then any other field. */
export function historyChanges(entry: HistoryEntry, deps: HistoryDeps): HistoryChange[] {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const currency = typeof after.currency === 'string' ? after.currency : undefined;
  // Only fields people have words for: the links the mutators keep beside them (clientId,
  // appointmentId, evaluationId, procedureCodes…) are identifiers, not something to read.
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((k) => KNOWN.has(k))
    .sort((a, b) => order(a) - order(b));
  const changes: HistoryChange[] = [];
  for (const field of keys) {
    const b = formatHistoryValue(field, before[field], deps, currency);
    const a = formatHistoryValue(field, after[field], deps, currency);
    if (b === a) continue;
    changes.push({ field, label: fieldLabel(field, deps.t), before: b, after: a });
  }
  return changes;
}

function order(field: string): number {
  const i = (HISTORY_FIELDS as readonly string[]).indexOf(field);
  return i < 0 ? HISTORY_FIELDS.length : i;
}

export function historyTitle(entry: HistoryEntry, t: TFunction): string {
  return t(`history.kind.${entry.kind}`);
}
