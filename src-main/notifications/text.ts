import type { Notification } from '~shared/domain/entities';
import { formatOfficeDate, formatOfficeTime, officeDayFrom } from '~shared/domain/office-time';

// The French text of each desktop notification (domain.md, "Notifications"), from the row the
// mutators and the server's jobs wrote: `payload.name` is the lead's name, `count` the size of a
// grouped notification, and each kind's own details (see src-shared/domain/mutations and
// src-server/jobs). The person's name goes in the title: notification servers never read markup
// there, whereas some do in the body.

export interface NotificationText {
  title: string;
  body: string;
}

export interface TextContext {
  /** Now, to say « aujourd’hui » or « demain ». */
  now: Date;
  /** The office's time zone (settings), for dates and times. */
  timeZone: string;
}

const NO_NAME = '(sans nom)';

const SOURCE_LINES: Record<string, string> = {
  web_form: 'Reçu par le formulaire Web.',
  manual: 'Saisi à la main.',
  import: 'Importé d’un fichier Excel.',
  referral: 'Arrivé par recommandation.',
};

const APPOINTMENT_KINDS: Record<string, string> = {
  in_person: 'En personne',
  phone: 'Par téléphone',
  video: 'Par vidéo',
};

function text(payload: Record<string, unknown>, key: string): string | null {
  const value = payload[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** An ISO instant of the payload, or null when absent or malformed (never a wrong date). */
function instant(payload: Record<string, unknown>, key: string): string | null {
  const value = text(payload, key);
  return value !== null && !Number.isNaN(Date.parse(value)) ? value : null;
}

/** « 3 », « 1 250 » (fr-CA groups thousands with a narrow space). */
export function formatCount(count: number): string {
  return new Intl.NumberFormat('fr-CA').format(count);
}

/** « aujourd’hui à 10 h 00 », « demain à 10 h 00 », « le lundi 9 mars 2026 à 10 h 00 », office time. */
export function whenText(at: string, context: TextContext): string {
  const time = formatOfficeTime(at, context.timeZone);
  switch (officeDayFrom(at, context.now.toISOString(), context.timeZone)) {
    case 'today':
      return `aujourd’hui à ${time}`;
    case 'tomorrow':
      return `demain à ${time}`;
    default:
      return `le ${formatOfficeDate(at, context.timeZone)} à ${time}`;
  }
}

function lines(...parts: Array<string | null>): string {
  return parts.filter((part): part is string => part !== null && part !== '').join(' · ');
}

export function notificationText(notification: Notification, context: TextContext): NotificationText {
  const { payload, count } = notification;
  const name = text(payload, 'name') ?? NO_NAME;
  switch (notification.kind) {
    case 'lead_created':
      return { title: `Nouveau lead : ${name}`, body: SOURCE_LINES[text(payload, 'source') ?? ''] ?? '' };
    case 'leads_imported': {
      const file = text(payload, 'fileName') === null ? null : `Fichier : ${text(payload, 'fileName')}`;
      // importBatch.revert rewrites the batch's notification: it says the import was undone.
      if (instant(payload, 'revertedAt') !== null) {
        const removed = typeof payload.removedCount === 'number' ? payload.removedCount : 0;
        return {
          title: `Import annulé\u00a0: ${formatCount(removed)} ${removed === 1 ? 'lead retiré' : 'leads retirés'}`,
          body: lines(file, typeof payload.keptCount === 'number' && payload.keptCount > 0 ? `${formatCount(payload.keptCount)} conservés (déjà travaillés)` : null),
        };
      }
      return { title: count === 1 ? '1 lead importé' : `${formatCount(count)} leads importés`, body: lines(file) };
    }
    case 'import_reverted':
      return {
        title: `Import annulé\u00a0: ${count <= 1 ? 'un de vos leads a été retiré' : `${formatCount(count)} de vos leads ont été retirés`}`,
        body: lines(text(payload, 'fileName') === null ? null : `Fichier : ${text(payload, 'fileName')}`, text(payload, 'reason') === null ? null : `Motif\u00a0: ${text(payload, 'reason')}`),
      };
    case 'leads_assigned':
      return {
        title: count <= 1 ? 'Un lead vous a été attribué' : `${formatCount(count)} leads vous ont été attribués`,
        body: count <= 1 && notification.leadId !== null ? 'Cliquez pour ouvrir sa fiche.' : 'Ouvrez Bureau pour les voir.',
      };
    case 'appointment_reminder': {
      const startsAt = instant(payload, 'startsAt');
      const when = startsAt === null ? '' : ` ${whenText(startsAt, context)}`;
      return {
        title: `Rappel : rendez-vous${when} avec ${name}`,
        body: lines(
          APPOINTMENT_KINDS[text(payload, 'kind') ?? ''] ?? null,
          payload.sms ? 'Le SMS de confirmation est prêt à envoyer depuis la fiche.' : null,
        ),
      };
    }
    case 'consultation_missed':
      return { title: `Consultation manquée : ${name}`, body: 'Recontactez la personne pour un nouveau rendez-vous.' };
    case 'lead_converted':
      return { title: `Lead converti en client : ${name}`, body: lines(text(payload, 'fileNumber') === null ? null : `Dossier ${text(payload, 'fileNumber')}`) };
    case 'dispatch_required':
      return { title: `À attribuer à une conseillère : ${name}`, body: 'Consultation faite par le secrétariat : confiez ce lead à une conseillère.' };
    case 'callback_due': {
      const dueAt = instant(payload, 'dueAt');
      return {
        title: `Rappel à faire : ${text(payload, 'name') ?? text(payload, 'title') ?? NO_NAME}`,
        body: lines(text(payload, 'name') === null ? null : text(payload, 'title'), dueAt === null ? null : `Prévu ${whenText(dueAt, context)}`),
      };
    }
    case 'sms_reply':
      return { title: `${SMS_REPLY_TITLES[text(payload, 'reply') ?? ''] ?? SMS_REPLY_TITLES['other']} : ${name}`, body: text(payload, 'text') ?? '' };
  }
}

/** The lead's answer to the office's SMS (src-server/sms/replies.ts). */
const SMS_REPLY_TITLES: Record<string, string> = {
  confirm: 'Rendez-vous confirmé par SMS',
  rebook: 'Rendez-vous à replanifier (réponse SMS)',
  stop: 'Plus de SMS (réponse STOP)',
  other: 'Réponse SMS',
};

/** More new notifications at once than is worth showing one by one (a first sync, a morning). */
export function summaryText(count: number): NotificationText {
  return { title: `${formatCount(count)} nouvelles notifications`, body: 'Ouvrez Bureau pour les voir.' };
}
