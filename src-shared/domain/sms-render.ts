import type { Appointment, Lead, Settings, SmsTemplate, User } from './entities';
import { formatOfficeDate, formatOfficeTime, type OfficeLocale } from './office-time';
import { countSegments, renderSmsTemplate, type SmsCount, type SmsPlaceholder } from './sms';

// A template filled in for one lead (domain.md, "SMS"): in the lead's language, with the
// appointment's date and time in the office's time zone, and its segment count. One function for
// the server's reminder (its payload carries the text), the SMS dialog and the template editor's
// preview, so that the three show the same text.

/** French or English: the lead's when it is one of them, else the office's default. */
export function smsLanguage(lead: Pick<Lead, 'language'>, settings: Pick<Settings, 'defaultLanguage'>): OfficeLocale {
  return lead.language === 'fr' || lead.language === 'en' ? lead.language : settings.defaultLanguage;
}

export interface RenderedSms {
  language: OfficeLocale;
  text: string;
  /** Placeholders left as typed because their value is unknown (the user completes them). */
  missing: SmsPlaceholder[];
  count: SmsCount;
}

export function renderSmsForLead(input: {
  template: Pick<SmsTemplate, 'bodyFr' | 'bodyEn'>;
  lead: Pick<Lead, 'firstName' | 'lastName' | 'language'>;
  appointment: Pick<Appointment, 'startsAt'> | null;
  host: Pick<User, 'name'> | undefined;
  settings: Pick<Settings, 'defaultLanguage' | 'timeZone' | 'officeName' | 'address'>;
  /** Forces a language (the editor previews both). */
  language?: OfficeLocale;
}): RenderedSms {
  const { template, lead, appointment, settings } = input;
  const language = input.language ?? smsLanguage(lead, settings);
  const { text, missing } = renderSmsTemplate(language === 'en' ? template.bodyEn : template.bodyFr, {
    prenom: lead.firstName,
    nom: lead.lastName,
    date: appointment ? formatOfficeDate(appointment.startsAt, settings.timeZone, language) : undefined,
    heure: appointment ? formatOfficeTime(appointment.startsAt, settings.timeZone, language) : undefined,
    conseillere: input.host?.name,
    bureau: settings.officeName,
    adresse: settings.address,
  });
  return { language, text, missing, count: countSegments(text) };
}
