import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LEAD_STATUSES } from '../statuses';
import type { MutationInput, MutationName } from './args';
import { NOW, USERS, client, lead, procedure, testId } from '../../testing/builders';
import { applyPuts, makeDb, perform } from '../../testing/memory-office';
import type { TestDb } from '../../testing/memory-office';

// domain.md, "The secretary rule": whatever sequence of mutations the users send, no client is
// ever owned by a secretary, and no lead in status client is assigned to one.

const PEOPLE = [USERS.admin, USERS.director, USERS.counselor, USERS.counselor2, USERS.secretary, USERS.secretary2];
const LEADS = [0, 1, 2].map((n) => testId('prop-lead', n));
const PAST_START = '2026-03-10T13:00:00.000Z';
const PAST_END = '2026-03-10T14:00:00.000Z';

type Step = { [N in MutationName]: { name: N; input: (i: number) => MutationInput<N>; by: number } }[MutationName];

const leadIx = fc.integer({ min: 0, max: LEADS.length - 1 });
const personIx = fc.integer({ min: 0, max: PEOPLE.length - 1 });
// Assignments go mostly to counselors and secretaries, the people the rule is about.
const assigneeIx = fc.oneof({ arbitrary: fc.constantFrom(2, 3, 4, 5), weight: 3 }, { arbitrary: personIx, weight: 1 });
// Admins and directors act more often, so that conversions and reassignments of clients happen.
const actorIx = fc.oneof({ arbitrary: fc.constantFrom(0, 1), weight: 3 }, { arbitrary: personIx, weight: 2 });
const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ l: leadIx, to: assigneeIx, by: actorIx }).map(({ l, to, by }): Step => ({
    name: 'lead.assign',
    input: () => ({ assignments: [{ leadId: pick(LEADS, l), assigneeId: pick(PEOPLE, to).id }] }),
    by,
  })),
  fc.record({ l: leadIx, owner: personIx, by: actorIx }).map(({ l, owner, by }): Step => ({
    name: 'lead.convert',
    input: (i) => ({
      leadId: pick(LEADS, l),
      clientId: testId('prop-client', i),
      ownerId: pick(PEOPLE, owner).id,
      payment: { amountCents: 10_000, method: 'card', paidAt: NOW },
    }),
    by,
  })),
  fc.record({ l: leadIx, s: fc.constantFrom(...LEAD_STATUSES), by: actorIx }).map(({ l, s, by }): Step => ({
    name: 'lead.setStatus',
    input: () => ({ leadId: pick(LEADS, l), status: s, force: true, reason: 'Correction' }),
    by,
  })),
  fc.record({ l: leadIx, host: personIx, by: actorIx }).map(({ l, host, by }): Step => ({
    name: 'appointment.book',
    input: (i) => ({ id: testId('prop-appt', i), leadId: pick(LEADS, l), hostId: pick(PEOPLE, host).id, startsAt: PAST_START, endsAt: PAST_END, kind: 'in_person' }),
    by,
  })),
  fc.record({ a: fc.nat(40), by: actorIx }).map(({ a, by }): Step => ({
    name: 'appointment.close',
    input: () => ({ id: testId('prop-appt', a), outcome: 'attended' }),
    by,
  })),
  fc.record({ l: leadIx, by: actorIx }).map(({ l, by }): Step => ({
    name: 'lead.evaluate',
    input: () => ({ leadId: pick(LEADS, l), result: 'qualified', procedureIds: [procedure().id] }),
    by,
  })),
);

function violations(db: TestDb): string[] {
  const found: string[] = [];
  for (const client of db.clients.values()) {
    if (client.deletedAt === null && db.users.get(client.ownerId)?.role !== 'counselor') found.push(`client ${client.fileNumber}`);
  }
  for (const l of db.leads.values()) {
    if (l.status === 'client' && l.assigneeId !== null && db.users.get(l.assigneeId)?.role === 'secretary') found.push(`lead ${l.id}`);
  }
  return found;
}

describe('the secretary rule, as a property', () => {
  it('no sequence of mutations leaves a client with a secretary', () => {
    // One client already, one lead ready to convert, one secretary's lead just consulted.
    const start = makeDb({
      leads: [
        lead({ id: pick(LEADS, 0), status: 'client', assigneeId: USERS.counselor.id }),
        lead({ id: pick(LEADS, 1), status: 'qualified', assigneeId: USERS.counselor2.id }),
        lead({ id: pick(LEADS, 2), status: 'consultation_done', assigneeId: USERS.secretary.id }),
      ],
      clients: [client({ leadId: pick(LEADS, 0), ownerId: USERS.counselor.id, fileNumber: '2026-0001' })],
      procedures: [procedure()],
    });
    let converted = 0;
    let clientsAssigned = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: 3, maxLength: 20 }), (steps) => {
        let db = start;
        steps.forEach((s, i) => {
          const input = s.input(i);
          const result = perform(db, s.name, input as never, pick(PEOPLE, s.by), { seed: `step${i}` });
          if (s.name === 'lead.assign' && [...db.clients.values()].some((c) => c.leadId === (input as MutationInput<'lead.assign'>).assignments[0]?.leadId)) {
            clientsAssigned += 1;
          }
          if (!result.ok) return;
          if (s.name === 'lead.convert') converted += 1;
          db = applyPuts(db, result.puts);
          expect(violations(db)).toEqual([]);
        });
      }),
      { numRuns: 150 },
    );
    // The sequences did reach the cases the rule is about.
    expect(converted).toBeGreaterThan(0);
    expect(clientsAssigned).toBeGreaterThan(0);
  });
});
