import type { MutationInput } from '../mutations/args';
import { normalizePhone } from '../phone';
import type { ImportedLead } from './clean-row';

// What the import will send to lead.create / lead.createMany and lead.update. Those mutators
// read `phone` themselves (normalizePhone) and store what they were sent as the typed text, so
// the text sent decides both stored forms.

/** lead.create's limit for `phone` (mutations/args.ts). */
export const MAX_PHONE_ARGUMENT = 40;

/**
 * The `phone` to send: the typed text (extension included) when the mutator reads it as the
 * import did, so that the stored E.164 is the one the preview showed and the typed text is kept;
 * otherwise the E.164 form, which the mutator reads back unchanged (only the few extensions the
 * domain does not know, such as « (poste 12) », lose their typed form that way).
 */
export function phoneArgument(lead: Pick<ImportedLead, 'phone' | 'phoneTyped'>): string | null {
  const typed = lead.phoneTyped;
  if (typed !== null && typed.length <= MAX_PHONE_ARGUMENT && normalizePhone(typed).e164 === lead.phone) return typed;
  return lead.phone;
}

/** lead.create's arguments for a cleaned row (lead.createMany adds the batch). */
export function leadCreateInput(lead: ImportedLead, id: string): MutationInput<'lead.create'> {
  return {
    id,
    source: 'import',
    firstName: lead.firstName,
    lastName: lead.lastName,
    email: lead.email,
    phone: phoneArgument(lead),
    language: lead.language,
    city: lead.city,
    country: lead.country,
    programOfInterest: lead.programOfInterest,
    notes: lead.notes,
    utmSource: lead.utmSource,
  };
}
