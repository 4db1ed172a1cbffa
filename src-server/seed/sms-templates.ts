// The default SMS templates of a new office (domain.md, "SMS"), in French and English, with the
// placeholders {prenom} {nom} {date} {heure} {conseillere} {bureau} {adresse}. Admins edit them
// afterwards (smsTemplate.upsert). Kept short: one or two segments once filled in.
//
// Plain spaces on purpose: a no-break space is outside GSM-7 and would make every message UCS-2,
// 70 characters a part instead of 160 (domain/sms.ts).
/* eslint-disable bureau/french-typography */

export interface DefaultSmsTemplate {
  key: string;
  name: string;
  bodyFr: string;
  bodyEn: string;
}

export const SMS_PLACEHOLDERS = ['{prenom}', '{nom}', '{date}', '{heure}', '{conseillere}', '{bureau}', '{adresse}'] as const;

export const DEFAULT_SMS_TEMPLATES: readonly DefaultSmsTemplate[] = [
  {
    key: 'appointment_confirmation',
    name: 'Confirmation de rendez-vous',
    bodyFr:
      'Bonjour {prenom} {nom}, votre rendez-vous avec {conseillere} ({bureau}) est confirmé le {date} à {heure}, ' +
      'au {adresse}. Répondez OUI pour confirmer ou appelez-nous pour le déplacer.',
    bodyEn:
      'Hello {prenom} {nom}, your appointment with {conseillere} ({bureau}) is confirmed on {date} at {heure}, ' +
      'at {adresse}. Reply YES to confirm or call us to reschedule.',
  },
  {
    key: 'appointment_reminder',
    name: 'Rappel de rendez-vous (veille)',
    bodyFr:
      'Rappel : {prenom}, vous avez rendez-vous demain, le {date} à {heure}, avec {conseillere} au {adresse}. ' +
      'Apportez vos pièces d’identité. {bureau}',
    bodyEn:
      'Reminder: {prenom}, you have an appointment tomorrow, {date} at {heure}, with {conseillere} at {adresse}. ' +
      'Please bring your ID. {bureau}',
  },
  {
    key: 'appointment_rescheduled',
    name: 'Rendez-vous déplacé',
    bodyFr: 'Bonjour {prenom}, votre rendez-vous avec {conseillere} est déplacé au {date} à {heure}. {bureau}, {adresse}',
    bodyEn: 'Hello {prenom}, your appointment with {conseillere} has been moved to {date} at {heure}. {bureau}, {adresse}',
  },
  {
    key: 'missed_call',
    name: 'Appel manqué',
    bodyFr: 'Bonjour {prenom}, {conseillere} de {bureau} a tenté de vous joindre au sujet de votre demande. Rappelez-nous quand vous le pouvez.',
    bodyEn: 'Hello {prenom}, {conseillere} from {bureau} tried to reach you about your request. Please call us back when you can.',
  },
  {
    key: 'consultation_missed',
    name: 'Consultation manquée',
    bodyFr: 'Bonjour {prenom}, nous ne vous avons pas vu à votre rendez-vous du {date}. Appelez {bureau} pour en fixer un autre.',
    bodyEn: 'Hello {prenom}, we missed you at your appointment on {date}. Call {bureau} to book another one.',
  },
];
