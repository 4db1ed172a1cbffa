import { describe, it, expect } from 'vitest';
import type { HistoryEntry } from '~shared/domain/entities';
import { createI18n } from '../../lib/i18n';
import { historyChanges, type HistoryDeps } from './historyText';

// The history is read by office staff: every line is a French label and a readable value, never
// an identifier the mutators keep for their own links (seen in the e2e screenshots).

const i18n = createI18n('fr-CA');
const deps: HistoryDeps = {
  t: i18n.t,
  userName: (id) => (id === 'u-marie' ? 'Marie Tremblay' : 'Utilisateur inconnu'),
  procedureName: (id) => ({ p1: 'Entrée express', p2: 'Parrainage familial' })[id] ?? 'Procédure retirée',
  dateTime: (iso) => iso.slice(0, 10),
  money: (cents) => `${(cents / 100).toFixed(2).replace('.', ',')} $`,
};

function entry(kind: HistoryEntry['kind'], after: Record<string, unknown>): HistoryEntry {
  return {
    id: '01a20d18-5b14-71c7-b293-4a96a5975d09',
    version: 1,
    deletedAt: null,
    leadId: '01a20d18-5b14-71c7-b293-4a96a5975d0a',
    at: '2026-11-24T10:00:00.000Z',
    actorId: null,
    kind,
    before: null,
    after,
    note: null,
  } as HistoryEntry;
}

describe('historyChanges', () => {
  it('shows a conversion in words, without the client’s id', () => {
    const changes = historyChanges(
      entry('converted', {
        clientId: '01a20d18-5b14-71c7-b293-4a96a5975d09',
        fileNumber: '2026-0021',
        ownerId: 'u-marie',
        amountCents: 150_000,
        currency: 'CAD',
        method: 'interac',
      }),
      deps,
    );
    expect(changes.map((c) => `${c.label} : ${c.after}`)).toEqual([
      'Montant : 1500,00 $',
      'Mode de paiement : Virement Interac',
      'Dossier : 2026-0021',
      'Conseillère responsable : Marie Tremblay',
    ]);
  });

  it('names the procedures of an evaluation, not their ids or codes', () => {
    const changes = historyChanges(
      entry('evaluated', { evaluationId: 'e1', result: 'qualified', procedureIds: ['p1', 'p2'], procedureCodes: ['express_entry', 'family_sponsorship'] }),
      deps,
    );
    expect(changes.map((c) => `${c.label} : ${c.after}`)).toEqual(['Résultat : Qualifié', 'Procédures : Entrée express, Parrainage familial']);
  });

  it('shows an SMS’s recipient as the sheet shows a number, and its state in words', () => {
    const changes = historyChanges(entry('sms_queued', { state: 'queued', to: '+14385550190', body: 'Bonjour Zoé' }), deps);
    expect(changes.map((c) => `${c.label} : ${c.after}`)).toEqual(expect.arrayContaining(['Destinataire : 438 555-0190', 'État : En attente d’envoi']));
  });
});
