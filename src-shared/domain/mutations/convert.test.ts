import { describe, expect, it } from 'vitest';
import type { LeadStatus } from '../statuses';
import type { MutationInput } from './args';
import { leadConvertArgs } from './args';
import { leadConvert } from './convert';
import { groupedNotificationId } from './effects';
import { NOW, USERS, actorOf, client, lead, notification, testId } from '../../testing/builders';
import { makeDb, makeState, perform, putsOf, refusalOf, rowsIn, testCtx } from '../../testing/memory-office';

const LEAD = testId('lead', 1);
const CLIENT = testId('client', 'new');
const PAYMENT = testId('payment', 1);

const convert = (extra: Partial<MutationInput<'lead.convert'>> = {}): MutationInput<'lead.convert'> => ({
  leadId: LEAD,
  clientId: CLIENT,
  ownerId: USERS.counselor.id,
  payment: { amountCents: 50_000, method: 'interac', paidAt: NOW },
  paymentId: PAYMENT,
  ...extra,
});
const dbWith = (status: LeadStatus = 'qualified', assigneeId: string | null = USERS.counselor.id, rows: Parameters<typeof makeDb>[0] = {}) =>
  makeDb({ leads: [lead({ status, assigneeId })], ...rows });

describe('lead.convert', () => {
  it('creates the client with the next file number of the year, the payment, and moves the lead', () => {
    const earlier = [client({ id: testId('client', 'a'), leadId: testId('lead', 'a'), fileNumber: '2026-0041' }), client({ id: testId('client', 'b'), leadId: testId('lead', 'b'), fileNumber: '2025-0107' })];
    const puts = putsOf(perform(dbWith('qualified', USERS.counselor.id, { clients: earlier }), 'lead.convert', convert(), USERS.counselor));
    expect(rowsIn(puts, 'clients')).toEqual([
      {
        id: CLIENT,
        version: 0,
        deletedAt: null,
        createdAt: NOW,
        updatedAt: NOW,
        leadId: LEAD,
        fileNumber: '2026-0042',
        ownerId: USERS.counselor.id,
        convertedAt: NOW,
        convertedById: USERS.counselor.id,
      },
    ]);
    expect(rowsIn(puts, 'payments')).toEqual([
      expect.objectContaining({ id: PAYMENT, clientId: CLIENT, leadId: LEAD, amountCents: 50_000, currency: 'CAD', method: 'interac', recordedById: USERS.counselor.id }),
    ]);
    expect(rowsIn(puts, 'leads')[0]).toMatchObject({ status: 'client', assigneeId: USERS.counselor.id });
    const history = rowsIn(puts, 'history');
    expect(history.map((h) => h.kind)).toEqual(['converted', 'status_changed']);
    expect(history[0]?.after).toMatchObject({ fileNumber: '2026-0042', amountCents: 50_000, method: 'interac' });
    // Admins, directors and the client's counselor, except whoever converted.
    expect(rowsIn(puts, 'notifications').map((n) => [n.userId, n.kind])).toEqual(
      [USERS.admin.id, USERS.director.id].sort().map((id) => [id, 'lead_converted']),
    );
  });

  it('numbers in the office’s year: 2 a.m. UTC on New Year’s Day is still last year in Montréal', () => {
    const puts = putsOf(perform(dbWith(), 'lead.convert', convert(), USERS.admin, { now: '2027-01-01T02:00:00.000Z' }));
    expect(rowsIn(puts, 'clients')[0]?.fileNumber).toBe('2026-0001');
    const later = putsOf(perform(dbWith(), 'lead.convert', convert(), USERS.admin, { now: '2027-01-01T06:00:00.000Z' }));
    expect(rowsIn(later, 'clients')[0]?.fileNumber).toBe('2027-0001');
  });

  it('gives the lead to the owner chosen by an admin, tells that counselor, and resolves the dispatch alert', () => {
    const key = `dispatch:${LEAD}`;
    const alert = notification({ id: groupedNotificationId(key, USERS.admin.id), userId: USERS.admin.id, kind: 'dispatch_required', groupKey: key });
    const db = dbWith('qualified', USERS.secretary.id, { notifications: [alert] });
    const puts = putsOf(perform(db, 'lead.convert', convert({ ownerId: USERS.counselor2.id }), USERS.admin));
    expect(rowsIn(puts, 'leads')[0]?.assigneeId).toBe(USERS.counselor2.id);
    expect(rowsIn(puts, 'history').map((h) => h.kind)).toEqual(['converted', 'assigned', 'status_changed']);
    const notes = rowsIn(puts, 'notifications');
    expect(notes.find((n) => n.id === alert.id)?.readAt).toBe(NOW);
    expect(notes.filter((n) => n.kind === 'lead_converted').map((n) => n.userId).sort()).toEqual([USERS.counselor2.id, USERS.director.id].sort());
  });

  describe('the secretary rule: no client is ever owned by a secretary', () => {
    it('refuses a secretary as owner', () => {
      const refusal = refusalOf(perform(dbWith(), 'lead.convert', convert({ ownerId: USERS.secretary.id }), USERS.admin));
      expect(refusal.code).toBe('secretary_rule');
      expect(refusal.message).toContain('secrétaire');
    });

    it('refuses a secretary converting, even her own lead to a counselor', () => {
      const refusal = refusalOf(perform(dbWith('qualified', USERS.secretary.id), 'lead.convert', convert(), USERS.secretary));
      expect(refusal).toMatchObject({ code: 'secretary_rule', message: expect.stringContaining('La secrétaire ne peut pas convertir') });
    });

    it('refuses an admin or director as owner: the owner is a counselor', () => {
      for (const owner of [USERS.admin, USERS.director]) {
        expect(refusalOf(perform(dbWith(), 'lead.convert', convert({ ownerId: owner.id }), USERS.admin)).code).toBe('owner_not_counselor');
      }
    });
  });

  it('needs the initial payment', () => {
    const refusal = refusalOf(perform(dbWith(), 'lead.convert', convert({ payment: { amountCents: 0, method: 'cash', paidAt: NOW } }), USERS.counselor));
    expect(refusal.code).toBe('invalid_args');
    expect(refusal.message).toContain('paiement initial');
    const { payment: _omitted, ...withoutPayment } = convert();
    expect(refusalOf(perform(dbWith(), 'lead.convert', withoutPayment as MutationInput<'lead.convert'>, USERS.counselor)).code).toBe('invalid_args');
    // The mutator holds the rule itself, whatever its caller validated.
    const args = { ...leadConvertArgs.parse(convert()), payment: { amountCents: 0, currency: 'CAD' as const, method: 'cash' as const, paidAt: NOW } };
    const state = makeState({ leads: [lead({ status: 'qualified', assigneeId: USERS.counselor.id })] });
    expect(refusalOf(leadConvert.apply(state, testCtx(actorOf(USERS.counselor)), args)).code).toBe('payment_required');
  });

  it('needs a qualified lead without a client yet', () => {
    expect(refusalOf(perform(dbWith('consultation_done'), 'lead.convert', convert(), USERS.counselor)).code).toBe('invalid_transition');
    const already = dbWith('qualified', USERS.counselor.id, { clients: [client({ leadId: LEAD })] });
    expect(refusalOf(perform(already, 'lead.convert', convert(), USERS.counselor)).code).toBe('conflict');
  });

  it('needs an active owner, and is for the lead’s own counselor, admins and directors', () => {
    expect(refusalOf(perform(dbWith(), 'lead.convert', convert({ ownerId: USERS.inactive.id }), USERS.admin)).code).toBe('inactive_user');
    expect(refusalOf(perform(dbWith(), 'lead.convert', convert(), USERS.counselor2)).code).toBe('forbidden');
    expect(putsOf(perform(dbWith(), 'lead.convert', convert(), USERS.director))).not.toHaveLength(0);
  });
});
