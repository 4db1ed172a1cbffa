import { describe, expect, it } from 'vitest';
import { periodOf } from './calendarPeriod';

// The period asked for before the library mounts must be the one its datesSet gives afterwards:
// Sunday to Sunday, at the office's midnights, whatever the day shown and across a change of time.

const MONTREAL = 'America/Toronto';

describe('periodOf', () => {
  it('the week around a Wednesday runs from Sunday midnight to the next Sunday midnight, office time', () => {
    expect(periodOf('week', '2026-12-09', MONTREAL)).toEqual({ from: '2026-12-06T05:00:00.000Z', to: '2026-12-13T05:00:00.000Z' });
  });

  it('a Sunday starts its own week, and a Saturday ends it', () => {
    expect(periodOf('week', '2026-12-06', MONTREAL)?.from).toBe('2026-12-06T05:00:00.000Z');
    expect(periodOf('week', '2026-12-12', MONTREAL)?.from).toBe('2026-12-06T05:00:00.000Z');
    expect(periodOf('week', '2026-12-13', MONTREAL)?.from).toBe('2026-12-13T05:00:00.000Z');
  });

  it('the week of the spring change starts at EST midnight and ends at EDT midnight (167 hours)', () => {
    const week = periodOf('week', '2026-03-10', MONTREAL);
    expect(week).toEqual({ from: '2026-03-08T05:00:00.000Z', to: '2026-03-15T04:00:00.000Z' });
  });

  it('a day (and the per-counselor view) is midnight to midnight of that day', () => {
    expect(periodOf('day', '2026-11-01', MONTREAL)).toEqual({ from: '2026-11-01T04:00:00.000Z', to: '2026-11-02T05:00:00.000Z' });
    expect(periodOf('people', '2026-12-09', MONTREAL)).toEqual({ from: '2026-12-09T05:00:00.000Z', to: '2026-12-10T05:00:00.000Z' });
  });

  it('leaves the month to the library (its grid is whole weeks around the month)', () => {
    expect(periodOf('month', '2026-12-09', MONTREAL)).toBeNull();
  });
});
