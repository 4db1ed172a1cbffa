import type { LeadSheet } from '../../../src-shared/contract/ipc';
import type { Appointment } from '../../../src-shared/domain/entities';
import { CONTACT_OUTCOMES, EVALUATION_RESULTS } from '../../../src-shared/domain/entities';
import type { Actor } from '../../../src-shared/domain/mutations/types';
import { LEAD_STATUSES, type LeadStatus } from '../../../src-shared/domain/statuses';
import { can } from '../../../src-shared/domain/permissions';
import { isAllowedTransition } from '../../../src-shared/domain/transitions';

// The actions the lead sheet offers now (issue 5: "only the actions the graph and can() allow
// now"): the transition graph of domain.md for the lead's status, and permissions.md for who the
// actor is. The server decides again; this only keeps the screen honest.

export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];
export type EvaluationResult = (typeof EVALUATION_RESULTS)[number];

/** The status a contact attempt leads to (sync-protocol.md, lead.logContact). */
export const OUTCOME_STATUS: Record<ContactOutcome, LeadStatus> = {
  reached: 'contacted',
  no_answer: 'to_recontact',
  callback_requested: 'to_recontact',
  not_interested: 'not_interested',
};

/** Statuses reached only through their own action (booking, closing, evaluating, converting). */
const REACHED_BY_ACTION: ReadonlySet<LeadStatus> = new Set([
  'appointment_booked',
  'consultation_done',
  'consultation_missed',
  'qualified',
  'not_qualified',
  'client',
]);

export interface LeadActions {
  edit: boolean;
  /** Outcomes of a contact attempt whose resulting status the graph allows now. */
  contactOutcomes: ContactOutcome[];
  book: boolean;
  /** The scheduled appointment, if any: what "move", "cancel", "done / missed" act on. */
  appointment: Appointment | null;
  reschedule: boolean;
  cancel: boolean;
  close: boolean;
  evaluate: EvaluationResult[];
  convert: boolean;
  /** The secretary hands a lead of hers to a counselor (domain.md, "The secretary rule"). */
  handToCounselor: boolean;
  /** Admins and directors assign to anyone. */
  assign: boolean;
  /** Plain status changes of the graph (no appointment, evaluation or payment needed). */
  statusChanges: LeadStatus[];
  /** Admins and directors may force any transition with a reason. */
  force: boolean;
}

export function scheduledAppointment(sheet: LeadSheet): Appointment | null {
  return (
    sheet.appointments
      .filter((a) => a.state === 'scheduled' && !a.deletedAt)
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0] ?? null
  );
}

export function availableActions(actor: Actor, sheet: LeadSheet): LeadActions {
  const { lead } = sheet;
  const status = lead.status;
  const open = !lead.deletedAt;
  const appointment = scheduledAppointment(sheet);
  const may = (to: LeadStatus) => isAllowedTransition(status, to);
  const onLead = { lead };

  const changeStatus = open && can(actor, 'lead.contact', onLead);
  const contactOutcomes = changeStatus ? CONTACT_OUTCOMES.filter((o) => may(OUTCOME_STATUS[o])) : [];
  const manageAppointments = open && can(actor, 'appointment.manage', onLead);
  const closeAppointment = open && appointment !== null && can(actor, 'appointment.close', { lead, appointment });
  const evaluate = open && can(actor, 'lead.evaluate', onLead) ? EVALUATION_RESULTS.filter((r) => may(r)) : [];
  // "Assign" without a chosen assignee: may this actor hand this lead to someone at all?
  const mayAssign = open && can(actor, 'lead.assign', onLead);
  const secretary = actor.role === 'secretary';

  return {
    edit: open && can(actor, 'lead.edit', onLead),
    contactOutcomes,
    book: manageAppointments && appointment === null && may('appointment_booked'),
    appointment,
    reschedule: manageAppointments && appointment !== null,
    cancel: manageAppointments && appointment !== null && may('to_recontact'),
    close: closeAppointment && status === 'appointment_booked' && may('consultation_done'),
    evaluate,
    convert: open && may('client') && can(actor, 'lead.convert', onLead),
    // The secretary hands her lead on (never a client's: domain.md, "The secretary rule").
    handToCounselor: mayAssign && secretary && status !== 'client',
    assign: mayAssign && !secretary,
    statusChanges: changeStatus ? LEAD_STATUSES.filter((s) => s !== status && !REACHED_BY_ACTION.has(s) && may(s)) : [],
    force: open && can(actor, 'lead.force', onLead),
  };
}

export function hasAnyAction(a: LeadActions): boolean {
  return (
    a.contactOutcomes.length > 0 ||
    a.book ||
    a.reschedule ||
    a.cancel ||
    a.close ||
    a.evaluate.length > 0 ||
    a.convert ||
    a.handToCounselor ||
    a.assign ||
    a.statusChanges.length > 0 ||
    a.force
  );
}
