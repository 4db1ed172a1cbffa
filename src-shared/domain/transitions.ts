import type { Actor, Refusal } from './mutations/types';
import { can, refuseUnless } from './permissions';
import { ROLES } from './roles';
import type { LeadStatus } from './statuses';
import { isFinal, statusLabel } from './statuses';

// The status graph of domain.md ("Allowed transitions"), as written there. Final statuses
// (not_qualified, not_interested, client) have no way out: only a forced transition leaves them.
// `to_recontact -> to_recontact` is a real step: the person still did not answer, a new
// callback date is set.
export const TRANSITIONS: Readonly<Record<LeadStatus, readonly LeadStatus[]>> = {
  new: ['contacted', 'to_recontact', 'not_interested', 'appointment_booked'],
  contacted: ['to_recontact', 'not_interested', 'appointment_booked'],
  to_recontact: ['contacted', 'to_recontact', 'not_interested', 'appointment_booked'],
  // to_recontact here is the appointment being cancelled.
  appointment_booked: ['consultation_done', 'consultation_missed', 'to_recontact'],
  // appointment_booked here is the consultation being rebooked.
  consultation_missed: ['appointment_booked', 'to_recontact', 'not_interested'],
  consultation_done: ['qualified', 'not_qualified'],
  qualified: ['client', 'not_interested'],
  not_qualified: [],
  not_interested: [],
  client: [],
};

export function isAllowedTransition(from: LeadStatus, to: LeadStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * Who may force a transition outside the graph: read from the permission table
 * (permissions.md, "force a transition"), so that the two never disagree.
 */
export const FORCE_ROLES: readonly Actor['role'][] = [...ROLES, 'system' as const].filter((role) =>
  can({ id: '', role }, 'lead.force'),
);

/** Every status a lead in `from` can reach by unforced transitions, `from` itself included. */
export function reachableWithoutForce(from: LeadStatus): ReadonlySet<LeadStatus> {
  const seen = new Set<LeadStatus>([from]);
  const queue: LeadStatus[] = [from];
  for (let status = queue.shift(); status !== undefined; status = queue.shift()) {
    for (const next of TRANSITIONS[status]) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

export interface TransitionInput {
  readonly from: LeadStatus;
  readonly to: LeadStatus;
  readonly actor: Actor;
  /** Leave the graph (domain.md: admin and director, with a written reason that is recorded). */
  readonly force?: boolean;
  readonly reason?: string | null;
}

/**
 * Whether the status of a lead may go from `from` to `to`: null when it may, else the refusal
 * in French. This checks the graph and the forcing rule only; whether the actor may touch this
 * lead at all (permissions.md, "own") is `can(actor, 'lead.contact', …)`.
 */
export function checkTransition(input: TransitionInput): Refusal | null {
  const refusal = checkMove(input);
  if (refusal || input.force !== true) return refusal;
  if ((input.reason ?? '').trim() === '') {
    return {
      code: 'reason_required',
      message:
        'Un changement de statut forcé exige un motif écrit : il est consigné dans l\'historique du lead.',
    };
  }
  return null;
}

/**
 * checkTransition without the written reason: whether the move itself is open to this actor, which
 * is what a screen asks before the user has written anything (lead-actions.ts).
 */
export function checkMove(input: Omit<TransitionInput, 'reason'>): Refusal | null {
  const { from, to, actor } = input;
  if (input.force !== true) {
    return isAllowedTransition(from, to) ? null : { code: 'invalid_transition', message: notInGraph(from, to) };
  }
  const forbidden = refuseUnless(actor, 'lead.force');
  if (forbidden) return forbidden;
  if (from === to && !isAllowedTransition(from, to)) {
    return {
      code: 'invalid_transition',
      message: `Le lead est déjà « ${statusLabel(from)} » : forcer ce même statut ne changerait rien.`,
    };
  }
  return null;
}

function notInGraph(from: LeadStatus, to: LeadStatus): string {
  if (isFinal(from)) {
    return (
      `« ${statusLabel(from)} » est un statut final : le lead ne peut plus passer à « ${statusLabel(to)} ». ` +
      'Seul un administrateur ou un directeur peut le rouvrir, avec un motif écrit.'
    );
  }
  if (from === to) return `Le lead est déjà « ${statusLabel(from)} ».`;
  return `Un lead « ${statusLabel(from)} » ne peut pas passer directement à « ${statusLabel(to)} ».`;
}
