import type { Lead } from './entities';

// A number that answered STOP gets no SMS any more (issue 11, point 3: "said in French, before
// anyone types"): the mutator refuses sms.send with this sentence and the SMS dialog shows it
// instead of the text box. The office server also keeps every such number (sms_opt_outs) and
// refuses to send to one, whatever lead carries it.

export const SMS_OPT_OUT_REFUSAL =
  'Ce numéro a répondu STOP aux SMS du bureau\u00a0: aucun SMS ne peut plus lui être envoyé. ' +
  'Joignez la personne autrement (téléphone, courriel).';

/** Whether the lead's number answered STOP (its flag is cleared when the number changes). */
export function leadOptedOut(lead: Pick<Lead, 'smsOptOutAt'>): boolean {
  return lead.smsOptOutAt !== null;
}
