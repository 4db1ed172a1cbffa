import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SYNCED_TABLE_NAMES } from '~shared/domain/entities';
import { USERS, actorOf, testId } from '~shared/testing/builders';
import type { Actor } from '~shared/domain/mutations/types';
import { Replica } from './replica';
import { dumpSynced } from '../testing/dump';
import type { ReferenceOffice } from '../testing/reference-office';
import { newOffice, pullAll, pushAll, rebuiltLike } from '../testing/sync-harness';

// The rebase invariant (sync-protocol.md, "Applying a pull on the client") under random work: the
// replica's user and other people change the same few leads, pushes happen or not, some answers
// are lost, pulls come in pages of random sizes. After every complete pull, the replica must equal
// a replica rebuilt from the office's rows plus the same pending mutations replayed; at the end,
// with everything pushed and pulled, it must equal the office, and every mutation it queued is
// either applied or listed as refused. (The sync engine's suite runs the same idea end to end
// against the real server, with several clients.) REBASE_RUNS=500 for a longer run.

/** Leads that exist from the start: Marie's, the secretary's, nobody's. */
const LEADS = [1, 2, 3].map((n) => testId('lead', `prop-${n}`));
/** Ids for leads created during a run (and one that exists, which a creation cannot take). */
const NEW_LEADS = [4, 5, 1].map((n) => testId('lead', `prop-${n}`));
const APPOINTMENTS = [1, 2].map((n) => testId('appointment', `prop-${n}`));
const PEOPLE = [USERS.counselor, USERS.counselor2, USERS.secretary].map((u) => u.id);
const at = (step: number, hours = 0) => new Date(Date.UTC(2026, 2, 10, 14, 0) + step * 60_000 + hours * 3_600_000).toISOString();

type Mutation = { name: string; args: (step: number) => unknown };

const leadId = fc.constantFrom(...LEADS);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ id: fc.constantFrom(...NEW_LEADS), lastName: fc.constantFrom('Tremblay', 'Côté'), phone: fc.constantFrom(null, '514 555-0199') }).map((a) => ({
    name: 'lead.create',
    args: () => ({ ...a, firstName: 'Hélène', source: 'manual' }),
  })),
  fc.record({ id: leadId, city: fc.constantFrom('Laval', 'Québec', null) }).map((a) => ({
    name: 'lead.update',
    args: () => ({ id: a.id, patch: { city: a.city } }),
  })),
  fc.record({ leadId, assigneeId: fc.constantFrom(...PEOPLE) }).map((a) => ({
    name: 'lead.assign',
    args: () => ({ assignments: [a] }),
  })),
  fc.record({ leadId, outcome: fc.constantFrom('reached', 'no_answer', 'not_interested' as const) }).map((a) => ({
    name: 'lead.logContact',
    args: (step: number) => ({ ...a, id: testId('contact', `prop-${step}`), channel: 'phone', callbackAt: at(step, 48) }),
  })),
  fc.record({ leadId, status: fc.constantFrom('contacted', 'to_recontact', 'consultation_done', 'qualified' as const) }).map((a) => ({
    name: 'lead.setStatus',
    args: (step: number) => ({ ...a, callbackAt: at(step, 24) }),
  })),
  fc.record({ id: fc.constantFrom(...APPOINTMENTS), leadId, hostId: fc.constantFrom(...PEOPLE.slice(0, 2)) }).map((a) => ({
    name: 'appointment.book',
    args: (step: number) => ({ ...a, startsAt: at(step, 72), endsAt: at(step, 73), kind: 'phone' }),
  })),
  fc.record({ id: fc.constantFrom(...APPOINTMENTS), outcome: fc.constantFrom('attended', 'missed' as const) }).map((a) => ({
    name: 'appointment.close',
    args: () => a,
  })),
  leadId.map((id) => ({
    name: 'task.create',
    args: (step: number) => ({ id: testId('task', `prop-${step}`), leadId: id, ownerId: USERS.counselor.id, dueAt: at(step, 5), title: 'Rappeler' }),
  })),
);

type Step =
  | { kind: 'local'; mutation: Mutation }
  | { kind: 'remote'; who: 'admin' | 'director' | 'counselor2'; mutation: Mutation }
  | { kind: 'push'; lose: boolean }
  | { kind: 'pull'; limit: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: mutation.map((m): Step => ({ kind: 'local', mutation: m })) },
  { weight: 3, arbitrary: fc.record({ who: fc.constantFrom('admin', 'director', 'counselor2' as const), mutation }).map((r): Step => ({ kind: 'remote', ...r })) },
  { weight: 2, arbitrary: fc.boolean().map((lose): Step => ({ kind: 'push', lose })) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 6 }).map((limit): Step => ({ kind: 'pull', limit })) },
);

function serverView(office: ReferenceOffice, userId: string): Record<string, unknown[]> {
  const dump = dumpSynced(office.sqlite);
  return { ...dump, notifications: (dump.notifications ?? []).filter((n) => (n as { user_id: string }).user_id === userId) };
}

describe('the rebase invariant', () => {
  it('holds after every pull, and the replica converges to the office with nothing lost', () => {
    fc.assert(
      fc.property(fc.constantFrom('admin', 'counselor', 'secretary' as const), fc.array(step, { minLength: 1, maxLength: 30 }), (who, steps) => {
        // Each run starts from an empty office and replica of its own.
        const office = newOffice();
        const replica = Replica.open(':memory:');
        const fresh = Replica.open(':memory:', { clientId: replica.clientId });
        try {
          const me: Actor = actorOf(USERS[who]);
          const boss = actorOf(USERS.admin);
          LEADS.forEach((id, n) => office.perform(boss, 'lead.create', { id, lastName: `Lead ${n}`, source: 'manual' }, at(-1)));
          office.perform(
            boss,
            'lead.assign',
            { assignments: [{ leadId: LEADS[0], assigneeId: USERS.counselor.id }, { leadId: LEADS[1], assigneeId: USERS.secretary.id }] },
            at(-1),
          );
          pullAll(replica, office, me.id);
          const queued: number[] = [];
          steps.forEach((s, i) => {
            if (s.kind === 'local') {
              const result = replica.runMutation(me, s.mutation.name, s.mutation.args(i), at(i));
              if (result.ok) queued.push(result.mutationId);
            } else if (s.kind === 'remote') {
              office.perform(actorOf(USERS[s.who]), s.mutation.name, s.mutation.args(i), at(i));
            } else if (s.kind === 'push') {
              pushAll(replica, office, me, at(i), s.lose);
            } else {
              pullAll(replica, office, me.id, s.limit);
              const { expected, actual } = rebuiltLike(replica, fresh, me.id, office);
              expect(actual).toEqual(expected);
            }
          });

          // Online at last: everything goes up and comes back.
          pullAll(replica, office, me.id);
          for (let round = 0; round < 3 && replica.pendingCount() > 0; round += 1) {
            pushAll(replica, office, me, at(steps.length + round));
            pullAll(replica, office, me.id);
          }
          expect(replica.pendingCount()).toBe(0);
          const mine = dumpSynced(replica.sqlite);
          const theirs = serverView(office, me.id);
          for (const table of SYNCED_TABLE_NAMES) expect({ table, rows: mine[table] }).toEqual({ table, rows: theirs[table] });
          // Nothing lost: each queued mutation was applied by the office, or is a refusal kept for its author.
          const refused = new Set(replica.refusals().map((r) => r.mutationId));
          const results = office.pull(replica.clientId, me.id, office.head(), 0).results;
          for (const id of queued) {
            const result = results.find((r) => r.id === id);
            expect(result, `mutation ${id}`).toBeDefined();
            expect(result?.status === 'applied' || refused.has(id), `mutation ${id}`).toBe(true);
            if (result?.status === 'refused') expect(refused.has(id)).toBe(true);
          }
        } finally {
          fresh.close();
          replica.close();
          office.close();
        }
      }),
      { numRuns: Number(process.env.REBASE_RUNS ?? 40) },
    );
  });
});
