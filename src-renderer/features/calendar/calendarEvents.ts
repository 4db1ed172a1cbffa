import type { CalendarLead, CalendarRange } from '~shared/contract/ipc';
import type { Appointment, Task } from '~shared/domain/entities';
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
  | { type: 'appointment'; id: string; leadId: string; personId: string; appointment: Appointment }
  | { type: 'callback'; id: string; leadId: string | null; personId: string; task: Task };

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
  extendedProps: { item: CalendarItem; tone: EventTone; name: string; kind: Appointment['kind'] | 'callback' };
}

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/**
 * "2026-03-10T14:30:00": the office's wall clock, as the library takes a floating time. One
 * formatter per zone, kept: 2,000 events are 4,000 of these on every refresh.
 */
export function floating(instant: string, timeZone: string): string {
  let format = wallClocks.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    wallClocks.set(timeZone, format);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(new Date(instant))) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:00`;
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
   * The previous run's events by id, with what each was built from: a row that did not change
   * keeps its object, so that an unchanged list can be recognised (sameEvents) and not handed to
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
    const key = `${appointment.version}|${appointment.updatedAt}|${name}|${movable}|${options.timeZone}`;
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
    const key = `${task.version}|${task.updatedAt}|${name}|${movable}|${options.timeZone}`;
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
 * that did not change keeps its object, see EventOptions.cache), « +N autres » entries by their day and count.
 */
export function sameEvents(a: ReadonlyArray<CalendarEventInput | MoreInput>, b: ReadonlyArray<CalendarEventInput | MoreInput>): boolean {
  if (a.length !== b.length) return false;
  return a.every((event, i) => {
    const other = b[i]!;
    if (event === other) return true;
    const more = (event.extendedProps as Partial<MoreInput['extendedProps']>).more;
    const otherMore = (other.extendedProps as Partial<MoreInput['extendedProps']>).more;
    return more !== undefined && otherMore !== undefined && more.date === otherMore.date && more.count === otherMore.count;
  });
}

export interface MoreInput {
  id: string;
  start: string;
  end: string;
  title: string;
  classNames: string[];
  startEditable: false;
  durationEditable: false;
  extendedProps: { more: { date: string; count: number } };
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
