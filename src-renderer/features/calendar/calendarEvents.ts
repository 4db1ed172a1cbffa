import type { CalendarAppointment, CalendarLead, CalendarRange, CalendarTask } from '~shared/contract/ipc';
import { STATUS_INFO } from '~shared/domain/statuses';
import { wallToInstant } from '../../lib/officeTime';

// What the calendar screen draws (issue 11, point 1), without the library or the DOM: each
// appointment and callback as an event in the office's wall-clock time, coloured as domain.md
// colours the status it stands for, and the way back from a wall-clock time the person dropped an
// event on to the instant the mutation takes.
//
// The library (@event-calendar/core) knows only the workstation's zone, UTC or a fixed offset,
// never an IANA zone: it is given floating times ("2026-03-10T14:30:00"), which it shows as they
// are, so that a workstation in Paris shows the Montréal office's 14:30 at 14:30 (decisions.md).

/** Callbacks last this long on the grid, as in the calendar feed (server-api.md). */
export const CALLBACK_MINUTES = 15;

export type CalendarItem =
  | { type: 'appointment'; id: string; leadId: string; personId: string; appointment: CalendarAppointment }
  | { type: 'callback'; id: string; leadId: string | null; personId: string; task: CalendarTask };

/** Colours of domain.md's statuses: the one the event leads to or stands for. */
export const EVENT_COLOURS = {
  scheduled: STATUS_INFO.appointment_booked.hex,
  attended: STATUS_INFO.consultation_done.hex,
  missed: STATUS_INFO.consultation_missed.hex,
  cancelled: STATUS_INFO.not_qualified.hex,
  callback: STATUS_INFO.to_recontact.hex,
  callbackDone: STATUS_INFO.not_qualified.hex,
} as const;

export type EventTone = keyof typeof EVENT_COLOURS;

/** How many events a day of the month grid lists before « +N autres ». */
export const MONTH_DAY_LIMIT = 4;

export interface CalendarEventInput {
  id: string;
  start: string;
  end: string;
  title: string;
  resourceIds: string[];
  backgroundColor: string;
  classNames: string[];
  startEditable: boolean;
  durationEditable: boolean;
  extendedProps: { item: CalendarItem; tone: EventTone; name: string; kind: CalendarAppointment['kind'] | 'callback' };
}

const wallClocks = new Map<string, { format: Intl.DateTimeFormat; texts: Map<string, string> }>();

/**
 * "2026-03-10T14:30:00": the office's wall clock, as the library takes a floating time. One
 * formatter per zone, and each instant's text kept: a week of 2,000 events is 4,000 of these on
 * each change of period, over a few hundred distinct quarter hours (formatToParts is the cost).
 */
export function floating(instant: string, timeZone: string): string {
  let zone = wallClocks.get(timeZone);
  if (zone === undefined) {
    zone = { format: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }), texts: new Map() };
    wallClocks.set(timeZone, zone);
  }
  let text = zone.texts.get(instant);
  if (text === undefined) {
    const parts: Record<string, string> = {};
    for (const part of zone.format.formatToParts(new Date(instant))) parts[part.type] = part.value;
    text = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:00`;
    // Bounded: paging through years of a busy office does not keep every quarter hour it saw.
    if (zone.texts.size >= 20_000) zone.texts.clear();
    zone.texts.set(instant, text);
  }
  return text;
}

/** Wall-clock fields of a library date (a Date whose local fields are the office's clock). */
export function wallOf(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The instant meant by a date the library gave back (a drop, a selection), in the office's zone. */
export function instantOf(date: Date, timeZone: string): string {
  return wallToInstant(wallOf(date), timeZone);
}

/** The office's UTC offset at `at`, as the library takes it ("-05:00"): its "today" and "now". */
export function officeOffset(timeZone: string, at: Date = new Date()): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-]\d{2}:\d{2})/.exec(name);
  return match ? match[1]! : '+00:00';
}

export function leadDisplayName(lead: Pick<CalendarLead, 'firstName' | 'lastName'> | undefined, fallback: string): string {
  const name = lead ? `${lead.firstName} ${lead.lastName}`.trim() : '';
  return name === '' ? fallback : name;
}

export interface EventOptions {
  timeZone: string;
  /** Whether the signed-in user may move this appointment or callback (permissions.md). */
  canMove: (item: CalendarItem) => boolean;
  /** A name for a lead without one (« (sans nom) »). */
  unnamed: string;
  /**
   * The previous run's events by id, with what each was built from (every field of the row it
   * reads: the answer carries no version or stamp, and a change made on this workstation keeps the
   * row's version until the server's comes back): a row that did not change keeps its object, so that an unchanged list can be recognised (sameEvents) and not handed to
   * the library again, which rebuilds every event it is given. Updated in place.
   */
  cache?: EventCache;
}

export type EventCache = Map<string, { key: string; event: CalendarEventInput }>;

/** The cached event for `id` if built from the same `key`, else the one `build` makes (and caches). */
function reuse(cache: EventCache | undefined, seen: Set<string>, id: string, key: string, build: () => CalendarEventInput): CalendarEventInput {
  seen.add(id);
  const hit = cache?.get(id);
  if (hit !== undefined && hit.key === key) return hit.event;
  const event = build();
  cache?.set(id, { key, event });
  return event;
}

/** The events of a range: open and closed appointments, and callbacks (done ones greyed). */
export function calendarEvents(range: CalendarRange, options: EventOptions): CalendarEventInput[] {
  const leads = new Map(range.leads.map((lead) => [lead.id, lead]));
  const events: CalendarEventInput[] = [];
  const seen = new Set<string>();
  const { cache } = options;
  for (const appointment of range.appointments) {
    const item: CalendarItem = { type: 'appointment', id: appointment.id, leadId: appointment.leadId, personId: appointment.hostId, appointment };
    const tone: EventTone = appointment.state;
    const open = appointment.state === 'scheduled';
    const name = leadDisplayName(leads.get(appointment.leadId), options.unnamed);
    const movable = open && options.canMove(item);
    const id = `appointment:${appointment.id}`;
    const key = `${appointment.startsAt}|${appointment.endsAt}|${appointment.hostId}|${appointment.leadId}|${appointment.state}|${appointment.kind}|${name}|${movable}|${options.timeZone}`;
    events.push(reuse(cache, seen, id, key, () => ({
      id,
      start: floating(appointment.startsAt, options.timeZone),
      end: floating(appointment.endsAt, options.timeZone),
      title: name,
      resourceIds: [appointment.hostId],
      backgroundColor: EVENT_COLOURS[tone],
      classNames: ['bc-event', `bc-tone-${tone}`, `bc-kind-${appointment.kind}`],
      startEditable: movable,
      durationEditable: movable,
      extendedProps: { item, tone, name, kind: appointment.kind },
    })));
  }
  for (const task of range.tasks) {
    if (task.kind !== 'callback') continue;
    const item: CalendarItem = { type: 'callback', id: task.id, leadId: task.leadId, personId: task.ownerId, task };
    const done = task.completedAt !== null;
    const tone: EventTone = done ? 'callbackDone' : 'callback';
    const lead = task.leadId === null ? undefined : leads.get(task.leadId);
    const name = lead ? leadDisplayName(lead, options.unnamed) : task.title;
    const movable = !done && options.canMove(item);
    const id = `callback:${task.id}`;
    const key = `${task.dueAt}|${task.completedAt}|${task.ownerId}|${task.leadId}|${name}|${movable}|${options.timeZone}`;
    events.push(reuse(cache, seen, id, key, () => ({
      id,
      start: floating(task.dueAt, options.timeZone),
      end: floating(new Date(Date.parse(task.dueAt) + CALLBACK_MINUTES * 60_000).toISOString(), options.timeZone),
      title: name,
      resourceIds: [task.ownerId],
      backgroundColor: EVENT_COLOURS[tone],
      classNames: ['bc-event', `bc-tone-${tone}`, 'bc-kind-callback'],
      startEditable: movable,
      durationEditable: false,
      extendedProps: { item, tone, name, kind: 'callback' },
    })));
  }
  if (cache !== undefined) for (const id of cache.keys()) if (!seen.has(id)) cache.delete(id);
  return events;
}

/**
 * Whether two lists give the library the same events: the same objects in the same order (a row
 * that did not change keeps its object, see EventOptions.cache), « +N autres » entries by their
 * place, count and the events they hold.
 */
export function sameEvents(a: ReadonlyArray<CalendarEventInput | MoreInput>, b: ReadonlyArray<CalendarEventInput | MoreInput>): boolean {
  if (a.length !== b.length) return false;
  return a.every((event, i) => {
    const other = b[i]!;
    if (event === other) return true;
    const more = (event.extendedProps as Partial<MoreInput['extendedProps']>).more;
    const otherMore = (other.extendedProps as Partial<MoreInput['extendedProps']>).more;
    return (
      more !== undefined &&
      otherMore !== undefined &&
      event.start === other.start &&
      event.end === other.end &&
      more.count === otherMore.count &&
      (more.hidden ?? []).every((hidden, j) => hidden === otherMore.hidden?.[j])
    );
  });
}

export interface MoreInput {
  id: string;
  start: string;
  end: string;
  title: string;
  resourceIds?: string[];
  classNames: string[];
  startEditable: false;
  durationEditable: false;
  /** `hidden`: the time grid's folded events (timeGridEvents); the month's open their day. */
  extendedProps: { more: { date: string; count: number; hidden?: readonly CalendarEventInput[] } };
}

/** The narrowest card a time grid draws: a first name and the start of a time still read. */
export const MIN_CARD_WIDTH = 48;

/**
 * How many cards a time grid's day column holds side by side: as many as are MIN_CARD_WIDTH wide,
 * never fewer than two (one card and its « +N autres »).
 */
export function maxColumns(columnWidth: number): number {
  return Math.max(2, Math.floor(columnWidth / MIN_CARD_WIDTH));
}

/** A floating time moved by `minutes` (wall clock, no zone: as the library reads it). */
function later(at: string, minutes: number): string {
  return new Date(Date.parse(`${at}Z`) + minutes * 60_000).toISOString().slice(0, 19);
}

/**
 * The time grid's density rule (docs/decisions.md): in each day column (a day, or a day and a
 * person in « Par conseillère »), events overlapping one another are laid side by side as the
 * library lays them (by start, each in the first column free, one run of overlaps sharing the
 * column count). Where a run needs more than `columns` side by side, the first `columns - 1`
 * columns are drawn and the rest is folded into « +N autres » entries, one per hour in which
 * folded events start, in the last column; each holds its events (the click lists them).
 * A week of 2,000 events is thus drawn in a few hundred cards, which stay readable, instead of
 * 2,000 slivers a few pixels wide; an office with fewer overlaps sees every event.
 * The result is in start order, as the library sorts it (so that its layout is this one).
 */
export function timeGridEvents(events: readonly CalendarEventInput[], columns: number, byResource: boolean): Array<CalendarEventInput | MoreInput> {
  const sorted = [...events].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  interface Run {
    end: string;
    /** Each column's last end. */
    ends: string[];
    events: CalendarEventInput[];
    width: number;
  }
  const keyOf = (event: CalendarEventInput) => `${event.start.slice(0, 10)}|${byResource ? (event.resourceIds[0] ?? '') : ''}`;
  const runs: Run[] = [];
  const open = new Map<string, Run>();
  const column = new Map<CalendarEventInput, number>();
  for (const event of sorted) {
    const key = keyOf(event);
    let run = open.get(key);
    if (run === undefined || !(event.start < run.end)) {
      run = { end: event.end, ends: [], events: [], width: 0 };
      open.set(key, run);
      runs.push(run);
    }
    let at = run.ends.findIndex((end) => end <= event.start);
    if (at < 0) at = run.ends.length;
    run.ends[at] = event.end;
    if (event.end > run.end) run.end = event.end;
    run.events.push(event);
    run.width = Math.max(run.width, at + 1);
    column.set(event, at);
  }
  if (runs.every((run) => run.width <= columns)) return sorted;

  const result: Array<CalendarEventInput | MoreInput> = [];
  for (const run of runs) {
    if (run.width <= columns) {
      result.push(...run.events);
      continue;
    }
    // Folded by the hour they start in: one entry each, from the first one's start.
    const buckets = new Map<string, CalendarEventInput[]>();
    for (const event of run.events) {
      if (column.get(event)! < columns - 1) {
        result.push(event);
        continue;
      }
      const hour = event.start.slice(0, 13);
      const bucket = buckets.get(hour);
      if (bucket === undefined) buckets.set(hour, [event]);
      else bucket.push(event);
    }
    const folds = [...buckets.values()];
    folds.forEach((hidden, i) => {
      const start = hidden[0]!.start;
      const next = folds[i + 1]?.[0]!.start;
      const end = next !== undefined && next < later(start, 30) ? next : later(start, 30);
      result.push({
        id: `more:${hidden[0]!.id}`,
        start,
        end,
        title: '',
        resourceIds: hidden[0]!.resourceIds,
        classNames: ['bc-more'],
        startEditable: false,
        durationEditable: false,
        extendedProps: { more: { date: start.slice(0, 10), count: hidden.length, hidden } },
      });
    });
  }
  // Start order, a fold after the cards that start with it (the library's sort keeps ties in order).
  return result.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

/**
 * The month grid's events: each day's first MONTH_DAY_LIMIT by time, then one « +N autres » entry
 * that opens the day. The library can fold a day itself (dayMaxEvents), but it measures every
 * event of the day to do so, which takes seconds with 2,000 events in a month; folded here, the
 * grid draws at most five entries a day, whatever the office's load.
 */
export function monthEvents(events: readonly CalendarEventInput[]): Array<CalendarEventInput | MoreInput> {
  const byDay = new Map<string, CalendarEventInput[]>();
  for (const event of events) {
    const day = event.start.slice(0, 10);
    const list = byDay.get(day);
    if (list === undefined) byDay.set(day, [event]);
    else list.push(event);
  }
  const result: Array<CalendarEventInput | MoreInput> = [];
  for (const [date, list] of byDay) {
    const sorted = list.length > MONTH_DAY_LIMIT ? [...list].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0)) : list;
    result.push(...sorted.slice(0, MONTH_DAY_LIMIT));
    const count = sorted.length - MONTH_DAY_LIMIT;
    if (count > 0) {
      result.push({
        id: `more:${date}`,
        start: `${date}T23:58:00`,
        end: `${date}T23:59:00`,
        title: '',
        classNames: ['bc-more'],
        startEditable: false,
        durationEditable: false,
        extendedProps: { more: { date, count } },
      });
    }
  }
  return result;
}
