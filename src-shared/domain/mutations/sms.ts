import type { SmsMessage } from '../entities';
import { refuseUnless } from '../permissions';
import type { PermissionTarget } from '../permissions';
import { normalizePhone } from '../phone';
import { countSegments } from '../sms';
import { SMS_OPT_OUT_REFUSAL, leadOptedOut } from '../sms-opt-out';
import { smsSendArgs } from './args';
import { created, fail, findLeadForNewRows, historyPut, live } from './effects';
import type { Mutator } from './types';
import { applied, refuse } from './types';

// sms.send: the message is queued here and sent by the office server, which records its
// delivery in history (domain.md, "SMS"). permissions.md: admin, director, a counselor to her own
// leads, the secretary to hers and for the appointments she booked. A number that answered STOP
// is refused, on this lead or on any open lead with the same number (the server also checks every
// number that ever answered STOP before it sends).

function phoneOf(typed: string): string[] {
  const e164 = normalizePhone(typed).e164;
  return e164 === null ? [] : [e164];
}

export const smsSend: Mutator<'sms.send'> = {
  name: 'sms.send',
  args: smsSendArgs,
  needs: (args) => ({
    leads: [args.leadId],
    appointments: args.appointmentId ? [args.appointmentId] : [],
    smsTemplates: args.templateId ? [args.templateId] : [],
    newIds: [args.id],
    leadsByContact: { phones: phoneOf(args.to), emails: [] },
  }),
  apply(state, ctx, args) {
    const found = findLeadForNewRows(state, [args.id], args.leadId);
    if (!found.ok) return fail(found.refusal);
    const lead = found.row;
    const target: PermissionTarget = { lead };
    if (args.appointmentId !== null) {
      const appointment = live(state.appointments, args.appointmentId);
      if (!appointment) return refuse('not_found', 'Ce rendez-vous n’existe pas ou a été supprimé.');
      if (appointment.leadId !== lead.id) {
        return refuse('invalid_args', 'Ce rendez-vous n’est pas celui de ce lead.');
      }
      target.appointment = { hostId: appointment.hostId, bookedById: appointment.bookedById };
    }
    const forbidden = refuseUnless(ctx.actor, 'sms.send', target);
    if (forbidden) return fail(forbidden);
    if (args.templateId !== null && !live(state.smsTemplates, args.templateId)) {
      return refuse('not_found', 'Ce modèle de SMS n’existe pas ou a été supprimé.');
    }
    const to = normalizePhone(args.to).e164;
    if (to === null) {
      return refuse('invalid_args', `Numéro de téléphone invalide : « ${args.to} ». Un SMS exige un numéro complet.`);
    }
    if (leadOptedOut(lead) || state.contactMatches.some((other) => other.phoneE164 === to && leadOptedOut(other))) {
      return refuse('forbidden', SMS_OPT_OUT_REFUSAL);
    }

    const { encoding, segments } = countSegments(args.body);
    const message: SmsMessage = {
      id: args.id,
      ...created(ctx),
      leadId: lead.id,
      appointmentId: args.appointmentId,
      templateId: args.templateId,
      to,
      body: args.body,
      segments,
      encoding,
      state: 'queued',
      error: null,
      sentById: ctx.actor.id,
      sentAt: null,
      deliveredAt: null,
    };
    return applied([
      { table: 'sms_messages', row: message },
      historyPut(ctx, lead.id, {
        kind: 'sms_queued',
        after: { smsId: message.id, to, segments, encoding, state: 'queued' },
        note: args.body,
      }),
    ]);
  },
};
