import { TZDate } from '@date-fns/tz';
import { endOfDay, format, startOfDay } from 'date-fns';
import { enCA } from 'date-fns/locale/en-CA';
import { frCA } from 'date-fns/locale/fr-CA';

// domain.md, "Times": every instant is stored in UTC (ISO-8601 strings); the office has one
// time zone, used for "the day before", the calendar and reminders, and dates are shown in
// fr-CA. Inputs here are validated data; a malformed instant, zone or minute is a programming
// error and throws a RangeError rather than producing a wrong reminder.

/** Montréal's zone. */
export const DEFAULT_TIME_ZONE = 'America/Toronto';
/** The reminder hour of domain.md's notification table: 09:00 office time, as minutes after midnight. */
export const DEFAULT_REMINDER_MINUTE = 9 * 60;

export type OfficeLocale = 'fr' | 'en';

const MINUTES_PER_DAY = 24 * 60;

export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function inOffice(instant: string, tz: string): TZDate {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`Instant invalide : « ${instant} ».`);
  if (!isValidTimeZone(tz)) throw new RangeError(`Fuseau horaire inconnu : « ${tz} ».`);
  return new TZDate(ms, tz);
}

function toUtcIso(date: Date): string {
  return new Date(date.getTime()).toISOString();
}

function checkMinuteOfDay(minute: number): void {
  if (!Number.isInteger(minute) || minute < 0 || minute >= MINUTES_PER_DAY) {
    throw new RangeError(`Minute du jour invalide : ${minute} (0 à 1439 attendu).`);
  }
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The office-local calendar date of an instant, 'YYYY-MM-DD'. */
export function officeDate(instant: string, tz: string): string {
  return format(inOffice(instant, tz), 'yyyy-MM-dd');
}

/**
 * Which office day `instant` falls on, seen from `now`: 'today', 'tomorrow', or 'other' (issue 15,
 * point 5: a reminder for later the same day says « aujourd’hui », never « demain »).
 */
export function officeDayFrom(instant: string, now: string, tz: string): 'today' | 'tomorrow' | 'other' {
  const day = officeDate(instant, tz);
  const today = officeDate(now, tz);
  if (day === today) return 'today';
  // Noon UTC of today's date plus a day is always on the next calendar date.
  const tomorrow = new Date(Date.parse(`${today}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return day === tomorrow ? 'tomorrow' : 'other';
}

/** The office-local year of an instant (the year of a client's file number). */
export function officeYear(instant: string, tz: string): number {
  return inOffice(instant, tz).getFullYear();
}

/**
 * The instant at which the office clock shows `date` ('YYYY-MM-DD') at `minuteOfDay`, as a UTC
 * ISO string. Across a DST change the local time may not exist or may exist twice:
 * - a time in the skipped hour (spring forward, 02:00–02:59 in Toronto) moves forward by the
 *   gap, so 02:30 becomes 03:30 daylight time: the reminder still comes that morning, an hour
 *   later on the clock, rather than the evening before;
 * - a time in the repeated hour (fall back, 01:00–01:59) is its first occurrence (daylight time).
 * This is what JavaScript's own Date and Temporal's "compatible" disambiguation do.
 */
export function officeInstant(date: string, minuteOfDay: number, tz: string): string {
  const match = CALENDAR_DATE.exec(date);
  if (!match) throw new RangeError(`Date invalide : « ${date} » (AAAA-MM-JJ attendu).`);
  checkMinuteOfDay(minuteOfDay);
  if (!isValidTimeZone(tz)) throw new RangeError(`Fuseau horaire inconnu : « ${tz} ».`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const local = new TZDate(year, month - 1, day, Math.floor(minuteOfDay / 60), minuteOfDay % 60, tz);
  return toUtcIso(local);
}

/** The calendar date before 'YYYY-MM-DD' (pure calendar arithmetic, no zone involved). */
function previousDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day - 1)).toISOString().slice(0, 10);
}

/**
 * When an appointment's reminder is due: the calendar day before the appointment's office-local
 * date, at `reminderMinuteOfDay` office time (domain.md, notifications: "the day before at the
 * office's reminder hour"). A reminder minute in the hour skipped by DST is handled as
 * `officeInstant` says (moved forward by the gap).
 */
export function reminderInstant(
  startsAt: string,
  tz: string,
  reminderMinuteOfDay: number = DEFAULT_REMINDER_MINUTE,
): string {
  return officeInstant(previousDate(officeDate(startsAt, tz)), reminderMinuteOfDay, tz);
}

/**
 * When the reminder must actually go out: `reminderInstant`, or the booking instant itself when
 * the appointment was booked after that ("or at once if booked later than that"); null when the
 * appointment had already started at booking, since there is nothing left to remind of.
 */
export function reminderDueAt(
  startsAt: string,
  bookedAt: string,
  tz: string,
  reminderMinuteOfDay: number = DEFAULT_REMINDER_MINUTE,
): string | null {
  const start = Date.parse(startsAt);
  const booked = Date.parse(bookedAt);
  if (Number.isNaN(booked)) throw new RangeError(`Instant invalide : « ${bookedAt} ».`);
  const reminder = reminderInstant(startsAt, tz, reminderMinuteOfDay);
  if (booked >= start) return null;
  return booked > Date.parse(reminder) ? new Date(booked).toISOString() : reminder;
}

/** The first instant of the office-local day containing `instant`, as a UTC ISO string. */
export function startOfOfficeDay(instant: string, tz: string): string {
  return toUtcIso(startOfDay(inOffice(instant, tz)));
}

/**
 * The last millisecond of the office-local day containing `instant` (date-fns' `endOfDay`), as a
 * UTC ISO string; compare with `<=`. The day lasts 23 or 25 hours on DST changes.
 */
export function endOfOfficeDay(instant: string, tz: string): string {
  return toUtcIso(endOfDay(inOffice(instant, tz)));
}

/** "lundi 9 mars 2026", "dimanche 1er novembre 2026"; "Monday, March 9, 2026". */
export function formatOfficeDate(instant: string, tz: string, locale: OfficeLocale = 'fr'): string {
  const date = inOffice(instant, tz);
  if (locale === 'en') return format(date, 'EEEE, MMMM d, yyyy', { locale: enCA });
  // French writes the first of the month as an ordinal: « 1er novembre ».
  return format(date, date.getDate() === 1 ? "EEEE d'er' MMMM yyyy" : 'EEEE d MMMM yyyy', { locale: frCA });
}

/** "10 h 00", "9 h 05" (Québec usage); "10:00 a.m.". */
export function formatOfficeTime(instant: string, tz: string, locale: OfficeLocale = 'fr'): string {
  const date = inOffice(instant, tz);
  if (locale === 'en') return format(date, 'h:mm aaaa', { locale: enCA });
  return format(date, "H 'h' mm", { locale: frCA });
}

/** "lundi 9 mars 2026, 10 h 00"; "Monday, March 9, 2026, 10:00 a.m.". */
export function formatOfficeDateTime(instant: string, tz: string, locale: OfficeLocale = 'fr'): string {
  return `${formatOfficeDate(instant, tz, locale)}, ${formatOfficeTime(instant, tz, locale)}`;
}
