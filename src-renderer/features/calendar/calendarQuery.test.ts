import { describe, expect, it } from 'vitest';
import { openingPeriod, openingScope, rangeQuery } from './calendarQuery';

describe('the calendar’s question', () => {
  const timeZone = 'America/Toronto';
  const week = openingPeriod(timeZone, new Date('2026-12-09T15:00:00Z'));

  it('opens on the office’s week: the secretary’s whole office, anyone else’s own', () => {
    expect(week).toEqual({ from: '2026-12-06T05:00:00.000Z', to: '2026-12-13T05:00:00.000Z' });
    expect(rangeQuery(week, 'week', openingScope({ role: 'secretary' }), 'u-1')).toEqual({ ...week, userId: null });
    expect(rangeQuery(week, 'week', openingScope({ role: 'counselor' }), 'u-1')).toEqual({ ...week, userId: 'u-1' });
  });

  it('the columns per person show everyone; a colleague’s calendar is hers', () => {
    expect(rangeQuery(week, 'people', 'me', 'u-1').userId).toBeNull();
    expect(rangeQuery(week, 'week', 'u-2', 'u-1').userId).toBe('u-2');
  });

  it('asked ahead at 23:30 on Saturday in the office, the week is still that one (the office’s date, not the workstation’s)', () => {
    expect(openingPeriod(timeZone, new Date('2026-12-13T04:30:00Z'))).toEqual(week);
  });
});
