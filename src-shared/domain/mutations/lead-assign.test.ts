import { describe, expect, it } from 'vitest';
import { groupedNotificationId } from './effects';
import { NOW, USERS, client, lead, notification, testId } from '../../testing/builders';
import { makeDb, perform, putsOf, refusalOf, rowsIn } from '../../testing/memory-office';

const leads = [1, 2, 3].map((n) => lead({ id: testId('lead', n), firstName: `Lead${n}`, lastName: 'Test' }));
const assign = (pairs: [number | string, string][]) => ({
  assignments: pairs.map(([n, assigneeId]) => ({ leadId: testId('lead', n), assigneeId })),
});

describe('lead.assign', () => {
  it('assigns, records history, and sends one grouped notification per assignee', () => {
    const db = makeDb({ leads });
    const puts = putsOf(
      perform(db, 'lead.assign', assign([[1, USERS.counselor.id], [2, USERS.counselor.id], [3, USERS.counselor2.id]]), USERS.admin),
    );
    expect(rowsIn(puts, 'leads').map((l) => [l.id, l.assigneeId, l.updatedAt])).toEqual([
      [testId('lead', 1), USERS.counselor.id, NOW],
      [testId('lead', 2), USERS.counselor.id, NOW],
      [testId('lead', 3), USERS.counselor2.id, NOW],
    ]);
    expect(rowsIn(puts, 'history')[0]).toMatchObject({
      kind: 'assigned',
      before: { assigneeId: null },
      after: { assigneeId: USERS.counselor.id },
    });
    const notes = rowsIn(puts, 'notifications');
    expect(notes).toHaveLength(2);
    const toMarie = notes.find((n) => n.userId === USERS.counselor.id);
    expect(toMarie).toMatchObject({ kind: 'leads_assigned', count: 2, leadId: null, payload: { leadIds: [testId('lead', 1), testId('lead', 2)] } });
    const toJulie = notes.find((n) => n.userId === USERS.counselor2.id);
    expect(toJulie).toMatchObject({ count: 1, leadId: testId('lead', 3) });
  });

  it('skips a lead already with that assignee and does not notify the actor', () => {
    const db = makeDb({ leads: [{ ...leads[0]!, assigneeId: USERS.counselor.id }, leads[1]!] });
    expect(putsOf(perform(db, 'lead.assign', assign([[1, USERS.counselor.id]]), USERS.admin))).toEqual([]);
    const self = putsOf(perform(db, 'lead.assign', assign([[2, USERS.admin.id]]), USERS.admin));
    expect(rowsIn(self, 'notifications')).toEqual([]);
    expect(rowsIn(self, 'leads')).toHaveLength(1);
  });

  it('is all or nothing, naming the lead that failed', () => {
    const db = makeDb({ leads });
    const refusal = refusalOf(perform(db, 'lead.assign', assign([[1, USERS.counselor.id], [2, USERS.inactive.id]]), USERS.admin));
    expect(refusal).toMatchObject({ code: 'inactive_user', message: expect.stringMatching(/^Lead Lead2 Test\u00a0: /) });
    expect(refusalOf(perform(db, 'lead.assign', assign([[1, testId('user', 'ghost')]]), USERS.admin)).code).toBe('not_found');
    expect(refusalOf(perform(db, 'lead.assign', assign([['ghost', USERS.counselor.id]]), USERS.admin)).code).toBe('not_found');
    expect(refusalOf(perform(db, 'lead.assign', assign([[1, USERS.counselor.id], [1, USERS.counselor2.id]]), USERS.admin)).code).toBe(
      'invalid_args',
    );
  });

  it('follows the permission table by role', () => {
    const db = makeDb({ leads: [{ ...leads[0]!, assigneeId: USERS.secretary.id }, { ...leads[1]!, assigneeId: USERS.counselor.id }] });
    expect(putsOf(perform(db, 'lead.assign', assign([[1, USERS.counselor.id]]), USERS.director))).not.toHaveLength(0);
    // A counselor never assigns, not even her own leads.
    expect(refusalOf(perform(db, 'lead.assign', assign([[2, USERS.counselor2.id]]), USERS.counselor)).code).toBe('forbidden');
    // The secretary hands her own leads, to a counselor only.
    expect(putsOf(perform(db, 'lead.assign', assign([[1, USERS.counselor.id]]), USERS.secretary))).not.toHaveLength(0);
    expect(refusalOf(perform(db, 'lead.assign', assign([[1, USERS.secretary2.id]]), USERS.secretary)).code).toBe('forbidden');
    expect(refusalOf(perform(db, 'lead.assign', assign([[2, USERS.counselor2.id]]), USERS.secretary)).code).toBe('forbidden');
  });

  it('never gives a client to a secretary, nor to an admin or director (the secretary rule)', () => {
    const clientLead = { ...leads[0]!, status: 'client' as const, assigneeId: USERS.counselor.id };
    const db = makeDb({ leads: [clientLead], clients: [client({ leadId: clientLead.id })] });
    expect(refusalOf(perform(db, 'lead.assign', assign([[1, USERS.secretary.id]]), USERS.admin))).toMatchObject({
      code: 'secretary_rule',
      message: expect.stringMatching(/^Lead Lead1 Test\u00a0: /),
    });
    expect(refusalOf(perform(db, 'lead.assign', assign([[1, USERS.director.id]]), USERS.admin)).code).toBe('owner_not_counselor');

    // A lead forced out of status client still has its client record: the rule still holds.
    const reopened = makeDb({ leads: [{ ...clientLead, status: 'not_interested' }], clients: [client({ leadId: clientLead.id })] });
    expect(refusalOf(perform(reopened, 'lead.assign', assign([[1, USERS.secretary.id]]), USERS.admin)).code).toBe('secretary_rule');
  });

  it('moves the client record with its lead to the new counselor', () => {
    const clientLead = { ...leads[0]!, status: 'client' as const, assigneeId: USERS.counselor.id };
    const db = makeDb({ leads: [clientLead], clients: [client({ leadId: clientLead.id })] });
    const puts = putsOf(perform(db, 'lead.assign', assign([[1, USERS.counselor2.id]]), USERS.admin));
    expect(rowsIn(puts, 'clients')[0]).toMatchObject({ ownerId: USERS.counselor2.id, updatedAt: NOW });
    expect(rowsIn(puts, 'history')[0]).toMatchObject({
      before: { assigneeId: USERS.counselor.id, ownerId: USERS.counselor.id },
      after: { assigneeId: USERS.counselor2.id, ownerId: USERS.counselor2.id },
    });
  });

  it('resolves the dispatch alert once a counselor has the lead', () => {
    const consulted = { ...leads[0]!, status: 'consultation_done' as const, assigneeId: USERS.secretary.id };
    const key = `dispatch:${consulted.id}`;
    const alerts = [USERS.secretary, USERS.admin].map((u) =>
      notification({ id: groupedNotificationId(key, u.id), userId: u.id, kind: 'dispatch_required', groupKey: key, leadId: consulted.id }),
    );
    const db = makeDb({ leads: [consulted], notifications: alerts });
    const puts = putsOf(perform(db, 'lead.assign', assign([[1, USERS.counselor.id]]), USERS.secretary));
    const read = rowsIn(puts, 'notifications').filter((n) => n.kind === 'dispatch_required');
    expect(read.map((n) => [n.userId, n.readAt]).sort()).toEqual([[USERS.secretary.id, NOW], [USERS.admin.id, NOW]].sort());
  });
});
