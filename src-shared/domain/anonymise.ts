import type { Appointment, ContactAttempt, Evaluation, HistoryEntry as History, Lead, Notification, SmsMessage, Task } from './entities';
import { FINAL_STATUSES, type LeadStatus } from './statuses';

// Anonymising one person (issue 14, point 5; Loi 25, s. 23 and 28): every personal value of the
// lead and of the rows about it is replaced, so that nothing left names, reaches or describes the
// person, while what the reports count stays — statuses and their dates, source, counselor,
// programme, amounts, the number of contacts, appointments and SMS (docs/decisions.md, "A person's
// rights"). Pure: the server runs it on the rows it loaded and writes them back with new versions,
// so every replica receives the scrubbed rows by its next pull.

/** What replaces a free text that may describe the person. */
export const SCRUBBED = '[anonymisé]';
export const ANONYMOUS_FIRST_NAME = 'Personne';
export const ANONYMOUS_LAST_NAME = 'anonymisée';

/** Keys of history and notification payloads that hold a personal value, whatever it is. */
const PERSONAL_KEYS = new Set([
  'firstName',
  'lastName',
  'name',
  'email',
  'phone',
  'phoneE164',
  'phoneRaw',
  'city',
  'notes',
  'note',
  'to',
  'body',
  'sms',
  'text',
  'message',
  'reason',
]);

/** Shorter than this, a value would match too much text that is not about the person. */
const MIN_VALUE_LENGTH = 3;

/**
 * The person's values as they stand and as the history says they once were (a corrected name,
 * an old number): any text containing one of them is scrubbed, wherever it sits.
 */
export function personalValues(lead: Lead, history: readonly History[]): string[] {
  const values = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value !== 'string') return;
    const trimmed = value.trim();
    if (trimmed.length >= MIN_VALUE_LENGTH) values.add(trimmed.toLowerCase());
  };
  for (const key of ['firstName', 'lastName', 'email', 'phoneE164', 'phoneRaw', 'notes'] as const) add(lead[key]);
  add(`${lead.firstName} ${lead.lastName}`);
  for (const line of history) {
    for (const payload of [line.before, line.after]) {
      if (payload === null) continue;
      for (const key of ['firstName', 'lastName', 'email', 'phone', 'phoneE164', 'phoneRaw', 'notes']) add(payload[key]);
    }
  }
  return [...values];
}

/** A text that contains one of the values becomes SCRUBBED; another stays as it is. */
export function scrubText(text: string | null, values: readonly string[]): string | null {
  if (text === null) return null;
  const lower = text.toLowerCase();
  return values.some((v) => lower.includes(v)) ? SCRUBBED : text;
}

/** A JSON payload with every personal key's text, and every text naming the person, scrubbed. */
export function scrubPayload<T>(payload: T, values: readonly string[]): T {
  const walk = (value: unknown, key: string | null): unknown => {
    if (typeof value === 'string') return key !== null && PERSONAL_KEYS.has(key) ? SCRUBBED : scrubText(value, values);
    if (Array.isArray(value)) return value.map((item) => walk(item, key));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    }
    return value;
  };
  return walk(payload, null) as T;
}

export function anonymiseLead(lead: Lead, now: string): Lead {
  return {
    ...lead,
    updatedAt: now,
    firstName: ANONYMOUS_FIRST_NAME,
    lastName: ANONYMOUS_LAST_NAME,
    email: null,
    phoneE164: null,
    phoneRaw: null,
    city: null,
    notes: null,
  };
}

export function anonymiseHistory(line: History, values: readonly string[]): History {
  return {
    ...line,
    before: line.before === null ? null : scrubPayload(line.before, values),
    after: line.after === null ? null : scrubPayload(line.after, values),
    // A history note is free text the office wrote about the person.
    note: line.note === null ? null : SCRUBBED,
  };
}

export function anonymiseContactAttempt(row: ContactAttempt): ContactAttempt {
  return { ...row, note: row.note === null ? null : SCRUBBED };
}

export function anonymiseAppointment(row: Appointment, now: string): Appointment {
  return { ...row, updatedAt: now, note: row.note === null ? null : SCRUBBED, cancelReason: row.cancelReason === null ? null : SCRUBBED };
}

export function anonymiseEvaluation(row: Evaluation): Evaluation {
  return { ...row, notes: row.notes === '' ? '' : SCRUBBED };
}

export function anonymiseSms(row: SmsMessage, now: string): SmsMessage {
  // Segments and state stay: the reports count SMS sent and delivered.
  return { ...row, updatedAt: now, to: SCRUBBED, body: SCRUBBED, error: row.error === null ? null : SCRUBBED };
}

export function anonymiseTask(row: Task, values: readonly string[], now: string): Task {
  const title = scrubText(row.title, values) ?? SCRUBBED;
  return title === row.title ? row : { ...row, updatedAt: now, title };
}

export function anonymiseNotification(row: Notification, values: readonly string[]): Notification {
  return { ...row, payload: scrubPayload(row.payload, values) };
}

// ---- retention (« Conservation ») ---------------------------------------------------------------

/** The statuses a retention rule may name: a lead's last ones (domain.md, final statuses). */
export const RETENTION_STATUSES = [...FINAL_STATUSES] as LeadStatus[];

/** At most fifty years: a longer delay is « jamais » in all but name. */
export const RETENTION_MAX_MONTHS = 600;

/** `months` calendar months before `at` (the 31st falls back to the month's last day). */
export function monthsBefore(at: Date, months: number): Date {
  const d = new Date(at.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}
