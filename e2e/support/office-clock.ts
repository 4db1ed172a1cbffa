import { endOfOfficeDay } from '~shared/domain/office-time';
import { OFFICE_TIME_ZONE } from './ui';

const HOUR = 3_600_000;
const QUARTER = 15 * 60_000;

/**
 * A start still ahead today on the office's clock, for journeys about « today » (the tray's
 * agenda, « Rendez-vous aujourd’hui à … »): `hoursAhead` on a quarter hour, or as late in the day
 * as it allows. Taking `hoursAhead` whatever the hour fell tomorrow from 21:00 in Montréal, and
 * the reminder journey failed in the evening only (CI at 21:05, 2026-12-06). In the day's last
 * three minutes it waits for the next day rather than book an appointment that starts before its
 * reminder is read; a test calling it allows for that wait.
 */
export async function startLaterToday(hoursAhead: number): Promise<string> {
  const dayEnd = () => Date.parse(endOfOfficeDay(new Date().toISOString(), OFFICE_TIME_ZONE)) + 1;
  if (dayEnd() - Date.now() < 3 * 60_000) await new Promise((resolve) => setTimeout(resolve, dayEnd() - Date.now() + 1_000));
  const now = Date.now();
  const end = dayEnd();
  const ahead = Math.ceil((now + hoursAhead * HOUR) / QUARTER) * QUARTER;
  if (ahead < end) return new Date(ahead).toISOString();
  const lastQuarter = Math.floor((end - 1) / QUARTER) * QUARTER;
  // A reminder is due only before the start (appointment-reminders.ts): leave it time to arrive.
  if (lastQuarter - now > 90_000) return new Date(lastQuarter).toISOString();
  return new Date(Math.ceil((now + 90_000) / 60_000) * 60_000).toISOString();
}

/** How long `startLaterToday` may wait for midnight, for the test's timeout. */
export const MIDNIGHT_WAIT_MS = 3 * 60_000 + 1_000;
