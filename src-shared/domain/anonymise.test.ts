import { describe, expect, it } from 'vitest';
import { historyEntry, lead } from '../testing/builders';
import { anonymiseHistory, anonymiseLead, monthsBefore, personalValues, SCRUBBED, scrubPayload, scrubText } from './anonymise';

// The rules of an anonymisation (issue 14, point 5), pure: what is replaced, what stays for the
// reports, and a former value found wherever it sits.

describe('anonymisation', () => {
  const person = lead({ firstName: 'Zéphirine', lastName: 'Roy', email: 'z.roy@exemple.ca', phoneE164: '+15145550199', phoneRaw: '514 555 0199', notes: 'Veut le PEQ', status: 'not_interested', programOfInterest: 'PEQ', source: 'web_form' });
  const corrected = historyEntry({ leadId: person.id, kind: 'updated', before: { lastName: 'Royer' }, after: { lastName: 'Roy' }, note: 'Nom corrigé' });

  it('replaces the personal fields and keeps what the reports count', () => {
    const after = anonymiseLead(person, '2026-12-06T15:00:00.000Z');
    expect(after).toMatchObject({ firstName: 'Personne', lastName: 'anonymisée', email: null, phoneE164: null, phoneRaw: null, notes: null, city: null });
    expect(after).toMatchObject({ status: 'not_interested', programOfInterest: 'PEQ', source: 'web_form', statusChangedAt: person.statusChangedAt, assigneeId: person.assigneeId });
  });

  it('knows the former values the history remembers, and scrubs them in any text', () => {
    const values = personalValues(person, [corrected]);
    expect(values).toEqual(expect.arrayContaining(['zéphirine', 'royer', 'z.roy@exemple.ca', '514 555 0199']));
    expect(scrubText('Rappeler ROYER demain', values)).toBe(SCRUBBED);
    expect(scrubText('Rappeler demain', values)).toBe('Rappeler demain');
    const line = anonymiseHistory(corrected, values);
    expect(line).toMatchObject({ before: { lastName: SCRUBBED }, after: { lastName: SCRUBBED }, note: SCRUBBED, kind: 'updated' });
  });

  it('scrubs personal keys at any depth, and leaves statuses and ids alone', () => {
    const payload = { status: 'contacted', leadId: person.id, sms: { to: '+15145550199', text: 'Bonjour' }, list: [{ name: 'X' }], count: 3 };
    expect(scrubPayload(payload, [])).toEqual({ status: 'contacted', leadId: person.id, sms: { to: SCRUBBED, text: SCRUBBED }, list: [{ name: SCRUBBED }], count: 3 });
  });

  it('counts retention months by the calendar, the 31st falling on a short month’s last day', () => {
    expect(monthsBefore(new Date('2026-03-31T12:00:00.000Z'), 1).toISOString()).toBe('2026-02-28T12:00:00.000Z');
    expect(monthsBefore(new Date('2026-01-10T15:00:00.000Z'), 24).toISOString()).toBe('2024-01-10T15:00:00.000Z');
  });
});
