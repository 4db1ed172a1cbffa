import type { MutationInput } from '../mutations/args';
import { DEFAULT_PHONE_REGION, normalizePhone, rememberPhone } from '../phone';
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

/**
 * Gives this thread's phone memory what the reading worker already knew of a lead's numbers: its
 * typed text as read there, and its E.164 form (which reads as itself, phone.ts), so that
 * phoneArgument and the mutators find them instead of parsing each number again.
 */
export function rememberLeadPhones(lead: Pick<ImportedLead, 'phone' | 'phoneTyped' | 'phoneTypedReads'>): void {
  if (lead.phoneTyped === null || lead.phoneTypedReads === undefined) return;
  const e164 = lead.phoneTypedReads ? lead.phone : null;
  rememberPhone(lead.phoneTyped, DEFAULT_PHONE_REGION, { e164, raw: lead.phoneTyped.trim() || null });
  if (lead.phone !== null) rememberPhone(lead.phone, DEFAULT_PHONE_REGION, { e164: lead.phone, raw: lead.phone });
}

/**
 * lead.create's arguments for a cleaned row (lead.createMany adds the batch). Only the fields the
 * row fills: every optional field reads as null when absent, and the arguments are kept as they
 * are in the outbox and sent so by the push, where a chunk's nulls were a fifth of its megabytes.
 */
export function leadCreateInput(lead: ImportedLead, id: string): MutationInput<'lead.create'> {
  const optional = {
    email: lead.email,
    phone: phoneArgument(lead),
    language: lead.language,
    city: lead.city,
    country: lead.country,
    programOfInterest: lead.programOfInterest,
    notes: lead.notes,
    utmSource: lead.utmSource,
  };
  const input: MutationInput<'lead.create'> = { id, source: 'import', firstName: lead.firstName, lastName: lead.lastName };
  for (const key of Object.keys(optional) as Array<keyof typeof optional>) {
    const value = optional[key];
    if (value !== null) Object.assign(input, { [key]: value });
  }
  return input;
}
