import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Appointment, Lead, Settings, SmsTemplate, User } from '~shared/domain/entities';
import type { OfficeLocale } from '~shared/domain/office-time';
import { CONFIRMATION_TEMPLATE_KEY, type SmsEncoding, type SmsPlaceholder } from '~shared/domain/sms';
import { renderSmsForLead } from '~shared/domain/sms-render';
import type { DbExecutor } from '../db/connection';
import { smsTemplates } from '../db/schema';

// The confirmation SMS the appointment reminder offers (domain.md, "SMS": "the rendered text is
// shown, can be edited, is sent through the office's SMS provider"): the office's template
// `appointment_confirmation`, in the lead's language, filled in, with its segment count. It rides
// in the reminder's payload; the desktop shows it for editing and sends it with sms.send.

export interface ConfirmationSms {
  templateId: string;
  language: OfficeLocale;
  text: string;
  /** Placeholders left as typed because their value is unknown (the user completes them). */
  missing: SmsPlaceholder[];
  segments: number;
  encoding: SmsEncoding;
}

/** The active confirmation template (the oldest when an admin made several with the key). */
export async function confirmationTemplate(db: DbExecutor): Promise<SmsTemplate | null> {
  const [row] = await db
    .select()
    .from(smsTemplates)
    .where(and(eq(smsTemplates.key, CONFIRMATION_TEMPLATE_KEY), eq(smsTemplates.active, true), isNull(smsTemplates.deletedAt)))
    .orderBy(asc(smsTemplates.createdAt), asc(smsTemplates.id))
    .limit(1);
  return (row as SmsTemplate | undefined) ?? null;
}

export function renderConfirmationSms(input: {
  template: SmsTemplate;
  lead: Lead;
  appointment: Pick<Appointment, 'startsAt'>;
  host: Pick<User, 'name'> | undefined;
  settings: Settings;
}): ConfirmationSms {
  const { language, text, missing, count } = renderSmsForLead(input);
  return { templateId: input.template.id, language, text, missing, segments: count.segments, encoding: count.encoding };
}
