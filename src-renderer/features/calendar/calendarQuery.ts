import type { ChannelInput } from '~shared/contract/ipc';
import type { SyncedTable, User } from '~shared/domain/entities';
import { officeDate } from '~shared/domain/office-time';
import { askAhead } from '../../lib/api';
import { periodOf, type CalendarView } from './calendarPeriod';

// What the calendar asks the replica, in one place: the screen asks it, and the Shell asks the
// opening week ahead at sign-in (askAhead), which the screen's first question must match exactly.

/** The tables the calendar's answer is read from: a change to one of them asks again. */
export const CALENDAR_TABLES: readonly SyncedTable[] = ['appointments', 'tasks', 'leads'];

/** Whose calendar opens: the office's for the secretary, who keeps it; one's own for anyone else. */
export function openingScope(user: Pick<User, 'role'>): string {
  return user.role === 'secretary' ? 'office' : 'me';
}

/** The office's week holding `now`, the period the calendar opens on. */
export function openingPeriod(timeZone: string, now = new Date()): { from: string; to: string } {
  return periodOf('week', officeDate(now.toISOString(), timeZone), timeZone)!;
}

/**
 * The question for a period, a view and a scope ('office', 'me' or a colleague's id): the columns
 * per person and the office's calendar show everyone's.
 */
export function rangeQuery(period: { from: string; to: string } | null, view: CalendarView, scope: string, userId: string): ChannelInput<'calendar:range'> {
  const epoch = new Date(0).toISOString();
  return { from: period?.from ?? epoch, to: period?.to ?? epoch, userId: view === 'people' || scope === 'office' ? null : scope === 'me' ? userId : scope };
}

/** Asks the calendar's opening week ahead (see askAhead); the returned function drops the answer. */
export function askOpeningWeekAhead(user: Pick<User, 'id' | 'role'>, timeZone: string): () => void {
  return askAhead('calendar:range', rangeQuery(openingPeriod(timeZone), 'week', openingScope(user), user.id), { tables: CALENDAR_TABLES });
}
