import type { Client, Payment, Put } from '../entities';
import { formatFileNumber } from '../file-number';
import { DEFAULT_TIME_ZONE, isValidTimeZone, officeYear } from '../office-time';
import { permissionMessage, refuseUnless } from '../permissions';
import { checkTransition } from '../transitions';
import { leadConvertArgs } from './args';
import { closeOpenCallback } from './close-callback';
import {
  MANAGERS,
  changeStatus,
  clientOfLead,
  clientOwnerRefusal,
  created,
  dispatchGroupKey,
  fail,
  findActiveUser,
  findLeadForNewRows,
  historyPut,
  leadName,
  notifyPuts,
  recipients,
  resolveDispatchPuts,
} from './effects';
import type { Mutator } from './types';
import { applied, refuse } from './types';

// lead.convert (domain.md: client requires the initial payment and a counselor as owner; it
// creates the client record with a file number, linked to the lead). permissions.md: admin,
// director, a counselor on her own leads; a secretary never (the secretary rule).

/** The zone file numbers are counted in; a broken setting must not stop conversions. */
function fileNumberZone(timeZone: string): string {
  return isValidTimeZone(timeZone) ? timeZone : DEFAULT_TIME_ZONE;
}

export const leadConvert: Mutator<'lead.convert'> = {
  name: 'lead.convert',
  args: leadConvertArgs,
  // The file number's year is the office-local year of the moment of conversion. Without `at`
  // (a caller that does not know it yet), the payment's date stands in: nearly always the same
  // year, and the unique index on file numbers refuses the rare wrong guess loudly.
  needs: (args, _actor, at) => ({
    leads: [args.leadId],
    clientsOfLeads: [args.leadId],
    notificationsByGroup: [dispatchGroupKey(args.leadId)],
    openCallbacks: true,
    fileNumberYear: officeYear(at?.now ?? args.payment.paidAt, fileNumberZone(at?.timeZone ?? DEFAULT_TIME_ZONE)),
    newIds: args.paymentId ? [args.clientId, args.paymentId] : [args.clientId],
  }),
  apply(state, ctx, args) {
    const found = findLeadForNewRows(state, [args.clientId, args.paymentId], args.leadId);
    if (!found.ok) return fail(found.refusal);
    const lead = found.row;
    if (ctx.actor.role === 'secretary') {
      return refuse('secretary_rule', permissionMessage(ctx.actor, 'lead.convert', { lead }));
    }
    const forbidden = refuseUnless(ctx.actor, 'lead.convert', { lead });
    if (forbidden) return fail(forbidden);
    const refusal = checkTransition({ from: lead.status, to: 'client', actor: ctx.actor });
    if (refusal) return fail(refusal);
    const existing = clientOfLead(state, lead.id);
    if (existing) {
      return refuse('conflict', `${leadName(lead)} est déjà client (dossier ${existing.fileNumber}).`);
    }
    const user = findActiveUser(state, args.ownerId);
    if (!user.ok) return fail(user.refusal);
    const owner = user.row;
    const ownerRule = clientOwnerRefusal(owner);
    if (ownerRule) return fail(ownerRule);
    if (!(args.payment.amountCents > 0)) {
      return refuse('payment_required', 'La conversion en client exige le paiement initial : indiquez son montant.');
    }
    const last = state.lastFileNumber;
    if (!Number.isSafeInteger(last) || last < 0) {
      return refuse('conflict', 'La numérotation des dossiers clients est illisible : réessayez plus tard.');
    }

    const year = officeYear(ctx.now, fileNumberZone(state.settings.timeZone));
    const fileNumber = formatFileNumber(year, last + 1);
    const client: Client = {
      id: args.clientId,
      ...created(ctx),
      leadId: lead.id,
      fileNumber,
      ownerId: owner.id,
      convertedAt: ctx.now,
      convertedById: ctx.actor.id,
    };
    const payment: Payment = {
      id: args.paymentId ?? ctx.newId(),
      version: 0,
      deletedAt: null,
      createdAt: ctx.now,
      clientId: client.id,
      leadId: lead.id,
      amountCents: args.payment.amountCents,
      currency: args.payment.currency,
      method: args.payment.method,
      paidAt: args.payment.paidAt,
      recordedById: ctx.actor.id,
    };
    // The client's counselor works the lead from now on: owner and assignee agree.
    const change = changeStatus(lead, 'client', ctx);
    const puts: Put[] = [
      { table: 'clients', row: client },
      { table: 'payments', row: payment },
      { table: 'leads', row: { ...change.lead, assigneeId: owner.id } },
      historyPut(ctx, lead.id, {
        kind: 'converted',
        after: {
          clientId: client.id,
          fileNumber,
          ownerId: owner.id,
          amountCents: payment.amountCents,
          currency: payment.currency,
          method: payment.method,
          paidAt: payment.paidAt,
        },
      }),
    ];
    if (lead.assigneeId !== owner.id) {
      puts.push(historyPut(ctx, lead.id, { kind: 'assigned', before: { assigneeId: lead.assigneeId }, after: { assigneeId: owner.id } }));
    }
    puts.push(...change.puts, ...resolveDispatchPuts(state, ctx, lead.id), ...closeOpenCallback(state, lead.id, ctx));
    // domain.md, "Notifications": admins, directors and the client's counselor.
    const told = recipients(state, ctx, { roles: MANAGERS, ids: [owner.id] });
    puts.push(
      ...notifyPuts(ctx, told, {
        kind: 'lead_converted',
        leadId: lead.id,
        payload: { clientId: client.id, fileNumber, name: leadName(lead) },
      }),
    );
    return applied(puts);
  },
};
