import type { Appointment, Lead } from './entities';
import { CONTACT_OUTCOMES, EVALUATION_RESULTS } from './entities';
import type { ContactOutcome } from './lead-steps';
import {
  bookingRefusal,
  chosenStatusNeedsCallback,
  chosenStatusRefusal,
  contactStep,
  statusAfterCancel,
  statusAfterClose,
} from './lead-steps';
import type { Actor } from './mutations/types';
import { can } from './permissions';
import { ROLES, type Role } from './roles';
import { LEAD_STATUSES, type LeadStatus } from './statuses';
import { checkMove } from './transitions';

// Which actions an actor may take on a lead now, and what each will do: the lead sheet's buttons,
// its dialogs' choices and "→ status" hints, and the redo of a refusal all read this. It is built
// from the same permission table, graph and steps (lead-steps.ts) the mutators decide with, and
// lead-actions.test.ts runs the real mutators over every status, role, ownership and appointment
// to prove that what is offered is accepted and what is accepted is offered. Only what the user
// has still to type (dates, amounts, procedures, reasons) is left to the mutators.

export type EvaluationResult = (typeof EVALUATION_RESULTS)[number];

/** The lead as it is now, and what the actions depend on beside it. */
export interface LeadNow {
  readonly actor: Actor;
  readonly lead: Pick<Lead, 'status' | 'assigneeId' | 'deletedAt'>;
  /** The lead's scheduled appointment, if any (what move, cancel and done / missed act on). */
  readonly appointment: Pick<Appointment, 'hostId' | 'bookedById' | 'startsAt'> | null;
  /** Whether the lead already has a client record (a conversion happens once). */
  readonly hasClient: boolean;
  /** ISO instant: a consultation is closed only once it has begun. */
  readonly now: string;
}

/** A step and where it leaves the lead. */
export interface Step {
  /** The status after the action (the same status when it stays). */
  readonly status: LeadStatus;
  /** Whether the user must give a future callback date with it. */
  readonly callback: boolean;
}

export interface ContactChoice extends Step {
  readonly outcome: ContactOutcome;
}

export interface LeadActionPlan {
  /** Edit the contact details (lead.update). */
  readonly edit: boolean;
  /** The outcomes a contact may be logged with now (lead.logContact), in the office's order. */
  readonly contact: readonly ContactChoice[];
  /** Book the consultation (appointment.book). */
  readonly book: Step | null;
  /** Move the scheduled appointment (appointment.reschedule); the status stays. */
  readonly reschedule: boolean;
  /** Cancel the scheduled appointment (appointment.cancel); its callback is set to now by itself. */
  readonly cancel: Step | null;
  /** Mark the consultation held or missed (appointment.close). */
  readonly close: { readonly attended: LeadStatus; readonly missed: LeadStatus } | null;
  /**
   * When the actor may close the appointment but it has not begun yet: its start, from which
   * « effectuée / manquée » open (the screens show them disabled until then, saying why).
   */
  readonly closesAt: string | null;
  /** The results an evaluation may give now (lead.evaluate). */
  readonly evaluate: readonly EvaluationResult[];
  /** Convert to client with the initial payment (lead.convert). */
  readonly convert: boolean;
  /** Assign or hand the lead on (lead.assign): the roles it may go to. */
  readonly assign: { readonly roles: readonly Role[] } | null;
  /** Plain status changes along the graph (lead.setStatus). */
  readonly statusChanges: readonly Step[];
  /** Statuses an admin or director may force, with a written reason (lead.setStatus, force). */
  readonly force: readonly Step[];
}

const NOTHING: LeadActionPlan = {
  edit: false,
  contact: [],
  book: null,
  reschedule: false,
  cancel: null,
  close: null,
  closesAt: null,
  evaluate: [],
  convert: false,
  assign: null,
  statusChanges: [],
  force: [],
};

function chosen(from: LeadStatus, actor: Actor, force: boolean): Step[] {
  return LEAD_STATUSES.filter(
    (to) => chosenStatusRefusal(from, to, force) === null && checkMove({ from, to, actor, force }) === null,
  ).map((status) => ({ status, callback: chosenStatusNeedsCallback(status) }));
}

export function leadActions({ actor, lead, appointment, hasClient, now }: LeadNow): LeadActionPlan {
  // An archived lead is, for every mutation, a lead that does not exist.
  if (lead.deletedAt !== null) return NOTHING;
  const status = lead.status;
  const onLead = { lead };
  const onAppointment = appointment && { lead, appointment: { hostId: appointment.hostId, bookedById: appointment.bookedById } };

  const contacts = can(actor, 'lead.contact', onLead);
  const contact = contacts
    ? CONTACT_OUTCOMES.flatMap((outcome): ContactChoice[] => {
        const step = contactStep(status, outcome);
        if (step.to !== null && checkMove({ from: status, to: step.to, actor }) !== null) return [];
        return [{ outcome, status: step.to ?? status, callback: step.callback }];
      })
    : [];

  // Booking asks "may this actor manage this lead's appointments": the host is any user.
  const booking = can(actor, 'appointment.manage', { lead, appointment: { hostId: '', bookedById: actor.id } });
  const manage = onAppointment !== null && can(actor, 'appointment.manage', onAppointment);
  const mayClose = appointment !== null && can(actor, 'appointment.close', onAppointment ?? {});
  const begun = appointment !== null && Date.parse(now) >= Date.parse(appointment.startsAt);
  const closes = mayClose && begun;

  // The secretary hands her leads to a counselor only; a client goes to a counselor, whoever asks
  // (domain.md, "The secretary rule").
  const assigns = can(actor, 'lead.assign', onLead);
  const toCounselor = actor.role === 'secretary' || status === 'client' || hasClient;

  return {
    edit: can(actor, 'lead.edit', onLead),
    contact,
    book:
      booking && appointment === null && bookingRefusal(status, actor) === null
        ? { status: 'appointment_booked', callback: false }
        : null,
    reschedule: manage,
    cancel: manage ? { status: statusAfterCancel(status), callback: false } : null,
    close: closes ? { attended: statusAfterClose(status, 'attended'), missed: statusAfterClose(status, 'missed') } : null,
    closesAt: mayClose && !begun ? appointment.startsAt : null,
    evaluate: can(actor, 'lead.evaluate', onLead)
      ? EVALUATION_RESULTS.filter((result) => checkMove({ from: status, to: result, actor }) === null)
      : [],
    convert: !hasClient && can(actor, 'lead.convert', onLead) && checkMove({ from: status, to: 'client', actor }) === null,
    assign: assigns ? { roles: toCounselor ? ['counselor'] : ROLES } : null,
    statusChanges: contacts ? chosen(status, actor, false) : [],
    force: can(actor, 'lead.force', onLead) ? chosen(status, actor, true) : [],
  };
}
