import type { ContactAttempt, Lead, Put } from '../entities';
import { refuseUnless } from '../permissions';
import { chosenStatusNeedsCallback, chosenStatusRefusal, contactStep } from '../lead-steps';
import { isFinal } from '../statuses';
import { checkTransition } from '../transitions';
import { leadLogContactArgs, leadSetStatusArgs } from './args';
import { closeOpenCallback } from './close-callback';
import { callbackTask, changeStatus, fail, findLead, findLeadForNewRows, futureCallback, historyPut, touched } from './effects';
import type { Mutator } from './types';
import { applied } from './types';

// lead.logContact and lead.setStatus: the first contact and the status steps that need no record
// of their own (domain.md, "Lead statuses" and "Allowed transitions"; processus-leads.fr.md, 3).

export const leadLogContact: Mutator<'lead.logContact'> = {
  name: 'lead.logContact',
  args: leadLogContactArgs,
  needs: (args) => ({ leads: [args.leadId], openCallbacks: true, newIds: [args.id] }),
  apply(state, ctx, args) {
    const found = findLeadForNewRows(state, [args.id], args.leadId);
    if (!found.ok) return fail(found.refusal);
    const lead = found.row;
    const forbidden = refuseUnless(ctx.actor, 'lead.contact', { lead });
    if (forbidden) return fail(forbidden);

    // A callback date is what makes "to call back" useful; it is kept only for the outcomes
    // that ask for one (for the others it would be a date nobody acts on).
    const step = contactStep(lead.status, args.outcome);
    const callbackAt = step.callback ? args.callbackAt : null;
    if (step.callback) {
      const refusal = futureCallback(args.callbackAt, ctx);
      if (refusal) return fail(refusal);
    }
    const target = step.to;
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
    // The call was made: the callback that asked for it is done (a new one replaces it).
    tail.push(...closeOpenCallback(state, lead.id, ctx));
    if (callbackAt !== null) tail.push({ table: 'tasks', row: callbackTask(state, ctx, next, callbackAt) });
    return applied([...puts, ...tail]);
  },
};

export const leadSetStatus: Mutator<'lead.setStatus'> = {
  name: 'lead.setStatus',
  args: leadSetStatusArgs,
  needs: (args) => ({ leads: [args.leadId], openCallbacks: true }),
  apply(state, ctx, args) {
    const found = findLead(state, args.leadId);
    if (!found.ok) return fail(found.refusal);
    const lead = found.row;
    const forbidden = refuseUnless(ctx.actor, args.force ? 'lead.force' : 'lead.contact', { lead });
    if (forbidden) return fail(forbidden);

    const byRecord = chosenStatusRefusal(lead.status, args.status, args.force);
    if (byRecord) return fail(byRecord);
    if (chosenStatusNeedsCallback(args.status)) {
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
    // A final status ends the calls; a new callback replaces the old one; leaving to_recontact
    // clears the lead's callback date, so its task goes too.
    if (isFinal(args.status) || args.status === 'to_recontact' || lead.status === 'to_recontact') {
      puts.push(...closeOpenCallback(state, lead.id, ctx));
    }
    if (args.status === 'to_recontact' && args.callbackAt !== null) {
      puts.push({ table: 'tasks', row: callbackTask(state, ctx, change.lead, args.callbackAt) });
    }
    return applied(puts);
  },
};
