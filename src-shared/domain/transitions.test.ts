import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Actor } from './mutations/types';
import { SYSTEM_ACTOR } from './mutations/types';
import type { LeadStatus } from './statuses';
import { LEAD_STATUSES, STATUS_INFO } from './statuses';
import type { Role } from './roles';
import { ROLES } from './roles';
import { FORCE_ROLES, TRANSITIONS, checkTransition, isAllowedTransition, reachableWithoutForce } from './transitions';

// domain.md, "Allowed transitions", copied by hand as a matrix: rows are `from`, columns `to`,
// in the order of the column header. 1 = allowed without force.
const COLUMNS = ['new', 'contacted', 'to_recontact', 'appointment_booked', 'consultation_done', 'consultation_missed', 'qualified', 'not_qualified', 'not_interested', 'client'] as const;
// prettier-ignore
const EXPECTED: Record<LeadStatus, readonly (0 | 1)[]> = {
  //                   new con rec apt don mis qua nqu nin cli
  new:                 [0,  1,  1,  1,  0,  0,  0,  0,  1,  0],
  contacted:           [0,  0,  1,  1,  0,  0,  0,  0,  1,  0],
  to_recontact:        [0,  1,  1,  1,  0,  0,  0,  0,  1,  0],
  appointment_booked:  [0,  0,  1,  0,  1,  1,  0,  0,  0,  0],
  consultation_done:   [0,  0,  0,  0,  0,  0,  1,  1,  0,  0],
  consultation_missed: [0,  0,  1,  1,  0,  0,  0,  0,  1,  0],
  qualified:           [0,  0,  0,  0,  0,  0,  0,  0,  1,  1],
  not_qualified:       [0,  0,  0,  0,  0,  0,  0,  0,  0,  0],
  not_interested:      [0,  0,  0,  0,  0,  0,  0,  0,  0,  0],
  client:              [0,  0,  0,  0,  0,  0,  0,  0,  0,  0],
};
const FINALS: readonly LeadStatus[] = ['not_qualified', 'not_interested', 'client'];

const expectedAllowed = (from: LeadStatus, to: LeadStatus): boolean => EXPECTED[from][COLUMNS.indexOf(to)] === 1;
const label = (s: LeadStatus): string => STATUS_INFO[s].fr;
const actorOf = (role: Role): Actor => ({ id: `user-${role}`, role });
const ALL_ACTORS: readonly Actor[] = [...ROLES.map(actorOf), SYSTEM_ACTOR];

const PAIRS = LEAD_STATUSES.flatMap((from) => LEAD_STATUSES.map((to) => [from, to] as const));

describe('the graph of domain.md', () => {
  it('the expected table covers the ten statuses in order', () => {
    expect([...COLUMNS]).toEqual([...LEAD_STATUSES]);
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...LEAD_STATUSES].sort());
  });

  it.each(PAIRS)('%s -> %s, unforced, as domain.md says', (from, to) => {
    const allowed = expectedAllowed(from, to);
    expect(isAllowedTransition(from, to)).toBe(allowed);
    expect(TRANSITIONS[from].includes(to)).toBe(allowed);
    // Whoever asks: without force the graph alone decides.
    for (const actor of ALL_ACTORS) {
      const refusal = checkTransition({ from, to, actor });
      if (allowed) {
        expect(refusal).toBeNull();
      } else {
        expect(refusal?.code).toBe('invalid_transition');
        expect(refusal?.message).toContain(`« ${label(from)} »`);
        if (from !== to) expect(refusal?.message).toContain(`« ${label(to)} »`);
      }
    }
  });

  it('lists no target twice', () => {
    for (const from of LEAD_STATUSES) expect(new Set(TRANSITIONS[from]).size).toBe(TRANSITIONS[from].length);
  });

  it('says in French that a status cannot be skipped', () => {
    const refusal = checkTransition({ from: 'new', to: 'client', actor: actorOf('counselor') });
    expect(refusal).toEqual({
      code: 'invalid_transition',
      message: 'Un lead « Nouveau » ne peut pas passer directement à « Client ».',
    });
  });

  it.each(FINALS)('says that %s is final and who may reopen it', (from) => {
    const refusal = checkTransition({ from, to: 'contacted', actor: actorOf('admin') });
    expect(refusal?.code).toBe('invalid_transition');
    expect(refusal?.message).toContain(`« ${label(from)} »`);
    expect(refusal?.message).toContain('« Contacté »');
    expect(refusal?.message).toMatch(/statut final/);
    expect(refusal?.message).toMatch(/administrateur/);
    expect(refusal?.message).toMatch(/directeur/);
    expect(refusal?.message).toMatch(/motif/);
  });
});

describe('forced transitions', () => {
  const reason = 'Le client a annulé son mandat, à sa demande écrite.';

  it('only admin, director and the server itself may force', () => {
    expect([...FORCE_ROLES].sort()).toEqual(['admin', 'director', 'system']);
  });

  it.each(['counselor', 'secretary'] as const)('a %s may never force, even with a reason', (role) => {
    for (const [from, to] of PAIRS) {
      const refusal = checkTransition({ from, to, actor: actorOf(role), force: true, reason });
      expect(refusal?.code).toBe('forbidden');
      expect(refusal?.message).toMatch(/administrateur/);
      expect(refusal?.message).toMatch(/directeur/);
      expect(refusal?.message).toMatch(/forcer/);
    }
  });

  it.each([...(['admin', 'director'] as const).map(actorOf), SYSTEM_ACTOR])(
    '$role may force any change of status with a reason, finals included',
    (actor) => {
      for (const [from, to] of PAIRS) {
        const refusal = checkTransition({ from, to, actor, force: true, reason });
        if (from !== to || expectedAllowed(from, to)) expect(refusal).toBeNull();
      }
      expect(checkTransition({ from: 'client', to: 'qualified', actor, force: true, reason })).toBeNull();
      expect(checkTransition({ from: 'not_interested', to: 'new', actor, force: true, reason })).toBeNull();
    },
  );

  it.each([...(['admin', 'director'] as const).map(actorOf), SYSTEM_ACTOR])(
    '$role must give a reason that is not blank',
    (actor) => {
      for (const blank of [undefined, null, '', '   ', '\n\t ']) {
        const refusal = checkTransition({ from: 'client', to: 'qualified', actor, force: true, reason: blank });
        expect(refusal?.code).toBe('reason_required');
        expect(refusal?.message).toMatch(/motif/);
      }
      // Forcing a step that the graph allows anyway still asks for the reason that is recorded.
      expect(checkTransition({ from: 'new', to: 'contacted', actor, force: true })?.code).toBe('reason_required');
    },
  );

  it('refuses forcing a lead into the status it already has, as meaningless', () => {
    for (const status of LEAD_STATUSES) {
      const refusal = checkTransition({ from: status, to: status, actor: actorOf('admin'), force: true, reason });
      if (status === 'to_recontact') {
        expect(refusal).toBeNull();
      } else {
        expect(refusal?.code).toBe('invalid_transition');
        expect(refusal?.message).toContain(`« ${label(status)} »`);
      }
    }
  });

  it('force: false is no force', () => {
    const refusal = checkTransition({ from: 'client', to: 'new', actor: actorOf('admin'), force: false, reason });
    expect(refusal?.code).toBe('invalid_transition');
  });
});

describe('reachability', () => {
  const statusArb = fc.constantFrom(...LEAD_STATUSES);
  const actorArb = fc.constantFrom(...ALL_ACTORS);

  // Walks the graph through isAllowedTransition only, to check reachableWithoutForce by another road.
  function reachableByWalking(from: LeadStatus): Set<LeadStatus> {
    const seen = new Set<LeadStatus>([from]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const a of [...seen]) {
        for (const b of LEAD_STATUSES) {
          if (!seen.has(b) && isAllowedTransition(a, b)) {
            seen.add(b);
            grew = true;
          }
        }
      }
    }
    return seen;
  }

  it.each(LEAD_STATUSES)('reachableWithoutForce(%s) is what walking the graph reaches', (from) => {
    expect([...reachableWithoutForce(from)].sort()).toEqual([...reachableByWalking(from)].sort());
  });

  it('every status is reachable from new', () => {
    expect([...reachableWithoutForce('new')].sort()).toEqual([...LEAD_STATUSES].sort());
  });

  it.each(FINALS)('nothing but itself is reachable from %s', (from) => {
    expect([...reachableWithoutForce(from)]).toEqual([from]);
  });

  it('no sequence of unforced transitions leaves a final status', () => {
    fc.assert(
      fc.property(statusArb, fc.array(fc.tuple(statusArb, actorArb), { maxLength: 40 }), (start, steps) => {
        let current = start;
        let reachedFinal: LeadStatus | null = FINALS.includes(start) ? start : null;
        for (const [to, actor] of steps) {
          if (checkTransition({ from: current, to, actor }) !== null) continue;
          expect(expectedAllowed(current, to)).toBe(true);
          current = to;
          if (reachedFinal !== null) expect(current).toBe(reachedFinal);
          if (FINALS.includes(current)) reachedFinal = current;
        }
      }),
    );
  });

  it('every status that is not final can still end: as a client or in a final status', () => {
    fc.assert(
      fc.property(
        statusArb.filter((s) => !FINALS.includes(s)),
        (from) => {
          const reachable = reachableByWalking(from);
          // client is itself final: reaching any final status is how a lead's story ends.
          expect(FINALS.some((f) => reachable.has(f))).toBe(true);
        },
      ),
    );
    // A lead that is not qualified never becomes a client without force.
    expect(reachableWithoutForce('consultation_done').has('client')).toBe(true);
    expect(reachableWithoutForce('not_qualified').has('client')).toBe(false);
  });
});
