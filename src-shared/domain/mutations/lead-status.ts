import type { ContactAttempt, Lead, Put } from '../entities';
import { refuseUnless } from '../permissions';
import type { LeadStatus } from '../statuses';
import { statusLabel } from '../statuses';
import { checkTransition, isAllowedTransition } from '../transitions';
import { leadLogContactArgs, leadSetStatusArgs } from './args';
import { callbackTask, changeStatus, fail, findLead, futureCallback, historyPut, takenIdRefusal, touched } from './effects';
import type { Mutator, Refusal } from './types';
import { applied } from './types';

// lead.logContact and lead.setStatus: the first contact and the status steps that need no record
// of their own (domain.md, "Lead statuses" and "Allowed transitions"; processus-leads.fr.md, 3).

/** What the contact's outcome does to the status, or null when the status stays as it is. */
function contactTarget(status: LeadStatus, outcome: ContactAttempt['outcome']): LeadStatus | null {
  switch (outcome) {
    case 'reached':
      // A call to a lead further on (say, confirming a booked consultation) leaves its status.
      return status === 'new' || status === 'to_recontact' ? 'contacted' : null;
    case 'no_answer':
    case 'callback_requested':
      // appointment_booked -> to_recontact exists in the graph only as a cancellation; from there,
      // and wherever the graph has no to_recontact, the status stays and the callback is a task.
      return status !== 'appointment_booked' && isAllowedTransition(status, 'to_recontact') ? 'to_recontact' : null;
    case 'not_interested':
      return 'not_interested';
  }
}

function needsCallback(outcome: ContactAttempt['outcome']): boolean {
  return outcome === 'no_answer' || outcome === 'callback_requested';
}

export const leadLogContact: Mutator<'lead.logContact'> = {
  name: 'lead.logContact',
  args: leadLogContactArgs,
  needs: (args) => ({ leads: [args.leadId], newIds: [args.id] }),
  apply(state, ctx, args) {
    const taken = takenIdRefusal(state, [args.id]);
    if (taken) return fail(taken);
    const found = findLead(state, args.leadId);
    if (!found.ok) return fail(found.refusal);
    const lead = found.row;
    const forbidden = refuseUnless(ctx.actor, 'lead.contact', { lead });
    if (forbidden) return fail(forbidden);

    // A callback date is what makes "to call back" useful; it is kept only for the outcomes
    // that ask for one (for the others it would be a date nobody acts on).
    const callbackAt = needsCallback(args.outcome) ? args.callbackAt : null;
    if (needsCallback(args.outcome)) {
      const refusal = futureCallback(args.callbackAt, ctx);
      if (refusal) return fail(refusal);
    }
    const target = contactTarget(lead.status, args.outcome);
    if (target !== null) {
      const refusal = checkTransition({ from: lead.status, to: target, actor: ctx.actor });
      if (refusal) return fail(refusal);
    }

    const attempt: ContactAttempt = {
      id: args.id,
      version: 0,
      deletedAt: null,
      createdAt: ctx.now,
      leadId: lead.id,
      userId: ctx.actor.id,
      channel: args.channel,
      outcome: args.outcome,
      note: args.note,
      callbackAt,
      at: ctx.now,
    };
    const logged = historyPut(ctx, lead.id, {
      kind: 'contact_logged',
      after: callbackAt ? { channel: args.channel, outcome: args.outcome, callbackAt } : { channel: args.channel, outcome: args.outcome },
      note: args.note,
    });
    const puts: Put[] = [{ table: 'contact_attempts', row: attempt }];
    const tail: Put[] = [logged];

    let next: Lead = lead;
    if (target !== null) {
      const change = changeStatus(lead, target, ctx, { callbackAt });
      next = change.lead;
      tail.push(...change.puts);
    } else if (callbackAt !== null) {
      next = touched(lead, { callbackAt }, ctx);
    }
    if (next !== lead) puts.push({ table: 'leads', row: next });
    if (callbackAt !== null) tail.push({ table: 'tasks', row: callbackTask(state, ctx, next, callbackAt) });
    return applied([...puts, ...tail]);
  },
};

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
    message: `Le statut « ${statusLabel(status)} » ne se choisit pas à la main : ${action}.`,
  };
}

export const leadSetStatus: Mutator<'lead.setStatus'> = {
  name: 'lead.setStatus',
  args: leadSetStatusArgs,
  needs: (args) => ({ leads: [args.leadId] }),
  apply(state, ctx, args) {
    const found = findLead(state, args.leadId);
    if (!found.ok) return fail(found.refusal);
    const lead = found.row;
    const forbidden = refuseUnless(ctx.actor, args.force ? 'lead.force' : 'lead.contact', { lead });
    if (forbidden) return fail(forbidden);

    const byRecord = REACHED_BY_RECORD[args.status] ?? (args.force ? undefined : CLOSED_BY_RECORD[args.status]);
    if (byRecord) return fail(recordRefusal(args.status, byRecord));
    // The graph's appointment_booked -> to_recontact is a cancellation: done by hand it would
    // leave the appointment in the calendar, so the user is sent to cancel it.
    if (!args.force && lead.status === 'appointment_booked' && args.status === 'to_recontact') {
      return fail(recordRefusal(args.status, 'annulez le rendez-vous'));
    }
    if (args.status === 'to_recontact') {
      const refusal = futureCallback(args.callbackAt, ctx);
      if (refusal) return fail(refusal);
    }
    const refusal = checkTransition({
      from: lead.status,
      to: args.status,
      actor: ctx.actor,
      force: args.force,
      reason: args.reason,
    });
    if (refusal) return fail(refusal);

    const change = changeStatus(lead, args.status, ctx, {
      callbackAt: args.callbackAt,
      note: args.reason,
      forced: args.force,
    });
    const puts: Put[] = [{ table: 'leads', row: change.lead }, ...change.puts];
    if (args.status === 'to_recontact' && args.callbackAt !== null) {
      puts.push({ table: 'tasks', row: callbackTask(state, ctx, change.lead, args.callbackAt) });
    }
    return applied(puts);
  },
};
