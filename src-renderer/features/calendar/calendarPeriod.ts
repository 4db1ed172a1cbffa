import { officeInstant } from '~shared/domain/office-time';

// The period the calendar's time grids show, computed ahead of the library (the opening week is
// asked before the library mounts; a change of view asks for its own period), so it must say
// exactly what the library's datesSet will: the same first day of the week, the office's midnights.

export type CalendarView = 'day' | 'week' | 'month' | 'people';

/** The week starts on Sunday, as calendars do in Québec; the library is given the same day. */
export const FIRST_DAY = 0;

const DAY_MS = 86_400_000;

/**
 * The period a time grid shows around `day` (an office date, YYYY-MM-DD): midnight to midnight in
 * the office's zone, the week from FIRST_DAY. The month's grid (whole weeks around the month) is
 * left to datesSet: null.
 */
export function periodOf(view: CalendarView, day: string, timeZone: string): { from: string; to: string } | null {
  if (view === 'month') return null;
  const noon = new Date(`${day}T12:00:00Z`);
  const back = view === 'week' ? (noon.getUTCDay() - FIRST_DAY + 7) % 7 : 0;
  const first = new Date(noon.getTime() - back * DAY_MS);
  const days = view === 'week' ? 7 : 1;
  const dateOf = (at: Date) => at.toISOString().slice(0, 10);
  return { from: officeInstant(dateOf(first), 0, timeZone), to: officeInstant(dateOf(new Date(first.getTime() + days * DAY_MS)), 0, timeZone) };
}
