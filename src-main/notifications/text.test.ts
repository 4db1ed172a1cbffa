import { describe, expect, it } from 'vitest';
import { NOTIFICATION_KINDS, type Notification } from '~shared/domain/entities';
import { notification, testId } from '~shared/testing/builders';
import { notificationText, summaryText, whenText } from './text';

// What a desktop notification says, in French, for each kind of domain.md's table. Times are the
// office's (Montréal): 2026-03-10 11:00 office time is 15:00 UTC.

const NOW = new Date('2026-03-10T15:00:00.000Z');
const context = { now: NOW, timeZone: 'America/Toronto' };
const LEAD = testId('lead', 'text');
const say = (overrides: Partial<Notification>) => notificationText(notification({ leadId: LEAD, ...overrides }), context);

describe('notificationText', () => {
  it('names the new lead', () => {
    expect(say({ kind: 'lead_created', payload: { name: 'Amina Diallo', source: 'web_form' } })).toEqual({
      title: 'Nouveau lead : Amina Diallo',
      body: 'Reçu par le formulaire Web.',
    });
  });

  it('counts the leads of one assignment batch, in one notification', () => {
    expect(say({ kind: 'leads_assigned', count: 3, leadId: null }).title).toBe('3 leads vous ont été attribués');
    expect(say({ kind: 'leads_assigned', count: 1 }).title).toBe('Un lead vous a été attribué');
    // fr-CA groups thousands with a (narrow) no-break space.
    expect(say({ kind: 'leads_assigned', count: 1250, leadId: null }).title).toMatch(/^1\s250 leads vous ont été attribués$/u);
  });

  it('summarises an import in one notification', () => {
    expect(say({ kind: 'leads_imported', count: 250, leadId: null, payload: { fileName: 'salon-mars.xlsx' } })).toEqual({
      title: '250 leads importés',
      body: 'Fichier : salon-mars.xlsx',
    });
    expect(say({ kind: 'leads_imported', count: 1, leadId: null, payload: {} })).toEqual({ title: '1 lead importé', body: '' });
  });

  it('says an import was undone: to the managers on the batch’s notification, to each counselor once', () => {
    const payload = { fileName: 'salon-mars.xlsx', revertedAt: '2026-03-10T15:00:00.000Z', removedCount: 240, keptCount: 10 };
    expect(say({ kind: 'leads_imported', count: 250, leadId: null, payload })).toEqual({
      title: 'Import annulé\u00a0: 240 leads retirés',
      body: 'Fichier : salon-mars.xlsx · 10 conservés (déjà travaillés)',
    });
    expect(say({ kind: 'import_reverted', count: 120, leadId: null, payload: { fileName: 'salon-mars.xlsx', reason: 'Mauvais fichier' } })).toEqual({
      title: 'Import annulé\u00a0: 120 de vos leads ont été retirés',
      body: 'Fichier : salon-mars.xlsx · Motif\u00a0: Mauvais fichier',
    });
    expect(say({ kind: 'import_reverted', count: 1, leadId: null, payload: {} }).title).toBe('Import annulé\u00a0: un de vos leads a été retiré');
  });

  it('reminds of tomorrow’s appointment at the office’s time, and offers the SMS', () => {
    const text = say({
      kind: 'appointment_reminder',
      payload: { name: 'Karim Haddad', startsAt: '2026-03-11T14:00:00.000Z', kind: 'in_person', sms: { body: '…' } },
    });
    expect(text.title).toBe('Rappel : rendez-vous demain à 10 h 00 avec Karim Haddad');
    expect(text.body).toBe('En personne · Le SMS de confirmation est prêt à envoyer depuis la fiche.');
    expect(say({ kind: 'appointment_reminder', payload: { name: 'Karim Haddad', startsAt: '2026-03-11T14:00:00.000Z', kind: 'video', sms: null } }).body).toBe(
      'Par vidéo',
    );
  });

  it('says the day in the office’s time zone, not UTC’s', () => {
    // 23:30 in Montréal on the 10th is already the 11th in UTC: still « aujourd’hui ».
    expect(whenText('2026-03-11T03:30:00.000Z', context)).toBe('aujourd’hui à 23 h 30');
    expect(whenText('2026-03-11T04:05:00.000Z', context)).toBe('demain à 0 h 05');
    expect(whenText('2026-03-16T13:00:00.000Z', context)).toBe('le lundi 16 mars 2026 à 9 h 00');
    // Across the change to daylight time (8 March 2026), tomorrow is still tomorrow.
    expect(whenText('2026-03-08T15:00:00.000Z', { now: new Date('2026-03-07T15:00:00.000Z'), timeZone: 'America/Toronto' })).toBe('demain à 11 h 00');
  });

  it('names the missed consultation, the conversion, the lead to dispatch and the callback', () => {
    expect(say({ kind: 'consultation_missed', payload: { name: 'Lucas Martin' } }).title).toBe('Consultation manquée : Lucas Martin');
    expect(say({ kind: 'lead_converted', payload: { name: 'Lucas Martin', fileNumber: '2026-0042' } })).toEqual({
      title: 'Lead converti en client : Lucas Martin',
      body: 'Dossier 2026-0042',
    });
    expect(say({ kind: 'dispatch_required', payload: { name: 'Lucas Martin' } }).title).toBe('À attribuer à une conseillère : Lucas Martin');
    expect(say({ kind: 'callback_due', payload: { name: 'Lucas Martin', title: 'Rappeler après 17 h', dueAt: '2026-03-10T19:30:00.000Z' } })).toEqual({
      title: 'Rappel à faire : Lucas Martin',
      body: 'Rappeler après 17 h · Prévu aujourd’hui à 15 h 30',
    });
  });

  it('has a French title for every kind, even with an empty payload, and never prints a malformed date', () => {
    for (const kind of NOTIFICATION_KINDS) {
      const text = say({ kind, payload: { startsAt: 'n’importe quoi', dueAt: 42 } });
      expect(text.title.length).toBeGreaterThan(5);
      expect(`${text.title} ${text.body}`).not.toMatch(/undefined|null|NaN|Invalid|\[object/);
    }
    expect(say({ kind: 'appointment_reminder', payload: { name: 'Karim Haddad' } }).title).toBe('Rappel : rendez-vous avec Karim Haddad');
    expect(say({ kind: 'consultation_missed', payload: {} }).title).toBe('Consultation manquée : (sans nom)');
  });
});

describe('summaryText', () => {
  it('counts what it folds together', () => {
    expect(summaryText(12)).toEqual({ title: '12 nouvelles notifications', body: 'Ouvrez Bureau pour les voir.' });
  });
});
