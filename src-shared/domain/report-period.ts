import { TZDate } from '@date-fns/tz';
import { addDays, addMonths, startOfMonth, startOfWeek } from 'date-fns';
import { officeDate, officeInstant } from './office-time';

// The reports' periods (issue 13, point 1), in the office's time zone: a period is the half-open
// range [from, to) of instants between two office-local midnights, so that a lead created at 23:30
// on the last day of the month belongs to that month, whatever UTC says.

export const REPORT_PERIODS = ['this_week', 'this_month', 'last_month', 'custom'] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

export interface InstantRange {
  /** First instant included (an office-local midnight), UTC ISO. */
  from: string;
  /** First instant excluded (the office-local midnight after the last day), UTC ISO. */
  to: string;
}

/** The office-local midnight that starts 'YYYY-MM-DD'. */
export function officeMidnight(date: string, tz: string): string {
  return officeInstant(date, 0, tz);
}

function localDay(date: Date): string {
  const y = date.getFullYear();
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** The day after 'YYYY-MM-DD' (calendar arithmetic, no zone). */
export function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** From the first day to the last day included ('YYYY-MM-DD', office calendar). */
export function dayRange(firstDay: string, lastDay: string, tz: string): InstantRange {
  return { from: officeMidnight(firstDay, tz), to: officeMidnight(nextDay(lastDay), tz) };
}

/** The week (Monday first, as in Québec's calendars at work), this month, or last month, around `now`. */
export function periodRange(period: Exclude<ReportPeriod, 'custom'>, now: string, tz: string): InstantRange {
  const today = new TZDate(Date.parse(`${officeDate(now, tz)}T12:00:00Z`), 'UTC');
  if (period === 'this_week') {
    const monday = startOfWeek(today, { weekStartsOn: 1 });
    return dayRange(localDay(monday), localDay(addDays(monday, 6)), tz);
  }
  const first = startOfMonth(period === 'this_month' ? today : addMonths(today, -1));
  return dayRange(localDay(first), localDay(addDays(addMonths(first, 1), -1)), tz);
}

export interface OfficeWeek {
  /** Its Monday, 'YYYY-MM-DD' (office calendar). */
  monday: string;
  from: string;
  to: string;
}

/** The office weeks (Monday to Sunday) that meet [from, to), each clipped to it. */
export function officeWeeks(range: InstantRange, tz: string): OfficeWeek[] {
  const weeks: OfficeWeek[] = [];
  const firstDay = new TZDate(Date.parse(`${officeDate(range.from, tz)}T12:00:00Z`), 'UTC');
  let monday = startOfWeek(firstDay, { weekStartsOn: 1 });
  for (;;) {
    const from = officeMidnight(localDay(monday), tz);
    if (from >= range.to) return weeks;
    const to = officeMidnight(localDay(addDays(monday, 7)), tz);
    weeks.push({ monday: localDay(monday), from: from < range.from ? range.from : from, to: to > range.to ? range.to : to });
    monday = addDays(monday, 7);
  }
}
