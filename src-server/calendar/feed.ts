import { and, asc, eq, gte, isNull } from 'drizzle-orm';
import type { Appointment, Settings, Task, User } from '~shared/domain/entities';
import type { ServerDb } from '../db/connection';
import { appointments, leads, tasks, userCredentials, users } from '../db/schema';
import { officeCache } from '../sync/execute';
import { IcsWriter, localDateTime, utcDateTime } from './ics';
import { writeVtimezone } from './vtimezone';

// A user's calendar feed (server-api.md: `GET /calendar/<secret>.ics`, "the user's appointments
// and callbacks as iCalendar"; issue 3, point 7): the appointments they host and their open
// callbacks, in the office's time zone. Calendar programs poll the address, so an event keeps its
// UID (`<id>@bureau`) forever and its SEQUENCE grows with its row version; a cancelled
// appointment stays, STATUS:CANCELLED, so that programs remove it rather than keep a stale copy.
//
// Privacy: people share and sync such calendars (phones, family accounts, cloud services), so an
// event holds only the lead's name, the time, the kind and the place. Never a phone number, an
// e-mail, notes, a cancellation reason or anything of the lead's file.

/** Appointments older than this are left out: the feed stays small, calendars keep what they had. */
export const PAST_DAYS = 180;
export const CALLBACK_MINUTES = 15;
const MINUTE = 60_000;

const KIND_LABELS: Record<Appointment['kind'], string> = {
  in_person: 'En personne',
  phone: 'Téléphone',
  video: 'Vidéo',
};

const CLOSED_LABELS: Partial<Record<Appointment['state'], string>> = {
  attended: 'Consultation effectuée',
  missed: 'Consultation manquée',
  cancelled: 'Rendez-vous annulé',
};

/** The active user whose calendar secret this is, or null. */
export async function calendarOwner(db: ServerDb, secret: string): Promise<User | null> {
  const [row] = await db.db
    .select({ user: users })
    .from(userCredentials)
    .innerJoin(users, eq(users.id, userCredentials.userId))
    .where(eq(userCredentials.calendarSecret, secret));
  const user = row?.user as User | undefined;
  return user !== undefined && user.active && user.deletedAt === null ? user : null;
}

/** SEQUENCE is a 32-bit integer (RFC 5545, 3.8.7.4); versions stay far below in any office. */
function sequence(version: number): number {
  return Math.min(version, 2_147_483_647);
}

function personName(firstName: string | null, lastName: string | null): string {
  return `${firstName ?? ''} ${lastName ?? ''}`.trim();
}

interface EventTimes {
  uid: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  startsAt: string;
  endsAt: string;
}

function beginEvent(ics: IcsWriter, settings: Settings, event: EventTimes): void {
  const tzid = { TZID: settings.timeZone };
  ics
    .begin('VEVENT')
    .prop('UID', event.uid)
    // Without METHOD, DTSTAMP is the time the event was last changed (RFC 5545, 3.8.7.2).
    .prop('DTSTAMP', utcDateTime(event.updatedAt))
    .prop('CREATED', utcDateTime(event.createdAt))
    .prop('LAST-MODIFIED', utcDateTime(event.updatedAt))
    .prop('SEQUENCE', sequence(event.version))
    .prop('DTSTART', localDateTime(event.startsAt, settings.timeZone), tzid)
    .prop('DTEND', localDateTime(event.endsAt, settings.timeZone), tzid);
}

/** The iCalendar text of `user`'s feed at `at`. */
export async function buildCalendar(db: ServerDb, user: User, at: Date): Promise<string> {
  const { settings } = await officeCache(db).read(db.db);
  const since = new Date(at.getTime() - PAST_DAYS * 24 * 60 * MINUTE).toISOString();
  const hosted = await db.db
    .select({ appointment: appointments, firstName: leads.firstName, lastName: leads.lastName })
    .from(appointments)
    .leftJoin(leads, eq(leads.id, appointments.leadId))
    .where(and(eq(appointments.hostId, user.id), isNull(appointments.deletedAt), gte(appointments.startsAt, since)))
    .orderBy(asc(appointments.startsAt), asc(appointments.id));
  const callbacks = await db.db
    .select({ task: tasks, firstName: leads.firstName, lastName: leads.lastName })
    .from(tasks)
    .leftJoin(leads, eq(leads.id, tasks.leadId))
    .where(and(eq(tasks.ownerId, user.id), eq(tasks.kind, 'callback'), isNull(tasks.completedAt), isNull(tasks.deletedAt)))
    .orderBy(asc(tasks.dueAt), asc(tasks.id));

  const ics = new IcsWriter();
  ics
    .begin('VCALENDAR')
    .prop('VERSION', '2.0')
    .prop('PRODID', '-//Bureau//Calendrier du bureau//FR')
    .prop('CALSCALE', 'GREGORIAN')
    .text('X-WR-CALNAME', `${settings.officeName} — ${user.name}`)
    .prop('X-WR-TIMEZONE', settings.timeZone)
    .prop('REFRESH-INTERVAL', 'PT15M', { VALUE: 'DURATION' })
    .prop('X-PUBLISHED-TTL', 'PT15M');
  writeVtimezone(ics, settings.timeZone, at);

  for (const { appointment: row, firstName, lastName } of hosted) {
    const appointment = row as Appointment;
    beginEvent(ics, settings, { ...appointment, uid: `${appointment.id}@bureau` });
    const name = personName(firstName, lastName);
    ics.text('SUMMARY', name === '' ? 'Consultation' : `Consultation — ${name}`);
    const location = appointment.location ?? (appointment.kind === 'in_person' && settings.address !== '' ? settings.address : null);
    if (location !== null) ics.text('LOCATION', location);
    const closed = CLOSED_LABELS[appointment.state];
    ics.text('DESCRIPTION', `Rendez-vous : ${KIND_LABELS[appointment.kind]}${closed === undefined ? '' : `\n${closed}`}`);
    ics.text('CATEGORIES', KIND_LABELS[appointment.kind]);
    ics.prop('STATUS', appointment.state === 'cancelled' ? 'CANCELLED' : 'CONFIRMED');
    ics.prop('TRANSP', appointment.state === 'cancelled' ? 'TRANSPARENT' : 'OPAQUE');
    ics.end('VEVENT');
  }

  for (const { task: row, firstName, lastName } of callbacks) {
    const task = row as Task;
    const endsAt = new Date(Date.parse(task.dueAt) + CALLBACK_MINUTES * MINUTE).toISOString();
    beginEvent(ics, settings, { ...task, uid: `${task.id}@bureau`, startsAt: task.dueAt, endsAt });
    const name = personName(firstName, lastName);
    // The lead's current name (it may have been corrected since the task was made).
    ics.text('SUMMARY', name === '' ? task.title : `Rappeler ${name}`);
    ics.text('CATEGORIES', 'Rappel');
    ics.prop('STATUS', 'CONFIRMED');
    ics.prop('TRANSP', 'OPAQUE');
    ics.end('VEVENT');
  }

  ics.end('VCALENDAR');
  return ics.toString();
}
