import { describe, expect, it } from 'vitest';
import { AWAITING_DISPATCH_STATUSES, awaitsDispatch } from './dispatch';
import { USERS, lead } from '../testing/builders';
import { LEAD_STATUSES } from './statuses';

// The secretary rule's one answer (domain.md; docs/decisions.md, "Dispatch").

describe('a lead awaits dispatch', () => {
  it('after the consultation and after its evaluation, either way, while a secretary holds it', () => {
    const sophie = USERS.secretary;
    const waiting = LEAD_STATUSES.filter((status) => awaitsDispatch(lead({ status, assigneeId: sophie.id }), sophie));
    expect(waiting).toEqual(['consultation_done', 'qualified', 'not_qualified']);
    expect([...AWAITING_DISPATCH_STATUSES]).toEqual(waiting);
  });

  it('not once a counselor or a manager has it, nor when archived, nor when unassigned', () => {
    for (const holder of [USERS.counselor, USERS.admin, USERS.director]) {
      expect(awaitsDispatch(lead({ status: 'consultation_done', assigneeId: holder.id }), holder)).toBe(false);
    }
    const sophie = USERS.secretary;
    expect(awaitsDispatch(lead({ status: 'qualified', assigneeId: sophie.id, deletedAt: '2026-03-10T15:00:00.000Z' }), sophie)).toBe(false);
    expect(awaitsDispatch(lead({ status: 'qualified', assigneeId: null }), undefined)).toBe(false);
    // The row given must be the assignee's own.
    expect(awaitsDispatch(lead({ status: 'qualified', assigneeId: USERS.counselor.id }), sophie)).toBe(false);
  });
});
