import { describe, expect, it } from 'vitest';
import { dayRange, officeWeeks, periodRange } from './report-period';

// Issue 13, point 4: periods in the office's time zone, DST changes and month ends included.

const TZ = 'America/Toronto';

describe('periodRange', () => {
  it('this month, asked at 23:45 on 31 March in Montréal (already April in UTC), is March', () => {
    expect(periodRange('this_month', '2026-04-01T03:45:00.000Z', TZ)).toEqual({ from: '2026-03-01T05:00:00.000Z', to: '2026-04-01T04:00:00.000Z' });
  });

  it('last month from the first of a month; a week from Monday to Sunday across the spring change', () => {
    expect(periodRange('last_month', '2026-03-01T06:00:00.000Z', TZ)).toEqual({ from: '2026-02-01T05:00:00.000Z', to: '2026-03-01T05:00:00.000Z' });
    // Sunday 8 March 2026 at noon: the week of Monday 2 March, 23 hours shorter on its last day.
    expect(periodRange('this_week', '2026-03-08T16:00:00.000Z', TZ)).toEqual({ from: '2026-03-02T05:00:00.000Z', to: '2026-03-09T04:00:00.000Z' });
    // January over the year's end.
    expect(periodRange('last_month', '2027-01-15T12:00:00.000Z', TZ)).toEqual({ from: '2026-12-01T05:00:00.000Z', to: '2027-01-01T05:00:00.000Z' });
  });

  it('a custom range from its first to its last day included', () => {
    expect(dayRange('2026-10-31', '2026-11-01', TZ)).toEqual({ from: '2026-10-31T04:00:00.000Z', to: '2026-11-02T05:00:00.000Z' });
  });
});

describe('officeWeeks', () => {
  it('cuts March 2026 into its Monday weeks, the first and last clipped to the month', () => {
    const weeks = officeWeeks({ from: '2026-03-01T05:00:00.000Z', to: '2026-04-01T04:00:00.000Z' }, TZ);
    expect(weeks.map((w) => w.monday)).toEqual(['2026-02-23', '2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23', '2026-03-30']);
    expect(weeks[0]).toEqual({ monday: '2026-02-23', from: '2026-03-01T05:00:00.000Z', to: '2026-03-02T05:00:00.000Z' });
    // The week of the change starts at EST midnight and ends at EDT midnight.
    expect(weeks[1]).toEqual({ monday: '2026-03-02', from: '2026-03-02T05:00:00.000Z', to: '2026-03-09T04:00:00.000Z' });
    expect(weeks.at(-1)).toEqual({ monday: '2026-03-30', from: '2026-03-30T04:00:00.000Z', to: '2026-04-01T04:00:00.000Z' });
  });
});
