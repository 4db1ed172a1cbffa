import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type MutatorResult } from './types';
import { loadState, settingsOf, writeInto } from './memory-state';
import { mergeNeeds, perform, prepare, runInTurn, type PreparedMutation } from './pipeline';
import { NOW, USERS, actorOf, appointment, lead, task, testId } from '../../testing/builders';
import { makeDb, testCtx } from '../../testing/memory-office';

// The web form writes several mutations from one load (mergeNeeds, runInTurn): each must get the
// same answer, and write the same rows, as it would have run alone after the previous one's write.

const LEADS = [1, 2, 3].map((n) => testId('lead', `turn-${n}`));
const NEW_LEADS = [4, 5, 1].map((n) => testId('lead', `turn-${n}`));
const APPOINTMENTS = [1, 2].map((n) => testId('appointment', `turn-${n}`));
const TASKS = [1, 2].map((n) => testId('task', `turn-${n}`));
const PHONES = ['514 555-0101', '514 555-0102', null];
const EMAILS = ['a@exemple.ca', 'B@Exemple.ca', null];
const at = (hours: number) => new Date(Date.parse(NOW) + hours * 3_600_000).toISOString();

function office() {
  return makeDb({
    leads: [
      lead({ id: LEADS[0], phoneE164: '+15145550101', assigneeId: USERS.counselor.id, status: 'contacted' }),
      lead({ id: LEADS[1], email: 'b@exemple.ca', status: 'to_recontact', callbackAt: at(30) }),
      lead({ id: LEADS[2], phoneE164: '+15145550102', status: 'not_interested' }),
    ],
    appointments: [appointment({ id: APPOINTMENTS[0], leadId: LEADS[0], startsAt: at(20), endsAt: at(21) })],
    tasks: [task({ id: TASKS[0], leadId: LEADS[1], kind: 'callback', dueAt: at(30) })],
  });
}

type Call = { name: string; args: unknown };
const leadId = fc.constantFrom(...LEADS);
const call: fc.Arbitrary<Call> = fc.oneof(
  fc
    .record({ id: fc.constantFrom(...NEW_LEADS), phone: fc.constantFrom(...PHONES), email: fc.constantFrom(...EMAILS) })
    .map((a) => ({ name: 'lead.create', args: { ...a, lastName: 'Roy', source: 'manual' } })),
  fc.record({ id: leadId, city: fc.constantFrom('Laval', null) }).map((a) => ({ name: 'lead.update', args: { id: a.id, patch: { city: a.city } } })),
  fc.record({ leadId, assigneeId: fc.constantFrom(USERS.counselor.id, USERS.counselor2.id) }).map((a) => ({ name: 'lead.assign', args: { assignments: [a] } })),
  fc
    .record({ id: fc.constantFrom(...APPOINTMENTS), leadId, hours: fc.integer({ min: 20, max: 24 }) })
    .map(({ hours, ...a }) => ({ name: 'appointment.book', args: { ...a, hostId: USERS.counselor.id, startsAt: at(hours), endsAt: at(hours + 1), kind: 'phone' } })),
  fc.record({ id: fc.constantFrom(...APPOINTMENTS), outcome: fc.constantFrom('attended', 'missed') }).map((a) => ({ name: 'appointment.close', args: a })),
  fc
    .record({ id: fc.constantFrom(...TASKS), leadId: fc.constantFrom(null, ...LEADS) })
    .map((a) => ({ name: 'task.create', args: { ...a, ownerId: USERS.counselor.id, dueAt: at(40), title: 'Rappeler' } })),
  fc.record({ id: fc.constantFrom(...TASKS), hours: fc.integer({ min: 30, max: 50 }) }).map((a) => ({ name: 'task.reschedule', args: { id: a.id, dueAt: at(a.hours) } })),
  fc
    .record({ leadId, status: fc.constantFrom('contacted', 'to_recontact', 'not_interested') })
    .map((a) => ({ name: 'lead.setStatus', args: { ...a, callbackAt: at(26), reason: 'Au téléphone' } })),
);

const admin = actorOf(USERS.admin);
const ctxOf = (i: number) => ({ ...testCtx(admin, NOW, `turn-${i}`), timeZone: settingsOf(office()).timeZone });

describe('runInTurn', () => {
  it('gives each mutation of a batch what it would get run alone after the ones before it', () => {
    let applied = 0;
    let total = 0;
    fc.assert(
      fc.property(fc.array(call, { minLength: 1, maxLength: 6 }), (calls) => {
        const alone = office();
        const expected: MutatorResult[] = calls.map((c, i) => {
          const result = perform(c.name, c.args, admin, ctxOf(i), (needs) => loadState(alone, needs));
          if (result.ok) writeInto(alone, result.puts);
          return result;
        });

        const prepared = calls.map((c, i) => prepare(c.name, c.args, admin, ctxOf(i)) as PreparedMutation);
        const together = office();
        const results = runInTurn(prepared, loadState(together, mergeNeeds(prepared.map((p) => p.needs))));
        expect(results).toEqual(expected);
        applied += results.filter((r) => r.ok).length;
        total += results.length;
      }),
      { numRuns: 200 },
    );
    // Many calls apply: the comparison is about rows written, not only about refusals. About half
    // of the ~700 generated calls do; asking for half made the test fail at random (issue
    // 17). A quarter is more than ten standard deviations below what the generator gives.
    expect(applied).toBeGreaterThan(total / 4);
  });

  it('flags the second web lead with the same phone as the duplicate of the first', () => {
    const args = (n: number) => ({ id: testId('lead', `web-${n}`), lastName: 'Roy', phone: '514 555-0199', source: 'web_form' });
    const prepared = [1, 2].map((n) => prepare('lead.create', args(n), SYSTEM_ACTOR, { ...ctxOf(n), ...testCtx(SYSTEM_ACTOR, NOW, `web-${n}`) }) as PreparedMutation);
    const db = office();
    const [first, second] = runInTurn(prepared, loadState(db, mergeNeeds(prepared.map((p) => p.needs))));
    const leadOf = (r: MutatorResult | undefined) => (r?.ok ? r.puts.find((p) => p.table === 'leads')?.row : undefined);
    expect(leadOf(first)).toMatchObject({ id: testId('lead', 'web-1'), duplicateOfId: null });
    expect(leadOf(second)).toMatchObject({ id: testId('lead', 'web-2'), duplicateOfId: testId('lead', 'web-1') });
  });
});

describe('mergeNeeds', () => {
  it('refuses to merge the file numbers of two years: a State holds one', () => {
    expect(() => mergeNeeds([{ fileNumberYear: 2025 }, { fileNumberYear: 2026 }])).toThrow();
    expect(mergeNeeds([{ fileNumberYear: 2026 }, { leads: ['x'] }])).toMatchObject({ fileNumberYear: 2026, leads: ['x'] });
  });
});

describe('prepare', () => {
  it('refuses args that do not parse, in French, before anything is loaded', () => {
    const prepared = prepare('lead.create', { id: 'pas un id' }, admin, ctxOf(0));
    expect(prepared).toMatchObject({ ok: false, refusal: { code: 'invalid_args' } });
    expect(prepare('lead.delete', {}, admin, ctxOf(0))).toMatchObject({ ok: false, refusal: { code: 'unknown_mutation' } });
  });
});
