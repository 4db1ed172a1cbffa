import { and, asc, eq, gt, inArray, isNull, lte } from 'drizzle-orm';
import type { Appointment, Lead, Put, Settings } from '~shared/domain/entities';
import { leadName } from '~shared/domain/mutations/effects';
import { reminderDueAt } from '~shared/domain/office-time';
import { leadOptedOut } from '~shared/domain/sms-opt-out';
import type { ServerDb } from '../db/connection';
import { writePuts } from '../db/puts';
import { appointments, leads } from '../db/schema';
import { officeCache } from '../sync/execute';
import { confirmationTemplate, renderConfirmationSms } from './confirmation-sms';
import { activeUser, existingGroups, groupMember, notificationRow } from './notifications';

// Appointment reminders (domain.md, "Notifications": the host is told "the day before at the
// office's reminder hour (default 09:00 office time), or at once if booked later than that"; the
// reminder offers the confirmation SMS). Due means reminderDueAt(startsAt, createdAt) <= now <
// startsAt, in the office's zone (settings row), so both DST changes fall where the office clock
// says. A rescheduled appointment (appointment.reschedule resets reminderSentAt) is reminded again
// for its new time, under a new group key.
//
// Exactly once, across restarts and server processes: the appointment row's reminderSentAt and the
// notification are written in one write transaction, which holds the office version counter's row
// lock (every writer takes it), and the rows are read again and re-checked after taking it; the
// group key `reminder:<id>:<startsAt>` is unique per user, so even a bug in that check could not
// give a host two reminders of one appointment time.

/** Farthest a reminder can come before its appointment: the day before at 00:00, plus a DST hour. */
const HORIZON_MS = 50 * 60 * 60 * 1000;
const CHUNK = 200;

export function reminderGroupKey(appointment: Pick<Appointment, 'id' | 'startsAt'>): string {
  return `reminder:${appointment.id}:${appointment.startsAt}`;
}

/** Whether the reminder of `appointment` is due at `at` and not yet written. */
export function reminderIsDue(appointment: Appointment, settings: Settings, at: Date): boolean {
  if (appointment.deletedAt !== null || appointment.state !== 'scheduled' || appointment.reminderSentAt !== null) return false;
  if (Date.parse(appointment.startsAt) <= at.getTime()) return false;
  const due = reminderDueAt(appointment.startsAt, appointment.createdAt, settings.timeZone, settings.reminderMinuteOfDay);
  return due !== null && Date.parse(due) <= at.getTime();
}

/** Writes the reminders due at `at`; returns how many appointments were marked reminded. */
export async function sendAppointmentReminders(db: ServerDb, at: Date): Promise<number> {
  // A first look without the lock, so that a tick with nothing due writes nothing.
  const { settings } = await officeCache(db).read(db.db);
  const candidates = (await db.db
    .select()
    .from(appointments)
    .where(
      and(
        eq(appointments.state, 'scheduled'),
        isNull(appointments.deletedAt),
        isNull(appointments.reminderSentAt),
        gt(appointments.startsAt, at.toISOString()),
        lte(appointments.startsAt, new Date(at.getTime() + HORIZON_MS).toISOString()),
      ),
    )
    .orderBy(asc(appointments.startsAt))) as Appointment[];
  const due = candidates.filter((a) => reminderIsDue(a, settings, at)).map((a) => a.id);

  let reminded = 0;
  for (let start = 0; start < due.length; start += CHUNK) {
    reminded += await remindInOneTransaction(db, due.slice(start, start + CHUNK), at);
  }
  return reminded;
}

async function remindInOneTransaction(db: ServerDb, ids: string[], at: Date): Promise<number> {
  const now = at.toISOString();
  const { result } = await db.writeTransaction(async (tx, versions) => {
    const office = await officeCache(db).read(tx);
    // Read again under the counter's lock: another process may have reminded, moved or cancelled.
    const rows = (await tx.select().from(appointments).where(inArray(appointments.id, ids))) as Appointment[];
    const due = rows.filter((a) => reminderIsDue(a, office.settings, at));
    if (due.length === 0) return 0;

    const leadRows = (await tx
      .select()
      .from(leads)
      .where(inArray(leads.id, [...new Set(due.map((a) => a.leadId))]))) as Lead[];
    const leadById = new Map(leadRows.map((l) => [l.id, l]));
    const template = await confirmationTemplate(tx);
    const written = await existingGroups(tx, due.map(reminderGroupKey));

    const puts: Put[] = [];
    for (const appointment of due) {
      puts.push({ table: 'appointments', row: { ...appointment, reminderSentAt: now } });
      const host = activeUser(office.users, appointment.hostId);
      const lead = leadById.get(appointment.leadId);
      const groupKey = reminderGroupKey(appointment);
      // Nobody to tell (host deactivated, lead archived): the reminder is over all the same.
      if (host === undefined || lead === undefined || lead.deletedAt !== null || written.has(groupMember(host.id, groupKey))) continue;
      // A number that answered STOP is offered no confirmation SMS (domain.md, "SMS"; issue 14, point 5).
      const sms = template === null || leadOptedOut(lead) ? null : renderConfirmationSms({ template, lead, appointment, host, settings: office.settings });
      puts.push({
        table: 'notifications',
        row: notificationRow(
          {
            userId: host.id,
            kind: 'appointment_reminder',
            leadId: lead.id,
            groupKey,
            payload: {
              appointmentId: appointment.id,
              leadId: lead.id,
              name: leadName(lead),
              startsAt: appointment.startsAt,
              endsAt: appointment.endsAt,
              kind: appointment.kind,
              sms,
            },
          },
          now,
        ),
      });
    }
    await writePuts(tx, versions, puts);
    return due.length;
  });
  return result;
}
