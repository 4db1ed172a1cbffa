import type { Put } from '../entities';
import { refuseUnless } from '../permissions';
import { leadAssignArgs } from './args';
import {
  clientOfLead,
  clientOwnerRefusal,
  dispatchGroupKey,
  findActiveUser,
  findLead,
  historyPut,
  leadName,
  notifyPuts,
  resolveDispatchPuts,
  touched,
} from './effects';
import type { Mutator } from './types';
import { applied, refuse } from './types';

// lead.assign: one lead, a selection or a distribution (domain.md, "Assignment"), all or nothing:
// the first assignment that may not be made refuses the whole mutation, naming its lead, so that
// a distribution is never half applied.

/** How many lead ids a grouped notification carries; the count says how many there are. */
const NOTIFIED_LEAD_IDS = 100;

export const leadAssign: Mutator<'lead.assign'> = {
  name: 'lead.assign',
  args: leadAssignArgs,
  needs: (args) => {
    const leadIds = args.assignments.map((a) => a.leadId);
    return { leads: leadIds, clientsOfLeads: leadIds, notificationsByGroup: leadIds.map(dispatchGroupKey) };
  },
  apply(state, ctx, args) {
    const seen = new Set<string>();
    for (const { leadId } of args.assignments) {
      if (seen.has(leadId)) {
        const lead = state.leads.get(leadId);
        return refuse('invalid_args', `Le lead ${lead ? leadName(lead) : leadId} figure deux fois dans la même attribution.`);
      }
      seen.add(leadId);
    }

    const puts: Put[] = [];
    const given = new Map<string, string[]>();
    for (const { leadId, assigneeId } of args.assignments) {
      const found = findLead(state, leadId);
      if (!found.ok) return refuse('not_found', `Lead ${leadId} : ${found.refusal.message}`);
      const lead = found.row;
      const named = (code: Parameters<typeof refuse>[0], message: string) => refuse(code, `Lead ${leadName(lead)} : ${message}`);

      const user = findActiveUser(state, assigneeId);
      if (!user.ok) return named(user.refusal.code, user.refusal.message);
      const assignee = user.row;
      const forbidden = refuseUnless(ctx.actor, 'lead.assign', { lead, assignee: { id: assignee.id, role: assignee.role } });
      if (forbidden) return named(forbidden.code, forbidden.message);

      // The secretary rule (domain.md): a client, or a lead in status client, goes to a counselor
      // only, whoever asks; its client record follows the lead, so owner and assignee agree.
      const client = clientOfLead(state, lead.id);
      if (lead.status === 'client' || client) {
        const ownerRule = clientOwnerRefusal(assignee);
        if (ownerRule) return named(ownerRule.code, ownerRule.message);
      }

      const leadChanges = lead.assigneeId !== assignee.id;
      const clientChanges = client !== undefined && client.ownerId !== assignee.id;
      if (!leadChanges && !clientChanges) continue;

      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      if (leadChanges) {
        puts.push({ table: 'leads', row: touched(lead, { assigneeId: assignee.id }, ctx) });
        before['assigneeId'] = lead.assigneeId;
        after['assigneeId'] = assignee.id;
        const list = given.get(assignee.id) ?? [];
        list.push(lead.id);
        given.set(assignee.id, list);
      }
      if (client && clientChanges) {
        puts.push({ table: 'clients', row: touched(client, { ownerId: assignee.id }, ctx) });
        before['ownerId'] = client.ownerId;
        after['ownerId'] = assignee.id;
      }
      puts.push(historyPut(ctx, lead.id, { kind: 'assigned', before, after }));
      if (assignee.role === 'counselor') puts.push(...resolveDispatchPuts(state, ctx, lead.id));
    }

    // domain.md, "Notifications": the assignee is told at once, one notification per batch.
    for (const assigneeId of [...given.keys()].sort()) {
      if (assigneeId === ctx.actor.id) continue;
      const leadIds = given.get(assigneeId) ?? [];
      puts.push(
        ...notifyPuts(ctx, [assigneeId], {
          kind: 'leads_assigned',
          leadId: leadIds.length === 1 ? (leadIds[0] ?? null) : null,
          count: leadIds.length,
          payload: { leadIds: leadIds.slice(0, NOTIFIED_LEAD_IDS) },
        }),
      );
    }
    return applied(puts);
  },
};
