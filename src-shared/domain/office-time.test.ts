import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  officeDayFrom,
  DEFAULT_REMINDER_MINUTE,
  DEFAULT_TIME_ZONE,
  endOfOfficeDay,
  formatOfficeDate,
  formatOfficeDateTime,
  formatOfficeTime,
  isValidTimeZone,
  officeDate,
  officeInstant,
  officeYear,
  reminderDueAt,
  reminderInstant,
  startOfOfficeDay,
} from './office-time';

const TORONTO = DEFAULT_TIME_ZONE;

// Reference wall clock, from Intl alone (not date-fns), to check the code against.
const formatters = new Map<string, Intl.DateTimeFormat>();
function wallClock(instantMs: number, tz: string): { date: string; minute: number } {
  let formatter = formatters.get(tz);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(tz, formatter);
  }
  const parts = formatter.formatToParts(new Date(instantMs));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

function dayBefore(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** Whether the wall clock of `tz` ever shows `date` at `minute` (tries every offset, quarter-hour steps). */
function wallTimeExists(date: string, minute: number, tz: string): boolean {
  const asUtc = Date.parse(`${date}T00:00:00Z`) + minute * 60_000;
  for (let offset = -14 * 60; offset <= 14 * 60; offset += 15) {
    const w = wallClock(asUtc - offset * 60_000, tz);
    if (w.date === date && w.minute === minute) return true;
  }
  return false;
}

describe('reminderInstant', () => {
  it.each([
    // Monday after the spring-forward: the reminder is on the DST Sunday, 09:00 EDT.
    ['2026-03-09T14:00:00.000Z', DEFAULT_REMINDER_MINUTE, '2026-03-08T13:00:00.000Z'],
    // On the DST Sunday itself: the reminder is on Saturday, 09:00 EST.
    ['2026-03-08T14:00:00.000Z', DEFAULT_REMINDER_MINUTE, '2026-03-07T14:00:00.000Z'],
    // Monday after the fall-back: the reminder is on the Sunday, 09:00 EST.
    ['2026-11-02T15:00:00.000Z', DEFAULT_REMINDER_MINUTE, '2026-11-01T14:00:00.000Z'],
    // On the fall-back Sunday itself: Saturday, 09:00 EDT.
    ['2026-11-01T15:00:00.000Z', DEFAULT_REMINDER_MINUTE, '2026-10-31T13:00:00.000Z'],
    // 23:30 in Montréal is already the next day in UTC: the office's day counts.
    ['2026-03-11T03:30:00.000Z', DEFAULT_REMINDER_MINUTE, '2026-03-09T13:00:00.000Z'],
    // Over a year end, and over February.
    ['2026-01-01T05:15:00.000Z', DEFAULT_REMINDER_MINUTE, '2025-12-31T14:00:00.000Z'],
    ['2026-03-01T15:00:00.000Z', DEFAULT_REMINDER_MINUTE, '2026-02-28T14:00:00.000Z'],
    // Another reminder hour: 17:45.
    ['2026-06-15T13:00:00.000Z', 17 * 60 + 45, '2026-06-14T21:45:00.000Z'],
    // 02:30 does not exist on 2026-03-08 in Toronto: moved forward by the gap to 03:30 EDT.
    ['2026-03-09T14:00:00.000Z', 2 * 60 + 30, '2026-03-08T07:30:00.000Z'],
    ['2026-03-09T14:00:00.000Z', 2 * 60, '2026-03-08T07:00:00.000Z'],
    // 01:30 happens twice on 2026-11-01: the first time, EDT.
    ['2026-11-02T15:00:00.000Z', 90, '2026-11-01T05:30:00.000Z'],
  ])('appointment %s, reminder minute %i → %s', (startsAt, minute, expected) => {
    expect(reminderInstant(startsAt, TORONTO, minute)).toBe(expected);
  });

  it('uses 09:00 by default and follows the office zone', () => {
    expect(reminderInstant('2026-03-09T14:00:00Z', TORONTO)).toBe('2026-03-08T13:00:00.000Z');
    // Paris springs forward on 2026-03-29: Monday 10:00 CEST → Sunday 09:00 CEST.
    expect(reminderInstant('2026-03-30T08:00:00Z', 'Europe/Paris')).toBe('2026-03-29T07:00:00.000Z');
    expect(reminderInstant('2026-03-09T14:00:00Z', 'America/Vancouver')).toBe('2026-03-08T16:00:00.000Z');
  });

  it('refuses malformed input rather than guessing', () => {
    expect(() => reminderInstant('demain', TORONTO)).toThrow(RangeError);
    expect(() => reminderInstant('2026-03-09T14:00:00Z', 'Montréal')).toThrow(RangeError);
    expect(() => reminderInstant('2026-03-09T14:00:00Z', TORONTO, 1440)).toThrow(RangeError);
    expect(() => reminderInstant('2026-03-09T14:00:00Z', TORONTO, 9.5)).toThrow(RangeError);
  });

  const zones = [TORONTO, 'America/Vancouver', 'America/St_Johns', 'America/Halifax', 'Europe/Paris', 'Australia/Lord_Howe', 'UTC'];
  const minuteOfDay = fc.oneof(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 60, max: 179 }));

  function checkReminder(startMs: number, tz: string, minute: number): void {
    const reminder = reminderInstant(new Date(startMs).toISOString(), tz, minute);
    const expectedDate = dayBefore(wallClock(startMs, tz).date);
    const seen = wallClock(Date.parse(reminder), tz);
    expect(seen.date).toBe(expectedDate);
    if (wallTimeExists(expectedDate, minute, tz)) {
      expect(seen.minute).toBe(minute);
    } else {
      // Skipped by DST: later the same morning, by the size of the gap.
      expect(seen.minute).toBeGreaterThan(minute);
      expect(seen.minute).toBeLessThanOrEqual(minute + 60);
    }
    expect(Date.parse(reminder)).toBeLessThan(startMs);
  }

  it('falls on the office day before, at the reminder minute whenever that time exists', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 11, 31) }), fc.constantFrom(...zones), minuteOfDay, checkReminder),
    );
  });

  it('does so for appointments on the days after Toronto\'s 2026 changes, every minute of the day', () => {
    // The day before is 2026-03-07, 03-08 or 03-09 (spring forward on the 8th), or
    // 2026-10-31, 11-01 or 11-02 (fall back on the 1st).
    const appointment = fc.oneof(
      fc.integer({ min: Date.UTC(2026, 2, 8, 5), max: Date.UTC(2026, 2, 11, 4) }),
      fc.integer({ min: Date.UTC(2026, 10, 1, 4), max: Date.UTC(2026, 10, 4, 5) }),
    );
    fc.assert(fc.property(appointment, minuteOfDay, (startMs, minute) => checkReminder(startMs, TORONTO, minute)), { numRuns: 300 });
  });
});

describe('reminderDueAt', () => {
  const startsAt = '2026-03-09T14:00:00.000Z'; // Monday 10:00 EDT; reminder Sunday 13:00Z

  it('is the reminder instant when booked before it', () => {
    expect(reminderDueAt(startsAt, '2026-03-02T15:00:00.000Z', TORONTO, DEFAULT_REMINDER_MINUTE)).toBe('2026-03-08T13:00:00.000Z');
    expect(reminderDueAt(startsAt, '2026-03-08T13:00:00.000Z', TORONTO, DEFAULT_REMINDER_MINUTE)).toBe('2026-03-08T13:00:00.000Z');
  });

  it('is at once when booked after the reminder instant', () => {
    expect(reminderDueAt(startsAt, '2026-03-08T20:12:00Z', TORONTO, DEFAULT_REMINDER_MINUTE)).toBe('2026-03-08T20:12:00.000Z');
    expect(reminderDueAt(startsAt, '2026-03-09T13:59:00.000Z', TORONTO, DEFAULT_REMINDER_MINUTE)).toBe('2026-03-09T13:59:00.000Z');
  });

  it('is null when the appointment had already started', () => {
    expect(reminderDueAt(startsAt, startsAt, TORONTO, DEFAULT_REMINDER_MINUTE)).toBeNull();
    expect(reminderDueAt(startsAt, '2026-03-09T15:00:00.000Z', TORONTO, DEFAULT_REMINDER_MINUTE)).toBeNull();
  });

  it('is never before the booking nor after the appointment (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }),
        fc.integer({ min: -20 * 86_400_000, max: 86_400_000 }),
        fc.integer({ min: 0, max: 1439 }),
        (startMs, bookedBefore, minute) => {
          const startsAt = new Date(startMs).toISOString();
          const bookedMs = startMs - bookedBefore;
          const due = reminderDueAt(startsAt, new Date(bookedMs).toISOString(), TORONTO, minute);
          if (bookedMs >= startMs) {
            expect(due).toBeNull();
            return;
          }
          expect(due).not.toBeNull();
          const dueMs = Date.parse(due!);
          const reminderMs = Date.parse(reminderInstant(startsAt, TORONTO, minute));
          expect(dueMs).toBe(Math.max(reminderMs, bookedMs));
          expect(dueMs).toBeLessThan(startMs);
        },
      ),
    );
  });
});

describe('office days', () => {
  it('gives the office-local date and year', () => {
    expect(officeDate('2026-03-11T03:30:00Z', TORONTO)).toBe('2026-03-10');
    expect(officeDate('2026-03-11T03:30:00Z', 'UTC')).toBe('2026-03-11');
    expect(officeYear('2026-01-01T03:00:00Z', TORONTO)).toBe(2025);
    expect(officeYear('2026-01-01T05:00:00Z', TORONTO)).toBe(2026);
  });

  it.each([
    ['an ordinary day', '2026-06-15T16:00:00Z', '2026-06-15T04:00:00.000Z', '2026-06-16T03:59:59.999Z'],
    ['the 23-hour spring-forward day', '2026-03-08T12:00:00Z', '2026-03-08T05:00:00.000Z', '2026-03-09T03:59:59.999Z'],
    ['the 25-hour fall-back day', '2026-11-01T12:00:00Z', '2026-11-01T04:00:00.000Z', '2026-11-02T04:59:59.999Z'],
    ['late evening, already tomorrow in UTC', '2026-03-11T03:30:00Z', '2026-03-10T04:00:00.000Z', '2026-03-11T03:59:59.999Z'],
  ])('bounds %s', (_name, instant, start, end) => {
    expect(startOfOfficeDay(instant, TORONTO)).toBe(start);
    expect(endOfOfficeDay(instant, TORONTO)).toBe(end);
  });

  it('turns an office date and minute into an instant', () => {
    expect(officeInstant('2026-03-09', 10 * 60, TORONTO)).toBe('2026-03-09T14:00:00.000Z');
    expect(officeInstant('2026-01-15', 10 * 60, TORONTO)).toBe('2026-01-15T15:00:00.000Z');
    expect(() => officeInstant('2026-3-9', 600, TORONTO)).toThrow(RangeError);
  });

  it('knows time zones', () => {
    expect(isValidTimeZone('America/Toronto')).toBe(true);
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('America/Montreal_Centre')).toBe(false);
    expect(isValidTimeZone('Montréal')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

describe('formatting in office time', () => {
  it.each([
    ['2026-03-09T14:00:00Z', 'fr', 'lundi 9 mars 2026, 10 h 00'],
    ['2026-03-09T14:00:00Z', 'en', 'Monday, March 9, 2026, 10:00 a.m.'],
    ['2026-11-01T14:05:00Z', 'fr', 'dimanche 1er novembre 2026, 9 h 05'],
    ['2026-11-01T14:05:00Z', 'en', 'Sunday, November 1, 2026, 9:05 a.m.'],
    ['2026-03-11T02:30:00Z', 'fr', 'mardi 10 mars 2026, 22 h 30'],
    ['2026-03-11T02:30:00Z', 'en', 'Tuesday, March 10, 2026, 10:30 p.m.'],
    ['2026-08-20T04:00:00Z', 'fr', 'jeudi 20 août 2026, 0 h 00'],
  ] as const)('%s in %s → %s', (instant, locale, shown) => {
    expect(formatOfficeDateTime(instant, TORONTO, locale)).toBe(shown);
  });

  it('formats date and time alone, French by default', () => {
    expect(formatOfficeDate('2026-03-09T14:00:00Z', TORONTO)).toBe('lundi 9 mars 2026');
    expect(formatOfficeTime('2026-03-09T14:00:00Z', TORONTO)).toBe('10 h 00');
    expect(formatOfficeTime('2026-03-09T14:00:00Z', TORONTO, 'en')).toBe('10:00 a.m.');
    expect(formatOfficeTime('2026-03-09T14:00:00Z', 'Europe/Paris')).toBe('15 h 00');
  });
});

describe('officeDayFrom', () => {
  it('says today, tomorrow or other on the office clock, not UTC’s', () => {
    // 20:00 on 6 March in Montréal is already 7 March in UTC.
    const evening = '2026-03-07T01:00:00Z';
    expect(officeDayFrom('2026-03-07T03:30:00Z', evening, TORONTO)).toBe('today');
    expect(officeDayFrom('2026-03-07T14:00:00Z', evening, TORONTO)).toBe('tomorrow');
    expect(officeDayFrom('2026-03-08T14:00:00Z', evening, TORONTO)).toBe('other');
    expect(officeDayFrom('2026-03-06T14:00:00Z', evening, TORONTO)).toBe('today');
    expect(officeDayFrom('2026-03-05T14:00:00Z', evening, TORONTO)).toBe('other');
  });

  it('crosses the spring DST change and the end of a month', () => {
    expect(officeDayFrom('2026-03-08T14:00:00Z', '2026-03-07T15:00:00Z', TORONTO)).toBe('tomorrow');
    expect(officeDayFrom('2026-04-01T13:00:00Z', '2026-03-31T20:00:00Z', TORONTO)).toBe('tomorrow');
  });
});
