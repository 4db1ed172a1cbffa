import { describe, expect, it } from 'vitest';
import { appointment, task, testId, USERS } from '~shared/testing/builders';
import { STATUS_INFO } from '~shared/domain/statuses';
import { calendarEvents, floating, instantOf, maxColumns, monthEvents, officeOffset, sameEvents, timeGridEvents, type CalendarEventInput, type EventCache, type MoreInput } from './calendarEvents';

// The calendar's events in the office's wall-clock time (Montréal), whatever the workstation's
// zone, and back to instants when a person drops one; coloured as domain.md colours statuses.

const TZ = 'America/Toronto';
const LEAD = testId('lead', 'cal');
const range = (over: Partial<Parameters<typeof calendarEvents>[0]> = {}) => ({
  appointments: [],
  tasks: [],
  leads: [{ id: LEAD, firstName: 'Karim', lastName: 'Haddad', status: 'appointment_booked' as const, assigneeId: USERS.counselor.id }],
  ...over,
});
const options = { timeZone: TZ, unnamed: '(sans nom)', canMove: () => true };

describe('calendar events', () => {
  it('gives the library the office’s wall clock on both sides of a change of hour', () => {
    // 14:00 in Montréal: 19:00 UTC in winter, 18:00 UTC after 8 March 2026.
    expect(floating('2026-03-06T19:00:00.000Z', TZ)).toBe('2026-03-06T14:00:00');
    expect(floating('2026-03-09T18:00:00.000Z', TZ)).toBe('2026-03-09T14:00:00');
    expect(floating('2026-11-02T04:30:00.000Z', TZ)).toBe('2026-11-01T23:30:00');
  });

  it('reads a dropped date as the office’s clock, not the workstation’s', () => {
    // The library hands back a Date whose local fields are the wall clock it showed.
    expect(instantOf(new Date(2026, 2, 9, 14, 0), TZ)).toBe('2026-03-09T18:00:00.000Z');
    expect(instantOf(new Date(2026, 2, 6, 14, 0), TZ)).toBe('2026-03-06T19:00:00.000Z');
  });

  it('tells the library the office’s offset of the day, for its "today" and "now"', () => {
    expect(officeOffset(TZ, new Date('2026-01-15T12:00:00Z'))).toBe('-05:00');
    expect(officeOffset(TZ, new Date('2026-07-15T12:00:00Z'))).toBe('-04:00');
    expect(officeOffset('UTC', new Date('2026-07-15T12:00:00Z'))).toBe('+00:00');
  });

  it('colours appointments by their outcome and callbacks as "À recontacter", named after the lead', () => {
    const scheduled = appointment({ id: testId('appointment', 1), leadId: LEAD, hostId: USERS.counselor.id, state: 'scheduled', startsAt: '2026-03-10T14:00:00.000Z', endsAt: '2026-03-10T15:00:00.000Z', kind: 'video' });
    const missed = appointment({ id: testId('appointment', 2), leadId: LEAD, hostId: USERS.counselor.id, state: 'missed' });
    const cancelled = appointment({ id: testId('appointment', 3), leadId: LEAD, hostId: USERS.counselor.id, state: 'cancelled' });
    const callback = task({ id: testId('task', 1), leadId: LEAD, ownerId: USERS.secretary.id, kind: 'callback', dueAt: '2026-03-10T20:00:00.000Z', completedAt: null });
    const todo = task({ id: testId('task', 2), leadId: LEAD, kind: 'todo' });
    const events = calendarEvents(range({ appointments: [scheduled, missed, cancelled], tasks: [callback, todo] }), options);
    expect(events.map((e) => [e.id, e.title, e.backgroundColor, e.resourceIds])).toEqual([
      [`appointment:${scheduled.id}`, 'Karim Haddad', STATUS_INFO.appointment_booked.hex, [USERS.counselor.id]],
      [`appointment:${missed.id}`, 'Karim Haddad', STATUS_INFO.consultation_missed.hex, [USERS.counselor.id]],
      [`appointment:${cancelled.id}`, 'Karim Haddad', STATUS_INFO.not_qualified.hex, [USERS.counselor.id]],
      [`callback:${callback.id}`, 'Karim Haddad', STATUS_INFO.to_recontact.hex, [USERS.secretary.id]],
    ]);
    expect(events[0]).toMatchObject({ start: '2026-03-10T10:00:00', end: '2026-03-10T11:00:00', classNames: expect.arrayContaining(['bc-kind-video']) });
    expect(events[3]).toMatchObject({ start: '2026-03-10T16:00:00', end: '2026-03-10T16:15:00', durationEditable: false });
  });

  it('lets only open events move, and only for whom the rules allow it', () => {
    const open = appointment({ id: testId('appointment', 4), leadId: LEAD, state: 'scheduled' });
    const closed = appointment({ id: testId('appointment', 5), leadId: LEAD, state: 'attended' });
    const done = task({ id: testId('task', 3), leadId: LEAD, kind: 'callback', completedAt: '2026-03-10T20:00:00.000Z' });
    const movable = calendarEvents(range({ appointments: [open, closed], tasks: [done] }), options).map((e) => e.startEditable);
    expect(movable).toEqual([true, false, false]);
    const refused = calendarEvents(range({ appointments: [open] }), { ...options, canMove: () => false });
    expect(refused[0]).toMatchObject({ startEditable: false, durationEditable: false });
  });

  it('names a lead without a name, and a callback without a lead by its title', () => {
    const nameless = appointment({ id: testId('appointment', 6), leadId: testId('lead', 'gone') });
    const orphan = task({ id: testId('task', 4), leadId: null, kind: 'callback', title: 'Rappeler le notaire' });
    expect(calendarEvents(range({ appointments: [nameless], tasks: [orphan] }), options).map((e) => e.title)).toEqual(['(sans nom)', 'Rappeler le notaire']);
  });
});

describe('the month grid', () => {
  it('lists a day’s first four events by time and folds the rest into one « +N autres » entry', () => {
    const appointments = Array.from({ length: 7 }, (_, i) =>
      appointment({ id: testId('appointment', `m${i}`), leadId: LEAD, startsAt: `2026-03-10T${String(20 - i).padStart(2, '0')}:00:00.000Z`, endsAt: `2026-03-10T${String(20 - i).padStart(2, '0')}:30:00.000Z` }),
    );
    const other = appointment({ id: testId('appointment', 'm-other'), leadId: LEAD, startsAt: '2026-03-12T15:00:00.000Z', endsAt: '2026-03-12T16:00:00.000Z' });
    const folded = monthEvents(calendarEvents(range({ appointments: [...appointments, other] }), options));
    expect(folded.map((e) => e.start)).toEqual([
      '2026-03-10T10:00:00',
      '2026-03-10T11:00:00',
      '2026-03-10T12:00:00',
      '2026-03-10T13:00:00',
      '2026-03-10T23:58:00',
      '2026-03-12T11:00:00',
    ]);
    expect(folded[4]!.extendedProps).toEqual({ more: { date: '2026-03-10', count: 3 } });
  });
});

describe('the time grid’s density rule', () => {
  /** An appointment of `minutes` from `at` ("10:15") on 10 March 2026, Montréal, hosted by `hostId`. */
  let n = 0;
  const at = (time: string, minutes: number, hostId: string = USERS.counselor.id) => {
    const startsAt = wallToInstantTZ(time);
    n += 1;
    return appointment({ id: testId('appointment', `g${n}`), leadId: LEAD, hostId, startsAt, endsAt: new Date(Date.parse(startsAt) + minutes * 60_000).toISOString() });
  };
  const wallToInstantTZ = (time: string) => new Date(`2026-03-10T${time}:00-04:00`).toISOString();
  const isFold = (event: CalendarEventInput | MoreInput): event is MoreInput => 'more' in event.extendedProps;

  /** The library's own layout (its timeGrid groupChunks): by start, each in the first free column of its run of overlaps. */
  function libraryColumns(events: ReadonlyArray<CalendarEventInput | MoreInput>, byResource: boolean): number[] {
    const runs = new Map<string, { end: string; ends: string[] }>();
    return [...events]
      .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))
      .map((event) => {
        const key = `${event.start.slice(0, 10)}|${byResource ? event.resourceIds?.[0] : ''}`;
        let run = runs.get(key);
        if (run === undefined || !(event.start < run.end)) runs.set(key, (run = { end: event.end, ends: [] }));
        let column = run.ends.findIndex((end) => end <= event.start);
        if (column < 0) column = run.ends.length;
        run.ends[column] = event.end;
        if (event.end > run.end) run.end = event.end;
        return column;
      });
  }

  it('leaves an office with few overlaps as it is', () => {
    const events = calendarEvents(range({ appointments: [at('10:00', 60), at('10:30', 60), at('13:00', 30)] }), options);
    expect(timeGridEvents(events, 3, false)).toEqual(events);
  });

  it('draws the first columns and folds the rest, by hour, into « +N autres » entries in the last column', () => {
    // Eight people at 10:00 for an hour, four at 11:15 (another run: the first ended at 11:00).
    const appointments = [...Array.from({ length: 8 }, () => at('10:00', 60)), ...Array.from({ length: 4 }, () => at('11:15', 30)), at('15:00', 30)];
    const events = calendarEvents(range({ appointments }), options);
    const drawn = timeGridEvents(events, 3, false);
    const folds = drawn.filter(isFold);
    expect(folds.map((f) => [f.start, f.end, f.extendedProps.more.count])).toEqual([
      ['2026-03-10T10:00:00', '2026-03-10T10:30:00', 6],
      ['2026-03-10T11:15:00', '2026-03-10T11:45:00', 2],
    ]);
    // Every event is drawn or held by a fold, once.
    const held = [...drawn.filter((e) => !isFold(e)), ...folds.flatMap((f) => f.extendedProps.more.hidden!)];
    expect(held.map((e) => e.id).sort()).toEqual(events.map((e) => e.id).sort());
    // Laid out by the library, never more than three side by side, the folds last.
    const columns = libraryColumns(drawn, false);
    expect(Math.max(...columns)).toBe(2);
    const sorted = [...drawn].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    sorted.forEach((event, i) => expect([event.id, columns[i]! === 2]).toEqual([event.id, isFold(event)]));
  });

  it('folds each person’s column on its own in « Par conseillère »', () => {
    const crowded = Array.from({ length: 4 }, () => at('09:00', 30, USERS.counselor.id));
    const alone = [at('09:00', 30, USERS.secretary.id), at('09:00', 30, USERS.secretary.id)];
    const events = calendarEvents(range({ appointments: [...crowded, ...alone] }), options);
    const drawn = timeGridEvents(events, 3, true);
    expect(drawn.filter(isFold).map((f) => [f.resourceIds, f.extendedProps.more.count])).toEqual([[[USERS.counselor.id], 2]]);
    expect(drawn.filter((e) => !isFold(e) && e.resourceIds[0] === USERS.secretary.id)).toHaveLength(2);
  });

  it('fits as many cards as a column holds at 48 pixels, at least one card and its fold', () => {
    expect(maxColumns(155)).toBe(3);
    expect(maxColumns(1000)).toBe(20);
    expect(maxColumns(60)).toBe(2);
  });
});

describe('what the library is given again', () => {
  it('keeps the event of a row that did not change, and rebuilds the one that did', () => {
    const cache: EventCache = new Map();
    const a = appointment({ id: testId('appointment', 'c1'), leadId: LEAD, version: 1 });
    const b = appointment({ id: testId('appointment', 'c2'), leadId: LEAD, version: 1 });
    const first = calendarEvents(range({ appointments: [a, b] }), { ...options, cache });
    const again = calendarEvents(range({ appointments: [{ ...a }, { ...b }] }), { ...options, cache });
    expect(sameEvents(first, again)).toBe(true);
    expect(sameEvents(monthEvents(first), monthEvents(again))).toBe(true);
    // Folded in a time grid too: three at once where two fit, one card and a fold holding the others.
    const c = appointment({ id: testId('appointment', 'c3'), leadId: LEAD, version: 1 });
    const three = calendarEvents(range({ appointments: [a, b, c] }), { ...options, cache });
    const threeAgain = calendarEvents(range({ appointments: [{ ...a }, { ...b }, { ...c }] }), { ...options, cache });
    expect(timeGridEvents(three, 2, false).map((e) => ('more' in e.extendedProps ? e.extendedProps.more.count : e.id))).toEqual([`appointment:${a.id}`, 2]);
    expect(sameEvents(timeGridEvents(three, 2, false), timeGridEvents(threeAgain, 2, false))).toBe(true);

    // Moved on this workstation: the version stays until the server's comes back.
    const moved = { ...b, startsAt: '2026-03-11T14:00:00.000Z', endsAt: '2026-03-11T15:00:00.000Z' };
    const after = calendarEvents(range({ appointments: [a, moved] }), { ...options, cache });
    expect(after[0]).toBe(first[0]);
    expect(after[1]).not.toBe(first[1]);
    expect(after[1]).toMatchObject({ start: '2026-03-11T10:00:00' });
    expect(sameEvents(first, after)).toBe(false);
    // A deleted row leaves the cache.
    calendarEvents(range({ appointments: [a] }), { ...options, cache });
    expect([...cache.keys()]).toEqual([`appointment:${a.id}`]);
  });
});
