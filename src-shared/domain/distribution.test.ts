import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { distribute, evenShares } from './distribution';

const leads = (n: number) => Array.from({ length: n }, (_, i) => `lead-${i + 1}`);

describe('distribute by counts', () => {
  it('gives Marie the first 10, Julie the next 5 and Sophie the last 5 of 20, in selection order', () => {
    const selection = leads(20);
    const result = distribute(selection, {
      mode: 'counts',
      shares: [
        { assigneeId: 'marie', count: 10 },
        { assigneeId: 'julie', count: 5 },
        { assigneeId: 'sophie', count: 5 },
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.assignments.filter((a) => a.assigneeId === 'marie').map((a) => a.leadId)).toEqual(selection.slice(0, 10));
    expect(result.assignments.filter((a) => a.assigneeId === 'julie').map((a) => a.leadId)).toEqual(selection.slice(10, 15));
    expect(result.assignments.filter((a) => a.assigneeId === 'sophie').map((a) => a.leadId)).toEqual(selection.slice(15, 20));
    expect(result.leftOver).toEqual([]);
  });

  it('leaves the rest of the selection untouched when the counts add up to less', () => {
    const result = distribute(leads(8), { mode: 'counts', shares: [{ assigneeId: 'marie', count: 3 }] });
    expect(result.ok && result.leftOver).toEqual(['lead-4', 'lead-5', 'lead-6', 'lead-7', 'lead-8']);
  });

  it('refuses counts that ask for more leads than were selected, saying both figures in French', () => {
    const result = distribute(leads(20), {
      mode: 'counts',
      shares: [
        { assigneeId: 'marie', count: 15 },
        { assigneeId: 'julie', count: 10 },
      ],
    });
    expect(result).toMatchObject({ ok: false, code: 'too_many', params: { requested: 25, selected: 20 } });
    expect(!result.ok && result.message).toContain('25');
    expect(!result.ok && result.message).toContain('20');
  });

  it('refuses negative or fractional counts, an empty plan, a person named twice and an empty selection', () => {
    expect(distribute(leads(5), { mode: 'counts', shares: [{ assigneeId: 'a', count: -1 }] })).toMatchObject({ code: 'invalid_count' });
    expect(distribute(leads(5), { mode: 'counts', shares: [{ assigneeId: 'a', count: 1.5 }] })).toMatchObject({ code: 'invalid_count' });
    expect(distribute(leads(5), { mode: 'counts', shares: [] })).toMatchObject({ code: 'no_assignee' });
    expect(distribute(leads(5), { mode: 'counts', shares: [{ assigneeId: 'a', count: 0 }] })).toMatchObject({ code: 'nothing_to_distribute' });
    expect(
      distribute(leads(5), {
        mode: 'counts',
        shares: [
          { assigneeId: 'a', count: 1 },
          { assigneeId: 'a', count: 2 },
        ],
      }),
    ).toMatchObject({ code: 'duplicate_assignee' });
    expect(distribute([], { mode: 'evenly', assigneeIds: ['a'] })).toMatchObject({ code: 'empty_selection' });
    expect(distribute(['x', 'x'], { mode: 'evenly', assigneeIds: ['a'] })).toMatchObject({ code: 'duplicate_lead' });
  });
});

describe('distribute evenly', () => {
  it('splits 20 among three as 7, 7, 6: the remainder goes to the first ones', () => {
    const result = distribute(leads(20), { mode: 'evenly', assigneeIds: ['marie', 'julie', 'sophie'] });
    expect(result.ok && result.shares.map((s) => s.count)).toEqual([7, 7, 6]);
    expect(result.ok && result.leftOver).toEqual([]);
  });

  it('gives nobody a lead twice and everyone within one of each other (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 12 }), (n, k) => {
        const people = Array.from({ length: k }, (_, i) => `p${i}`);
        const result = distribute(leads(n), { mode: 'evenly', assigneeIds: people });
        if (!result.ok) return false;
        const counts = result.shares.map((s) => s.count);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        expect(result.assignments).toHaveLength(n);
        expect(new Set(result.assignments.map((a) => a.leadId)).size).toBe(n);
        return true;
      }),
    );
  });

  it('evenShares sums to the total', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 50 }), (n, k) => {
        const shares = evenShares(n, Array.from({ length: k }, (_, i) => `p${i}`));
        return shares.reduce((a, s) => a + s.count, 0) === n;
      }),
    );
  });
});

describe('counts distribution (property)', () => {
  it('assigns exactly the counts asked, each lead at most once, in selection order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 30 }), (counts, extra) => {
        const sum = counts.reduce((a, b) => a + b, 0);
        const selection = leads(sum + extra);
        const shares = counts.map((count, i) => ({ assigneeId: `p${i}`, count }));
        const result = distribute(selection, { mode: 'counts', shares });
        if (selection.length === 0) return !result.ok;
        if (sum === 0) return !result.ok && result.code === 'nothing_to_distribute';
        if (!result.ok) return false;
        expect(result.assignments.map((a) => a.leadId)).toEqual(selection.slice(0, sum));
        expect(result.leftOver).toEqual(selection.slice(sum));
        counts.forEach((count, i) => expect(result.assignments.filter((a) => a.assigneeId === `p${i}`)).toHaveLength(count));
        return true;
      }),
    );
  });
});
