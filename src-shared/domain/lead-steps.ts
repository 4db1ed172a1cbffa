import type { ContactAttempt } from './entities';
import type { Actor, Refusal } from './mutations/types';
import type { LeadStatus } from './statuses';
import { statusLabel } from './statuses';
import { checkTransition, isAllowedTransition } from './transitions';

// What each action does to a lead's status, beyond the graph of transitions.ts. The mutators
// decide with these functions, and lead-actions.ts builds what the screens offer from them, so
// that a button and the mutator it calls cannot disagree.

export type ContactOutcome = ContactAttempt['outcome'];

export interface ContactStep {
  /** The status the contact moves the lead to, or null when the status stays as it is. */
  readonly to: LeadStatus | null;
  /** Whether the outcome needs a future callback date (it also becomes a callback task). */
  readonly callback: boolean;
}

/** What logging a contact with `outcome` does to a lead in `status` (lead.logContact). */
export function contactStep(status: LeadStatus, outcome: ContactOutcome): ContactStep {
  switch (outcome) {
    case 'reached':
      // A call to a lead further on (say, confirming a booked consultation) leaves its status.
      return { to: status === 'new' || status === 'to_recontact' ? 'contacted' : null, callback: false };
    case 'no_answer':
    case 'callback_requested':
      // appointment_booked -> to_recontact exists in the graph only as a cancellation; from there,
      // and wherever the graph has no to_recontact, the status stays and the callback is a task.
      return {
        to: status !== 'appointment_booked' && isAllowedTransition(status, 'to_recontact') ? 'to_recontact' : null,
        callback: true,
      };
    case 'not_interested':
      return { to: 'not_interested', callback: false };
  }
}

/**
 * Statuses reached by making a record, never by choosing the status: forced or not, the user is
 * sent to the action that makes the record (domain.md, "Side effects the system performs").
 */
const REACHED_BY_RECORD: Partial<Record<LeadStatus, string>> = {
  appointment_booked: 'créez un rendez-vous',
  client: 'convertissez le lead avec le paiement initial',
};

/** Reached by a record too, but an admin or director may force them to correct a mistake. */
const CLOSED_BY_RECORD: Partial<Record<LeadStatus, string>> = {
  consultation_done: 'fermez le rendez-vous',
  consultation_missed: 'fermez le rendez-vous',
  qualified: 'faites l’évaluation',
  not_qualified: 'faites l’évaluation',
};

function recordRefusal(status: LeadStatus, action: string): Refusal {
  return {
    code: 'invalid_transition',
    message: `Le statut « ${statusLabel(status)} » ne se choisit pas à la main : ${action}.`,
  };
}

/**
 * Why `to` may not be chosen by hand (lead.setStatus) from `from`, before the graph is asked:
 * the statuses that need a record, and the cancellation that must go through the appointment.
 */
export function chosenStatusRefusal(from: LeadStatus, to: LeadStatus, force: boolean): Refusal | null {
  const byRecord = REACHED_BY_RECORD[to] ?? (force ? undefined : CLOSED_BY_RECORD[to]);
  if (byRecord) return recordRefusal(to, byRecord);
  // The graph's appointment_booked -> to_recontact is a cancellation: done by hand it would
  // leave the appointment in the calendar, so the user is sent to cancel it.
  if (!force && from === 'appointment_booked' && to === 'to_recontact') return recordRefusal(to, 'annulez le rendez-vous');
  return null;
}

/** Whether a status chosen by hand needs a callback date (a lead to call back always has one). */
export function chosenStatusNeedsCallback(to: LeadStatus): boolean {
  return to === 'to_recontact';
}

/**
 * Why a lead in `status` may not be booked (appointment.book), as far as its status goes. A lead
 * left in appointment_booked without a planned appointment (a cancelled one forced back) may be
 * booked again; its status simply stays.
 */
export function bookingRefusal(status: LeadStatus, actor: Actor): Refusal | null {
  return status === 'appointment_booked' ? null : checkTransition({ from: status, to: 'appointment_booked', actor });
}

/**
 * The status after the lead's appointment is cancelled: the graph's appointment_booked ->
 * to_recontact (the person is to be called back at once); a lead moved on by force keeps its own.
 */
export function statusAfterCancel(status: LeadStatus): LeadStatus {
  return status === 'appointment_booked' ? 'to_recontact' : status;
}

/** The status after the consultation is marked held or missed; only appointment_booked follows. */
export function statusAfterClose(status: LeadStatus, outcome: 'attended' | 'missed'): LeadStatus {
  if (status !== 'appointment_booked') return status;
  return outcome === 'attended' ? 'consultation_done' : 'consultation_missed';
}
