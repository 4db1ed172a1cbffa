import { tzOffset } from '@date-fns/tz';
import { describe, expect, it } from 'vitest';
import { IcsWriter } from './ics';
import { formatOffset, offsetTransitions, writeVtimezone } from './vtimezone';

// The VTIMEZONE of the office's zone, from the runtime's zone data: Montréal's rules as
// calendar programs know them, and other shapes of zones (last Sunday, southern hemisphere, no
// DST, irregular changes).

function vtimezone(zone: string, at = '2026-03-01T00:00:00.000Z'): string[] {
  const ics = new IcsWriter();
  writeVtimezone(ics, zone, new Date(at));
  return ics.toString().split('\r\n').slice(0, -1);
}

describe('writeVtimezone', () => {
  it('writes America/Toronto as EDT from the 2nd Sunday of March and EST from the 1st Sunday of November', () => {
    expect(vtimezone('America/Toronto')).toEqual([
      'BEGIN:VTIMEZONE',
      'TZID:America/Toronto',
      'X-LIC-LOCATION:America/Toronto',
      'BEGIN:DAYLIGHT',
      'DTSTART:19700308T020000',
      'TZOFFSETFROM:-0500',
      'TZOFFSETTO:-0400',
      'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
      'TZNAME:EDT',
      'END:DAYLIGHT',
      'BEGIN:STANDARD',
      'DTSTART:19701101T020000',
      'TZOFFSETFROM:-0400',
      'TZOFFSETTO:-0500',
      'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
      'TZNAME:EST',
      'END:STANDARD',
      'END:VTIMEZONE',
    ]);
  });

  it('writes last-Sunday rules, southern summers and zones without DST', () => {
    const paris = vtimezone('Europe/Paris');
    expect(paris).toContain('RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU');
    expect(paris).toContain('RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU');
    expect(paris).toContain('DTSTART:19701025T030000');

    const sydney = vtimezone('Australia/Sydney');
    expect(sydney.slice(sydney.indexOf('BEGIN:DAYLIGHT'), sydney.indexOf('END:DAYLIGHT'))).toEqual([
      'BEGIN:DAYLIGHT',
      'DTSTART:19701004T020000',
      'TZOFFSETFROM:+1000',
      'TZOFFSETTO:+1100',
      'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU',
      expect.stringMatching(/^TZNAME:/),
    ]);

    const tokyo = vtimezone('Asia/Tokyo');
    expect(tokyo.filter((l) => l.startsWith('BEGIN:'))).toEqual(['BEGIN:VTIMEZONE', 'BEGIN:STANDARD']);
    expect(tokyo).toContain('TZOFFSETTO:+0900');
  });

  it('lists the changes one by one when no yearly rule fits them, each matching the zone data', () => {
    // Casablanca leaves its summer offset during Ramadan: dates move every year.
    const lines = vtimezone('Africa/Casablanca');
    expect(lines.some((l) => l.startsWith('RRULE'))).toBe(false);
    const starts = lines.filter((l) => l.startsWith('DTSTART:')).slice(1);
    const changes = offsetTransitions('Africa/Casablanca', Date.UTC(2025, 0, 1), Date.UTC(2029, 0, 1));
    expect(starts).toHaveLength(changes.length);
    for (const change of changes) {
      expect(tzOffset('Africa/Casablanca', new Date(change.at - 60_000))).toBe(change.from);
      expect(tzOffset('Africa/Casablanca', new Date(change.at))).toBe(change.to);
    }
  });
});

describe('offsetTransitions', () => {
  it('finds Montréal’s 2026 changes to the minute', () => {
    const changes = offsetTransitions('America/Toronto', Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1));
    expect(changes.map((c) => ({ at: new Date(c.at).toISOString(), from: formatOffset(c.from), to: formatOffset(c.to) }))).toEqual([
      { at: '2026-03-08T07:00:00.000Z', from: '-0500', to: '-0400' },
      { at: '2026-11-01T06:00:00.000Z', from: '-0400', to: '-0500' },
    ]);
  });
});
