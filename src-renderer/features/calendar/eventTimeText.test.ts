import { describe, expect, it } from 'vitest';
import { cachedTimeRange } from './eventTimeText';

// The time text the calendar shows on each event, formatted once per pair of times: the same
// text as Intl gives, and the right one for each pair (not the first one cached).

const FORMAT: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };

describe('event time text', () => {
  it('reads as Intl reads the same range, for each pair of times', () => {
    const text = cachedTimeRange('fr-CA', FORMAT);
    const intl = new Intl.DateTimeFormat('fr-CA', FORMAT);
    const pairs: Array<[Date, Date]> = [
      [new Date(2026, 11, 7, 10, 0), new Date(2026, 11, 7, 10, 45)],
      [new Date(2026, 11, 8, 10, 0), new Date(2026, 11, 8, 11, 30)],
      [new Date(2026, 11, 7, 14, 15), new Date(2026, 11, 7, 15, 0)],
    ];
    for (const [start, end] of pairs) expect(text(start, end)).toBe(intl.formatRange(start, end));
    // Asked again (cached): still each its own.
    expect(text(pairs[1]![0], pairs[1]![1])).toBe(intl.formatRange(pairs[1]![0], pairs[1]![1]));
    expect(text(pairs[0]![0], pairs[0]![1])).not.toBe(text(pairs[1]![0], pairs[1]![1]));
  });

  it('shows only the start when there is no end, and the times only across midnight', () => {
    const text = cachedTimeRange('en-CA', FORMAT);
    const intl = new Intl.DateTimeFormat('en-CA', FORMAT);
    expect(text(new Date(2026, 11, 7, 9, 30), null)).toBe(intl.format(new Date(2026, 11, 7, 9, 30)));
    expect(text(new Date(2026, 11, 7, 23, 30), new Date(2026, 11, 8, 0, 30))).toBe(`${intl.format(new Date(2026, 11, 7, 23, 30))} – ${intl.format(new Date(2026, 11, 8, 0, 30))}`);
  });
});
