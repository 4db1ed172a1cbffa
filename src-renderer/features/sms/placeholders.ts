import { SMS_PLACEHOLDERS, type SmsPlaceholder } from '~shared/domain/sms';

/** The placeholders still written as such in a text about to go ({date} when no appointment is known). */
export function unfilledPlaceholders(text: string): SmsPlaceholder[] {
  return SMS_PLACEHOLDERS.filter((name) => text.includes(`{${name}}`));
}
