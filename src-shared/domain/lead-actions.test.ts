import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Appointment, Lead, User } from './entities';
import { CONTACT_OUTCOMES, EVALUATION_RESULTS } from './entities';
import type { LeadActionPlan, Step } from './lead-actions';
import { leadActions } from './lead-actions';
import type { MutationInput, MutationName } from './mutations/args';
import type { MutatorResult } from './mutations/types';
import { NOW, USERS, actorOf, appointment, client, lead, procedure, testId } from '../testing/builders';
import { makeDb, perform, rowsIn } from '../testing/memory-office';
import type { TestDb } from '../testing/memory-office';
import { ROLES, type Role } from './roles';
import { LEAD_STATUSES, type LeadStatus } from './statuses';

// What the lead sheet offers (leadActions) against what the mutators accept, run for real on an
// in-memory office: every status × role × outcome or target, on the actor's own lead, a
// colleague's or nobody's, with no appointment, one the actor hosts (begun or not) or one a
// colleague hosts, with or without a client record, archived or not. Every action offered must be
// accepted, with the status and callback it announced; every action accepted must be offered.
// Only what the user types is chosen valid here (dates ahead, an amount, a procedure, a reason).

type Ownership = 'own' | 'colleague' | 'nobody';
type Planned = 'none' | 'hosted-begun' | 'hosted-later' | 'colleague-begun';

interface Situation {
  status: LeadStatus;
  role: Role;
  ownership: Ownership;
  planned: Planned;
  client: boolean;
  archived: boolean;
}

const ACTORS: Record<Role, User> = {
  admin: USERS.admin,
  director: USERS.director,
  counselor: USERS.counselor,
  secretary: USERS.secretary,
};
const COLLEAGUE = USERS.counselor2;
const LEAD_ID = testId('lead', 1);
const PLANNED_ID = testId('appointment', 1);
const PROCEDURE = procedure();
/** A callback date and a consultation ahead of NOW (2026-03-10T15:00Z). */
const LATER = '2026-03-12T14:00:00.000Z';
const LATER_END = '2026-03-12T15:00:00.000Z';
const BEGUN = '2026-03-10T14:30:00.000Z';

function office(s: Situation): { db: TestDb; sheetLead: Lead; planned: Appointment | null } {
  const actor = ACTORS[s.role];
  const assigneeId = s.ownership === 'own' ? actor.id : s.ownership === 'colleague' ? COLLEAGUE.id : null;
  const row = lead({ id: LEAD_ID, status: s.status, assigneeId, deletedAt: s.archived ? NOW : null });
  const host = s.planned === 'colleague-begun' ? COLLEAGUE : actor;
  const startsAt = s.planned === 'hosted-later' ? LATER : BEGUN;
  const planned =
    s.planned === 'none'
      ? null
      : appointment({ id: PLANNED_ID, leadId: LEAD_ID, hostId: host.id, bookedById: host.id, startsAt, endsAt: new Date(Date.parse(startsAt) + 3_600_000).toISOString() });
  const db = makeDb({
    leads: [row],
    appointments: planned ? [planned] : [],
    clients: s.client ? [client({ leadId: LEAD_ID, ownerId: USERS.counselor.id })] : [],
    procedures: [PROCEDURE],
  });
  return { db, sheetLead: row, planned };
}

interface Attempt {
  what: string;
  offered: boolean;
  run: () => MutatorResult;
  /** What the offer announced: the status after, and whether a callback date is needed. */
  step?: Step | undefined;
  /** The same mutation without the callback date, which an announced callback makes necessary. */
  withoutCallback?: () => MutatorResult;
}

function statusAfter(result: MutatorResult, before: LeadStatus): LeadStatus {
  if (!result.ok) return before;
  return rowsIn(result.puts, 'leads').find((l) => l.id === LEAD_ID)?.status ?? before;
}

function attempts(s: Situation, db: TestDb, plan: LeadActionPlan): Attempt[] {
  const actor = ACTORS[s.role];
  const run = <N extends MutationName>(name: N, input: MutationInput<N>) => () => perform(db, name, input, actor);
  const list: Attempt[] = [];

  for (const outcome of CONTACT_OUTCOMES) {
    const offer = plan.contact.find((c) => c.outcome === outcome);
    const input = { id: testId('contact', 1), leadId: LEAD_ID, channel: 'phone' as const, outcome, note: null };
    list.push({
      what: `lead.logContact ${outcome}`,
      offered: offer !== undefined,
      step: offer,
      run: run('lead.logContact', { ...input, callbackAt: offer?.callback === false ? null : LATER }),
      withoutCallback: run('lead.logContact', { ...input, callbackAt: null }),
    });
  }
  for (const force of [false, true]) {
    for (const status of LEAD_STATUSES) {
      const offer = (force ? plan.force : plan.statusChanges).find((c) => c.status === status);
      const input = { leadId: LEAD_ID, status, reason: force ? 'Erreur de saisie' : null, force };
      list.push({
        what: `lead.setStatus ${force ? 'forced ' : ''}${status}`,
        offered: offer !== undefined,
        step: offer,
        run: run('lead.setStatus', { ...input, callbackAt: offer?.callback === false ? null : LATER }),
        withoutCallback: run('lead.setStatus', { ...input, callbackAt: null }),
      });
    }
  }
  list.push({
    what: 'appointment.book',
    offered: plan.book !== null,
    step: plan.book ?? undefined,
    run: run('appointment.book', { id: testId('appointment', 'new'), leadId: LEAD_ID, hostId: USERS.counselor.id, startsAt: LATER, endsAt: LATER_END, kind: 'in_person' }),
  });
  if (s.planned !== 'none') {
    list.push(
      {
        what: 'appointment.reschedule',
        offered: plan.reschedule,
        run: run('appointment.reschedule', { id: PLANNED_ID, startsAt: '2026-03-13T14:00:00.000Z', endsAt: '2026-03-13T15:00:00.000Z' }),
      },
      { what: 'appointment.cancel', offered: plan.cancel !== null, step: plan.cancel ?? undefined, run: run('appointment.cancel', { id: PLANNED_ID, reason: null }) },
    );
    for (const outcome of ['attended', 'missed'] as const) {
      list.push({
        what: `appointment.close ${outcome}`,
        offered: plan.close !== null,
        step: plan.close ? { status: plan.close[outcome], callback: false } : undefined,
        run: run('appointment.close', { id: PLANNED_ID, outcome }),
      });
    }
  } else {
    // Nothing planned: there is nothing to move, cancel or close, and nothing must say otherwise.
    list.push({ what: 'no appointment to act on', offered: plan.reschedule || plan.cancel !== null || plan.close !== null, run: () => ({ ok: false, refusal: { code: 'not_found', message: '' } }) });
  }
  for (const result of EVALUATION_RESULTS) {
    const offered = plan.evaluate.includes(result);
    list.push({
      what: `lead.evaluate ${result}`,
      offered,
      step: offered ? { status: result, callback: false } : undefined,
      run: run('lead.evaluate', { leadId: LEAD_ID, result, procedureIds: [PROCEDURE.id], notes: '' }),
    });
  }
  list.push({
    what: 'lead.convert',
    offered: plan.convert,
    step: plan.convert ? { status: 'client', callback: false } : undefined,
    run: run('lead.convert', {
      leadId: LEAD_ID,
      clientId: testId('client', 'new'),
      ownerId: USERS.counselor.id,
      payment: { amountCents: 50_000, method: 'card', paidAt: NOW },
    }),
  });
  list.push({ what: 'lead.update', offered: plan.edit, run: run('lead.update', { id: LEAD_ID, patch: { city: 'Laval' } }) });
  const assignees: Record<Role, User> = { admin: USERS.admin, director: USERS.director, counselor: COLLEAGUE, secretary: USERS.secretary2 };
  for (const role of ROLES) {
    list.push({
      what: `lead.assign to a ${role}`,
      offered: plan.assign?.roles.includes(role) ?? false,
      run: run('lead.assign', { assignments: [{ leadId: LEAD_ID, assigneeId: assignees[role].id }] }),
    });
  }
  return list;
}

/** Every disagreement between the plan and the mutators in this situation, in words. */
function disagreements(s: Situation): string[] {
  const { db, sheetLead, planned } = office(s);
  const plan = leadActions({
    actor: actorOf(ACTORS[s.role]),
    lead: sheetLead,
    appointment: planned,
    hasClient: s.client,
    now: NOW,
  });
  const found: string[] = [];
  for (const a of attempts(s, db, plan)) {
    const result = a.run();
    if (a.offered && !result.ok) found.push(`${a.what}: offered, refused (${result.refusal.message})`);
    if (!a.offered && result.ok) found.push(`${a.what}: accepted, not offered`);
    if (!a.offered || !result.ok || !a.step) continue;
    const after = statusAfter(result, s.status);
    if (after !== a.step.status) found.push(`${a.what}: announced « ${a.step.status} », became « ${after} »`);
    if (a.step.callback && a.withoutCallback?.().ok) found.push(`${a.what}: announced a callback date, accepted without one`);
  }
  return found.map((d) => `${JSON.stringify(s)} ${d}`);
}

const PLANS: readonly Planned[] = ['none', 'hosted-begun', 'hosted-later', 'colleague-begun'];
const OWNERSHIPS: readonly Ownership[] = ['own', 'colleague', 'nobody'];

const situation: fc.Arbitrary<Situation> = fc.record({
  status: fc.constantFrom(...LEAD_STATUSES),
  role: fc.constantFrom(...ROLES),
  ownership: fc.constantFrom(...OWNERSHIPS),
  planned: fc.constantFrom(...PLANS),
  client: fc.boolean(),
  archived: fc.boolean(),
});

/** Every situation once: the space is small enough to be walked whole. */
function everySituation(): Situation[] {
  const all: Situation[] = [];
  for (const status of LEAD_STATUSES)
    for (const role of ROLES)
      for (const ownership of OWNERSHIPS)
        for (const planned of PLANS)
          for (const hasClient of [false, true])
            for (const archived of [false, true]) all.push({ status, role, ownership, planned, client: hasClient, archived });
  return all;
}

describe('the actions offered on a lead are exactly those its mutators accept', () => {
  it('in every status, for every role, ownership, appointment and client record', () => {
    const all = everySituation();
    expect(all).toHaveLength(LEAD_STATUSES.length * ROLES.length * 3 * 4 * 2 * 2);
    // Every situation as an example (examples count among the runs), so that none is left to
    // chance; the failing one is reported with its disagreements.
    let runs = 0;
    fc.assert(
      fc.property(situation, (s) => {
        runs += 1;
        expect(disagreements(s)).toEqual([]);
      }),
      { examples: all.map((s) => [s] as [Situation]), numRuns: all.length },
    );
    expect(runs).toBe(all.length);
  });

  it('offers a confirmation call on a booked lead, which leaves it booked (issue 8)', () => {
    const plan = leadActions({ actor: actorOf(USERS.counselor), lead: lead({ status: 'appointment_booked', assigneeId: USERS.counselor.id }), appointment: null, hasClient: false, now: NOW });
    expect(plan.contact).toEqual([
      { outcome: 'reached', status: 'appointment_booked', callback: false },
      { outcome: 'no_answer', status: 'appointment_booked', callback: true },
      { outcome: 'callback_requested', status: 'appointment_booked', callback: true },
    ]);
  });

  it('keeps "mark held" for after the consultation has begun', () => {
    const planned = appointment({ hostId: USERS.counselor.id, startsAt: LATER });
    const booked = lead({ status: 'appointment_booked', assigneeId: USERS.counselor.id });
    const at = (now: string) => leadActions({ actor: actorOf(USERS.counselor), lead: booked, appointment: planned, hasClient: false, now }).close;
    expect(at(NOW)).toBeNull();
    expect(at(LATER)).toEqual({ attended: 'consultation_done', missed: 'consultation_missed' });
  });

  it('says when closing opens, to whoever may close it, until the consultation begins (issue 15, point 9)', () => {
    const planned = appointment({ hostId: USERS.counselor.id, bookedById: USERS.secretary.id, startsAt: LATER });
    const booked = lead({ status: 'appointment_booked', assigneeId: USERS.counselor.id });
    const plan = (who: keyof typeof USERS, now: string) => leadActions({ actor: actorOf(USERS[who]), lead: booked, appointment: planned, hasClient: false, now });
    expect(plan('counselor', NOW).closesAt).toBe(LATER);
    expect(plan('admin', NOW).closesAt).toBe(LATER);
    expect(plan('counselor', LATER).closesAt).toBeNull();
    // The secretary booked it but does not host it: she may not close it, now or later.
    expect(plan('secretary', NOW).closesAt).toBeNull();
    expect(plan('secretary', LATER).close).toBeNull();
  });
});
