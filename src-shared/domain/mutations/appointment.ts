import type { Appointment, Lead, Put } from '../entities';
import { refuseUnless } from '../permissions';
import { bookingRefusal, statusAfterCancel, statusAfterClose } from '../lead-steps';
import {
  appointmentBookArgs,
  appointmentCancelArgs,
  appointmentCloseArgs,
  appointmentRescheduleArgs,
} from './args';
import { closeOpenCallback } from './close-callback';
import {
  MANAGERS,
  callbackTask,
  changeStatus,
  created,
  dispatchGroupKey,
  fail,
  findActiveUser,
  findLead,
  findLeadForNewRows,
  groupedNotificationPut,
  historyPut,
  invalidTime,
  leadName,
  live,
  notifyPuts,
  recipients,
  touched,
} from './effects';
import type { Found } from './effects';
import type { MutationContext, Mutator, Refusal, State } from './types';
import { applied } from './types';

// The appointment mutations (domain.md: appointment_booked is reached by creating an appointment;
// consultation_done / consultation_missed close it). permissions.md: create, move and cancel for
// admin, director, the counselor on her own leads and the secretary on any lead (she keeps the
// calendar); marking done or missed for admin, director and the appointment's host.

const HOUR_MS = 60 * 60 * 1000;
/** A consultation longer than a working day is a typing mistake. */
const MAX_DURATION_MS = 8 * HOUR_MS;
/** An appointment may be entered after the fact (typed late), up to a day late. */
const LATE_ENTRY_MS = 24 * HOUR_MS;

function timeRefusal(startsAt: string, endsAt: string, ctx: MutationContext): Refusal | null {
  const start = Date.parse(startsAt);
  const end = Date.parse(endsAt);
  if (!(start < end)) return invalidTime('La fin du rendez-vous doit être après son début.');
  if (end - start > MAX_DURATION_MS) return invalidTime('Un rendez-vous dure au plus 8 heures.');
  if (start < Date.parse(ctx.now) - LATE_ENTRY_MS) {
    return invalidTime('Un rendez-vous ne peut pas commencer plus de 24 heures dans le passé.');
  }
  return null;
}

interface Scheduled {
  appointment: Appointment;
  lead: Lead;
}

/** The appointment and its lead (loaded by `leadsOfAppointments`); only a scheduled one changes. */
function findScheduled(state: State, id: string): Found<Scheduled> {
  const appointment = live(state.appointments, id);
  if (!appointment) {
    return { ok: false, refusal: { code: 'not_found', message: 'Ce rendez-vous n’existe pas ou a été supprimé.' } };
  }
  const lead = findLead(state, appointment.leadId);
  if (!lead.ok) return lead;
  if (appointment.state !== 'scheduled') {
    const done = appointment.state === 'cancelled' ? 'annulé' : 'fermé (consultation effectuée ou manquée)';
    return { ok: false, refusal: { code: 'already_closed', message: `Ce rendez-vous est déjà ${done}.` } };
  }
  return { ok: true, row: { appointment, lead: lead.row } };
}

/** A scheduled appointment this actor may act on with `action`, or why not (in that order). */
function scheduledFor(state: State, actor: MutationContext['actor'], action: 'appointment.manage' | 'appointment.close', id: string): Found<Scheduled> {
  const found = findScheduled(state, id);
  if (!found.ok) return found;
  const forbidden = refuseUnless(actor, action, appointmentTarget(found.row.lead, found.row.appointment));
  return forbidden ? { ok: false, refusal: forbidden } : found;
}

function appointmentTarget(lead: Lead, appointment: Pick<Appointment, 'hostId' | 'bookedById'>) {
  return { lead, appointment: { hostId: appointment.hostId, bookedById: appointment.bookedById } };
}

export const appointmentBook: Mutator<'appointment.book'> = {
  name: 'appointment.book',
  args: appointmentBookArgs,
  needs: (args) => ({ leads: [args.leadId], appointmentsOfLeads: [args.leadId], openCallbacks: true, newIds: [args.id] }),
  apply(state, ctx, args) {
    const found = findLeadForNewRows(state, [args.id], args.leadId);
    if (!found.ok) return fail(found.refusal);
    const lead = found.row;
    const host = findActiveUser(state, args.hostId);
    if (!host.ok) return fail(host.refusal);
    const forbidden = refuseUnless(
      ctx.actor,
      'appointment.manage',
      appointmentTarget(lead, { hostId: args.hostId, bookedById: ctx.actor.id }),
    );
    if (forbidden) return fail(forbidden);
    const badTime = timeRefusal(args.startsAt, args.endsAt, ctx);
    if (badTime) return fail(badTime);

    // One planned consultation per lead: a second one would be a second calendar entry for the
    // same person; the existing one is moved instead.
    for (const other of state.appointments.values()) {
      if (other.leadId === lead.id && other.deletedAt === null && other.state === 'scheduled') {
        return fail({
          code: 'conflict',
          message: `${leadName(lead)} a déjà un rendez-vous prévu : déplacez le rendez-vous existant.`,
        });
      }
    }
    const refusal = bookingRefusal(lead.status, ctx.actor);
    if (refusal) return fail(refusal);

    const appointment: Appointment = {
      id: args.id,
      ...created(ctx),
      leadId: lead.id,
      hostId: args.hostId,
      bookedById: ctx.actor.id,
      startsAt: args.startsAt,
      endsAt: args.endsAt,
      kind: args.kind,
      location: args.location,
      note: args.note,
      state: 'scheduled',
      cancelReason: null,
      closedAt: null,
      reminderSentAt: null,
    };
    const puts: Put[] = [{ table: 'appointments', row: appointment }];
    const booked = historyPut(ctx, lead.id, {
      kind: 'appointment_booked',
      after: { appointmentId: appointment.id, startsAt: args.startsAt, endsAt: args.endsAt, kind: args.kind, hostId: args.hostId },
      note: args.note,
    });
    if (lead.status !== 'appointment_booked') {
      const change = changeStatus(lead, 'appointment_booked', ctx);
      puts.push({ table: 'leads', row: { ...change.lead, callbackAt: null } }, booked, ...change.puts);
    } else {
      if (lead.callbackAt !== null) puts.push({ table: 'leads', row: touched(lead, { callbackAt: null }, ctx) });
      puts.push(booked);
    }
    // Booked: the person was reached, no callback is waiting any more.
    puts.push(...closeOpenCallback(state, lead.id, ctx));
    return applied(puts);
  },
};

export const appointmentReschedule: Mutator<'appointment.reschedule'> = {
  name: 'appointment.reschedule',
  args: appointmentRescheduleArgs,
  needs: (args) => ({ appointments: [args.id], leadsOfAppointments: [args.id] }),
  apply(state, ctx, args) {
    const found = scheduledFor(state, ctx.actor, 'appointment.manage', args.id);
    if (!found.ok) return fail(found.refusal);
    const { appointment, lead } = found.row;
    const badTime = timeRefusal(args.startsAt, args.endsAt, ctx);
    if (badTime) return fail(badTime);
    if (appointment.startsAt === args.startsAt && appointment.endsAt === args.endsAt) return applied([]);

    // The day-before reminder belongs to the old time: the scheduler sends it again for the new one.
    const moved = touched(appointment, { startsAt: args.startsAt, endsAt: args.endsAt, reminderSentAt: null }, ctx);
    return applied([
      { table: 'appointments', row: moved },
      historyPut(ctx, lead.id, {
        kind: 'appointment_rescheduled',
        before: { startsAt: appointment.startsAt, endsAt: appointment.endsAt },
        after: { startsAt: args.startsAt, endsAt: args.endsAt },
      }),
    ]);
  },
};

export const appointmentCancel: Mutator<'appointment.cancel'> = {
  name: 'appointment.cancel',
  args: appointmentCancelArgs,
  needs: (args) => ({ appointments: [args.id], leadsOfAppointments: [args.id], openCallbacks: true }),
  apply(state, ctx, args) {
    const found = scheduledFor(state, ctx.actor, 'appointment.manage', args.id);
    if (!found.ok) return fail(found.refusal);
    const { appointment, lead } = found.row;

    const puts: Put[] = [
      { table: 'appointments', row: touched(appointment, { state: 'cancelled', cancelReason: args.reason }, ctx) },
    ];
    const tail: Put[] = [
      historyPut(ctx, lead.id, {
        kind: 'appointment_cancelled',
        before: { state: 'scheduled' },
        after: { state: 'cancelled', startsAt: appointment.startsAt },
        note: args.reason,
      }),
    ];
    // The graph's appointment_booked -> to_recontact: the person is to be called back at once,
    // so the callback is due now (it shows among the callbacks due and in the calendar).
    const after = statusAfterCancel(lead.status);
    if (after !== lead.status) {
      const change = changeStatus(lead, after, ctx, { callbackAt: ctx.now, note: args.reason });
      puts.push({ table: 'leads', row: change.lead });
      // The new callback replaces any the lead still had (one taken while it was booked).
      tail.push(...change.puts, ...closeOpenCallback(state, lead.id, ctx), { table: 'tasks', row: callbackTask(state, ctx, change.lead, ctx.now) });
    }
    return applied([...puts, ...tail]);
  },
};

export const appointmentClose: Mutator<'appointment.close'> = {
  name: 'appointment.close',
  args: appointmentCloseArgs,
  needs: (args) => ({ appointments: [args.id], leadsOfAppointments: [args.id] }),
  apply(state, ctx, args) {
    const found = scheduledFor(state, ctx.actor, 'appointment.close', args.id);
    if (!found.ok) return fail(found.refusal);
    const { appointment, lead } = found.row;
    if (Date.parse(ctx.now) < Date.parse(appointment.startsAt)) {
      return fail(invalidTime('Le rendez-vous n’a pas encore eu lieu : il ne peut pas encore être marqué effectué ou manqué.'));
    }

    const attended = args.outcome === 'attended';
    const puts: Put[] = [
      { table: 'appointments', row: touched(appointment, { state: args.outcome, closedAt: ctx.now }, ctx) },
    ];
    const tail: Put[] = [
      historyPut(ctx, lead.id, {
        kind: 'appointment_closed',
        before: { state: 'scheduled' },
        after: { state: args.outcome, appointmentId: appointment.id },
      }),
    ];
    // The lead follows only from appointment_booked; a lead moved on by force keeps its status.
    const to = statusAfterClose(lead.status, args.outcome);
    if (to !== lead.status) {
      const change = changeStatus(lead, to, ctx);
      puts.push({ table: 'leads', row: change.lead });
      tail.push(...change.puts);
    }

    if (!attended) {
      // domain.md, "Notifications": consultation missed -> the assignee, admins and directors.
      const told = recipients(state, ctx, { roles: MANAGERS, ids: [lead.assigneeId] });
      tail.push(
        ...notifyPuts(ctx, told, {
          kind: 'consultation_missed',
          leadId: lead.id,
          payload: { appointmentId: appointment.id, name: leadName(lead) },
        }),
      );
    } else {
      // domain.md, "The secretary rule": after a consultation on a secretary's lead, she and the
      // admins are alerted until a counselor has it. The alert is a to-do, so the secretary gets
      // it even when she closed the appointment herself; one row per person and lead (a second
      // consultation raises the same alert again, unread).
      const assignee = live(state.users, lead.assigneeId);
      if (assignee?.role === 'secretary') {
        const told = recipients(state, ctx, { roles: ['admin'], ids: [assignee.id], includeActor: true });
        for (const userId of told) {
          tail.push(
            groupedNotificationPut(state, ctx, userId, dispatchGroupKey(lead.id), {
              kind: 'dispatch_required',
              leadId: lead.id,
              payload: { name: leadName(lead), secretaryId: assignee.id },
            }),
          );
        }
      }
    }
    return applied([...puts, ...tail]);
  },
};
