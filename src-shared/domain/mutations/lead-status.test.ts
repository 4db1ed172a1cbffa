import { describe, expect, it } from 'vitest';
import type { LeadStatus } from '../statuses';
import type { MutationInput } from './args';
import { NOW, USERS, lead, testId } from '../../testing/builders';
import { makeDb, perform, putsOf, refusalOf, rowsIn } from '../../testing/memory-office';

const TOMORROW = '2026-03-11T14:00:00.000Z';
const YESTERDAY = '2026-03-09T14:00:00.000Z';
const ATTEMPT = testId('attempt', 1);

const leadIn = (status: LeadStatus, extra: Parameters<typeof lead>[0] = {}) =>
  lead({ status, assigneeId: USERS.counselor.id, ...extra });
type Outcome = MutationInput<'lead.logContact'>['outcome'];
const contact = (outcome: Outcome, extra: Partial<MutationInput<'lead.logContact'>> = {}): MutationInput<'lead.logContact'> => ({
  id: ATTEMPT,
  leadId: testId('lead', 1),
  channel: 'phone',
  outcome,
  ...extra,
});
const logOn = (status: LeadStatus, outcome: Outcome, extra: Partial<MutationInput<'lead.logContact'>> = {}, leadExtra = {}) =>
  perform(makeDb({ leads: [leadIn(status, leadExtra)] }), 'lead.logContact', contact(outcome, extra), USERS.counselor);

describe('lead.logContact', () => {
  it('records the attempt and moves a new lead to contacted when the person answered', () => {
    const puts = putsOf(logOn('new', 'reached', { note: 'Intéressée par le PEQ' }));
    expect(rowsIn(puts, 'contact_attempts')).toEqual([
      expect.objectContaining({ id: ATTEMPT, userId: USERS.counselor.id, channel: 'phone', outcome: 'reached', note: 'Intéressée par le PEQ', at: NOW, version: 0 }),
    ]);
    expect(rowsIn(puts, 'leads')[0]).toMatchObject({ status: 'contacted', statusChangedAt: NOW });
    expect(rowsIn(puts, 'history').map((h) => h.kind)).toEqual(['contact_logged', 'status_changed']);
    expect(rowsIn(puts, 'history')[1]).toMatchObject({ before: { status: 'new' }, after: { status: 'contacted' } });
    expect(rowsIn(puts, 'tasks')).toEqual([]);
  });

  it('leaves the status of a lead further on (a confirmation call on a booked lead)', () => {
    for (const status of ['contacted', 'appointment_booked', 'qualified'] as const) {
      const puts = putsOf(logOn(status, 'reached'));
      expect(rowsIn(puts, 'leads')).toEqual([]);
      expect(rowsIn(puts, 'history').map((h) => h.kind)).toEqual(['contact_logged']);
    }
  });

  it('no answer: to_recontact with the callback date, a callback task for the assignee', () => {
    const puts = putsOf(logOn('contacted', 'no_answer', { callbackAt: TOMORROW }));
    expect(rowsIn(puts, 'leads')[0]).toMatchObject({ status: 'to_recontact', callbackAt: TOMORROW });
    expect(rowsIn(puts, 'tasks')).toEqual([
      expect.objectContaining({ kind: 'callback', ownerId: USERS.counselor.id, dueAt: TOMORROW, title: 'Rappeler Marie Tremblay', leadId: testId('lead', 1) }),
    ]);
  });

  it('gives the callback to the actor when the lead is unassigned', () => {
    const db = makeDb({ leads: [lead()] });
    const puts = putsOf(perform(db, 'lead.logContact', contact('callback_requested', { callbackAt: TOMORROW }), USERS.admin));
    expect(rowsIn(puts, 'tasks')[0]?.ownerId).toBe(USERS.admin.id);
  });

  it('requires a future callback date for no answer and callback requested', () => {
    expect(refusalOf(logOn('new', 'no_answer')).code).toBe('callback_required');
    expect(refusalOf(logOn('new', 'callback_requested', { callbackAt: YESTERDAY })).code).toBe('invalid_time');
  });

  it('keeps the status where the graph has no to_recontact, but still plans the callback', () => {
    for (const status of ['appointment_booked', 'consultation_done', 'qualified'] as const) {
      const puts = putsOf(logOn(status, 'callback_requested', { callbackAt: TOMORROW }));
      expect(rowsIn(puts, 'leads')).toEqual([expect.objectContaining({ status, callbackAt: TOMORROW })]);
      expect(rowsIn(puts, 'tasks')).toHaveLength(1);
      expect(rowsIn(puts, 'history').map((h) => h.kind)).toEqual(['contact_logged']);
    }
  });

  it('clears the callback date when leaving to_recontact', () => {
    const puts = putsOf(logOn('to_recontact', 'reached', {}, { callbackAt: YESTERDAY }));
    expect(rowsIn(puts, 'leads')[0]).toMatchObject({ status: 'contacted', callbackAt: null });
  });

  it('not interested: where the graph allows it, else refused with the graph’s message', () => {
    expect(rowsIn(putsOf(logOn('contacted', 'not_interested')), 'leads')[0]?.status).toBe('not_interested');
    const refusal = refusalOf(logOn('consultation_done', 'not_interested'));
    expect(refusal.code).toBe('invalid_transition');
  });

  it('is for the lead’s own assignee, admins and directors', () => {
    const db = makeDb({ leads: [leadIn('new')] });
    for (const who of [USERS.counselor2, USERS.secretary]) {
      expect(refusalOf(perform(db, 'lead.logContact', contact('reached'), who)).code).toBe('forbidden');
    }
    expect(putsOf(perform(db, 'lead.logContact', contact('reached'), USERS.director))).not.toHaveLength(0);
    expect(refusalOf(perform(makeDb(), 'lead.logContact', contact('reached'), USERS.admin)).code).toBe('not_found');
  });
});

const setStatus = (status: LeadStatus, extra: Record<string, unknown> = {}) => ({ leadId: testId('lead', 1), status, ...extra });

describe('lead.setStatus', () => {
  it('moves along the graph with history', () => {
    const db = makeDb({ leads: [leadIn('contacted')] });
    const puts = putsOf(perform(db, 'lead.setStatus', setStatus('not_interested', { reason: 'A choisi un autre cabinet' }), USERS.counselor));
    expect(rowsIn(puts, 'leads')[0]).toMatchObject({ status: 'not_interested', statusChangedAt: NOW, updatedAt: NOW });
    expect(rowsIn(puts, 'history')).toEqual([
      expect.objectContaining({ kind: 'status_changed', before: { status: 'contacted' }, after: { status: 'not_interested' }, note: 'A choisi un autre cabinet' }),
    ]);
  });

  it('to_recontact needs a future callback date and plans the callback', () => {
    const db = makeDb({ leads: [leadIn('contacted')] });
    expect(refusalOf(perform(db, 'lead.setStatus', setStatus('to_recontact'), USERS.counselor)).code).toBe('callback_required');
    expect(refusalOf(perform(db, 'lead.setStatus', setStatus('to_recontact', { callbackAt: YESTERDAY }), USERS.counselor)).code).toBe('invalid_time');
    const puts = putsOf(perform(db, 'lead.setStatus', setStatus('to_recontact', { callbackAt: TOMORROW }), USERS.counselor));
    expect(rowsIn(puts, 'leads')[0]).toMatchObject({ status: 'to_recontact', callbackAt: TOMORROW });
    expect(rowsIn(puts, 'tasks')).toHaveLength(1);
  });

  it('refuses a step outside the graph, and a final status without force', () => {
    const fresh = makeDb({ leads: [leadIn('new')] });
    expect(refusalOf(perform(fresh, 'lead.setStatus', setStatus('qualified', { force: false }), USERS.counselor)).message).toContain('évaluation');
    const final = makeDb({ leads: [leadIn('not_interested')] });
    expect(refusalOf(perform(final, 'lead.setStatus', setStatus('contacted'), USERS.counselor)).code).toBe('invalid_transition');
  });

  it('sends the user to the action that makes the record', () => {
    const db = makeDb({ leads: [leadIn('contacted')] });
    const booked = refusalOf(perform(db, 'lead.setStatus', setStatus('appointment_booked'), USERS.counselor));
    expect(booked).toMatchObject({ code: 'invalid_transition', message: expect.stringContaining('créez un rendez-vous') });
    const forcedClient = refusalOf(perform(db, 'lead.setStatus', setStatus('client', { force: true, reason: 'x' }), USERS.admin));
    expect(forcedClient.message).toContain('convertissez le lead');
    const done = makeDb({ leads: [leadIn('appointment_booked')] });
    expect(refusalOf(perform(done, 'lead.setStatus', setStatus('consultation_done'), USERS.counselor)).message).toContain('fermez le rendez-vous');
    expect(refusalOf(perform(done, 'lead.setStatus', setStatus('to_recontact', { callbackAt: TOMORROW }), USERS.counselor)).message).toContain(
      'annulez le rendez-vous',
    );
  });

  it('lets admins and directors force, with a reason that is recorded', () => {
    const db = makeDb({ leads: [leadIn('not_interested')] });
    const puts = putsOf(perform(db, 'lead.setStatus', setStatus('contacted', { force: true, reason: 'Rappelé de lui-même' }), USERS.director));
    expect(rowsIn(puts, 'history')[0]).toMatchObject({ after: { status: 'contacted', forced: true }, note: 'Rappelé de lui-même' });
    expect(refusalOf(perform(db, 'lead.setStatus', setStatus('contacted', { force: true }), USERS.admin)).code).toBe('reason_required');
    expect(refusalOf(perform(db, 'lead.setStatus', setStatus('contacted', { force: true, reason: 'x' }), USERS.counselor)).code).toBe('forbidden');
    // An admin may correct a consultation's result by force.
    const corrected = makeDb({ leads: [leadIn('consultation_missed')] });
    expect(putsOf(perform(corrected, 'lead.setStatus', setStatus('consultation_done', { force: true, reason: 'Erreur de saisie' }), USERS.admin))).toHaveLength(2);
  });

  it('is for the lead’s own assignee, admins and directors', () => {
    const db = makeDb({ leads: [leadIn('new')] });
    expect(refusalOf(perform(db, 'lead.setStatus', setStatus('contacted'), USERS.secretary)).code).toBe('forbidden');
    expect(refusalOf(perform(db, 'lead.setStatus', setStatus('contacted'), USERS.counselor2)).code).toBe('forbidden');
  });
});
