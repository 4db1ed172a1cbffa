import type { Lead, User } from './entities';
import type { LeadStatus } from './statuses';

// domain.md, "The secretary rule": after a consultation on a lead a secretary owns, the lead must
// go to a counselor; she and the admins are alerted, and it is listed "À confier", until it does.
// One rule for the server's daily alert and the desktop's list (docs/decisions.md): the lead was
// consulted (consultation_done) or evaluated since (qualified, not_qualified — a secretary may
// evaluate her own leads, but evaluating is no hand-over: processus-leads.fr.md, 9, "attribution
// obligatoire à une conseillère après consultation"), and a secretary still holds it.

/** The statuses in which a secretary's lead still waits for a counselor; SQL on both sides uses it. */
export const AWAITING_DISPATCH_STATUSES = ['consultation_done', 'qualified', 'not_qualified'] as const satisfies readonly LeadStatus[];

export function isAwaitingDispatchStatus(status: LeadStatus): boolean {
  return (AWAITING_DISPATCH_STATUSES as readonly LeadStatus[]).includes(status);
}

/** Whether this lead, held by `assignee` (its assignee's row, if known), waits to be handed on. */
export function awaitsDispatch(
  lead: Pick<Lead, 'status' | 'assigneeId' | 'deletedAt'>,
  assignee: Pick<User, 'id' | 'role' | 'deletedAt'> | undefined,
): boolean {
  return (
    lead.deletedAt === null &&
    isAwaitingDispatchStatus(lead.status) &&
    assignee !== undefined &&
    assignee.id === lead.assigneeId &&
    assignee.deletedAt === null &&
    assignee.role === 'secretary'
  );
}
