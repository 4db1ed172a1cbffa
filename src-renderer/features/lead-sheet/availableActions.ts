import type { LeadSheet } from '~shared/contract/ipc';
import type { Appointment } from '~shared/domain/entities';
import { leadActions, type LeadActionPlan } from '~shared/domain/lead-actions';
import type { Actor } from '~shared/domain/mutations/types';
import type { Role } from '~shared/domain/roles';

// The actions the lead sheet offers now (issue 5: "only the actions the graph and can() allow
// now"), as src-shared/domain/lead-actions.ts decides them for every screen and checks them
// against the mutators; this file only reads the sheet for it and names the buttons.

export type { ContactChoice, EvaluationResult, Step } from '~shared/domain/lead-actions';
export type { ContactOutcome } from '~shared/domain/lead-steps';

export interface LeadActions extends Omit<LeadActionPlan, 'assign'> {
  /** The scheduled appointment, if any: what "move", "cancel", "done / missed" act on. */
  appointment: Appointment | null;
  /** The secretary hands a lead of hers to a counselor (domain.md, "The secretary rule"). */
  handToCounselor: boolean;
  /** Admins and directors assign to anyone. */
  assign: boolean;
  /** The roles the lead may be assigned to. */
  assignRoles: readonly Role[];
}

export function scheduledAppointment(sheet: LeadSheet): Appointment | null {
  return (
    sheet.appointments
      .filter((a) => a.state === 'scheduled' && !a.deletedAt)
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0] ?? null
  );
}

export function availableActions(actor: Actor, sheet: LeadSheet, now: string = new Date().toISOString()): LeadActions {
  const appointment = scheduledAppointment(sheet);
  const plan = leadActions({
    actor,
    lead: sheet.lead,
    appointment,
    hasClient: sheet.client !== null && sheet.client.deletedAt === null,
    now,
  });
  const secretary = actor.role === 'secretary';
  return {
    ...plan,
    appointment,
    handToCounselor: plan.assign !== null && secretary,
    assign: plan.assign !== null && !secretary,
    assignRoles: plan.assign?.roles ?? [],
  };
}

export function hasAnyAction(a: LeadActions): boolean {
  return (
    a.contact.length > 0 ||
    a.book !== null ||
    a.reschedule ||
    a.cancel !== null ||
    a.close !== null ||
    a.closesAt !== null ||
    a.evaluate.length > 0 ||
    a.convert ||
    a.handToCounselor ||
    a.assign ||
    a.statusChanges.length > 0 ||
    a.force.length > 0
  );
}
