import { tzName, tzOffset } from '@date-fns/tz';
import { IcsWriter } from './ics';

// The VTIMEZONE of the office's zone (RFC 5545, 3.6.5), so that events can say
// `DTSTART;TZID=America/Toronto:20260309T100000` and calendar programs place them right across DST
// changes. Built from the runtime's zone data (Intl, through @date-fns/tz), for any IANA zone:
// - no change of offset in the years around `at`: one STANDARD observance;
// - yearly changes that follow one rule ("2nd Sunday of March at 02:00"): one DAYLIGHT and one
//   STANDARD observance with RRULE:FREQ=YEARLY;BYMONTH=…;BYDAY=…, their DTSTART on that rule in
//   1970 (before anything a calendar shows), as most generators write it;
// - anything else: the offset before the first change, then one observance per change, each with
//   its own DTSTART, over those years.
// DTSTART of an observance is the local time just before the change (in its TZOFFSETFROM).

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

interface Transition {
  /** The first instant of the new offset (ms). */
  at: number;
  from: number;
  to: number;
}

/** Offset changes in [start, end), found day by day then to the minute. */
export function offsetTransitions(timeZone: string, start: number, end: number): Transition[] {
  const offset = (ms: number) => tzOffset(timeZone, new Date(ms));
  const found: Transition[] = [];
  let before = offset(start);
  for (let day = start; day < end; day += DAY) {
    const next = Math.min(day + DAY, end);
    const after = offset(next);
    if (after === before) continue;
    // Bisect to the first minute with the new offset (zones change on whole minutes).
    let low = day;
    let high = next;
    while (high - low > MINUTE) {
      const middle = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
      if (offset(middle) === before) low = middle;
      else high = middle;
    }
    found.push({ at: high, from: before, to: offset(high) });
    before = after;
  }
  return found;
}

/** `-0500`, `+0530`. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/** The wall-clock reading just before a change: fields of (at + from) read as UTC. */
function localBefore(transition: Transition): Date {
  return new Date(transition.at + transition.from * MINUTE);
}

function stamp(local: Date): string {
  return local.toISOString().slice(0, 19).replace(/[-:]/g, '');
}

interface YearlyRule {
  month: number;
  /** 1..4 for "nth", -1 for "last". */
  week: number;
  weekday: number;
  /** Milliseconds after local midnight. */
  time: number;
  from: number;
  to: number;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** The one yearly rule all these changes follow, or null. */
function yearlyRule(changes: Transition[]): YearlyRule | null {
  const first = changes[0];
  if (first === undefined) return null;
  const shape = (t: Transition, week: (local: Date) => number) => {
    const local = localBefore(t);
    return {
      month: local.getUTCMonth(),
      week: week(local),
      weekday: local.getUTCDay(),
      time: local.getTime() - Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()),
      from: t.from,
      to: t.to,
    };
  };
  const nth = (local: Date) => Math.ceil(local.getUTCDate() / 7);
  const last = (local: Date) => (local.getUTCDate() + 7 > daysInMonth(local.getUTCFullYear(), local.getUTCMonth()) ? -1 : 0);
  for (const week of [nth, last]) {
    const rule = shape(first, week);
    if (rule.week === 0 || rule.week > 4) continue;
    if (changes.every((t) => JSON.stringify(shape(t, week)) === JSON.stringify(rule))) return rule;
  }
  return null;
}

/** The rule's local date and time in `year`. */
function ruleDate(rule: YearlyRule, year: number): Date {
  let day: number;
  if (rule.week === -1) {
    const lastDay = daysInMonth(year, rule.month);
    const lastWeekday = new Date(Date.UTC(year, rule.month, lastDay)).getUTCDay();
    day = lastDay - ((lastWeekday - rule.weekday + 7) % 7);
  } else {
    const firstWeekday = new Date(Date.UTC(year, rule.month, 1)).getUTCDay();
    day = 1 + ((rule.weekday - firstWeekday + 7) % 7) + (rule.week - 1) * 7;
  }
  return new Date(Date.UTC(year, rule.month, day) + rule.time);
}

function observanceName(timeZone: string, transition: { at: number }): string {
  return tzName(timeZone, new Date(transition.at + MINUTE), 'short');
}

/** Zone data does not change while the server runs: one computation per zone and year. */
const cache = new Map<string, string[]>();

/** Writes BEGIN:VTIMEZONE … END:VTIMEZONE for `timeZone`, as observed around the year of `at`. */
export function writeVtimezone(ics: IcsWriter, timeZone: string, at: Date): void {
  const year = at.getUTCFullYear();
  const key = `${timeZone} ${year}`;
  let lines = cache.get(key);
  if (lines === undefined) {
    const own = new IcsWriter();
    vtimezone(own, timeZone, year);
    lines = own.rawLines();
    cache.set(key, lines);
  }
  for (const line of lines) ics.raw(line);
}

function vtimezone(ics: IcsWriter, timeZone: string, year: number): void {
  const start = Date.UTC(year - 1, 0, 1);
  const end = Date.UTC(year + 3, 0, 1);
  const changes = offsetTransitions(timeZone, start, end);

  ics.begin('VTIMEZONE').prop('TZID', timeZone).prop('X-LIC-LOCATION', timeZone);
  if (changes.length === 0) {
    const offset = formatOffset(tzOffset(timeZone, new Date(start)));
    ics.begin('STANDARD').prop('DTSTART', '19700101T000000').prop('TZOFFSETFROM', offset).prop('TZOFFSETTO', offset);
    ics.text('TZNAME', observanceName(timeZone, { at: start })).end('STANDARD');
  } else {
    const forward = changes.filter((t) => t.to > t.from);
    const back = changes.filter((t) => t.to < t.from);
    const rules = [yearlyRule(forward), yearlyRule(back)];
    const yearly = rules.every((r) => r !== null) && forward.length === 4 && back.length === 4;
    if (yearly) {
      for (const [kind, rule, sample] of [
        ['DAYLIGHT', rules[0]!, forward[0]!],
        ['STANDARD', rules[1]!, back[0]!],
      ] as const) {
        const byDay = `${rule.week}${WEEKDAYS[rule.weekday]}`;
        ics
          .begin(kind)
          .prop('DTSTART', stamp(ruleDate(rule, 1970)))
          .prop('TZOFFSETFROM', formatOffset(rule.from))
          .prop('TZOFFSETTO', formatOffset(rule.to))
          .prop('RRULE', `FREQ=YEARLY;BYMONTH=${rule.month + 1};BYDAY=${byDay}`)
          .text('TZNAME', observanceName(timeZone, sample))
          .end(kind);
      }
    } else {
      // What held before the first change seen, so that every instant of those years is covered.
      const initial = changes[0]!.from;
      const kind = initial > changes[0]!.to ? 'DAYLIGHT' : 'STANDARD';
      ics.begin(kind).prop('DTSTART', '19700101T000000').prop('TZOFFSETFROM', formatOffset(initial)).prop('TZOFFSETTO', formatOffset(initial));
      ics.text('TZNAME', observanceName(timeZone, { at: start })).end(kind);
      for (const change of changes) {
        const kind = change.to > change.from ? 'DAYLIGHT' : 'STANDARD';
        ics
          .begin(kind)
          .prop('DTSTART', stamp(localBefore(change)))
          .prop('TZOFFSETFROM', formatOffset(change.from))
          .prop('TZOFFSETTO', formatOffset(change.to))
          .text('TZNAME', observanceName(timeZone, change))
          .end(kind);
      }
    }
  }
  ics.end('VTIMEZONE');
}
