import { describe, expect, it } from 'vitest';
import type { MutationInput, MutationName } from './args';
import { MUTATION_NAMES } from './args';
import { MUTATORS, parseMutation } from './registry';
import { NOW, USERS, actorOf, appointment, importBatch, lead, notification, procedure, task, testId } from '../../testing/builders';
import { makeDb, perform } from '../../testing/memory-office';
import type { TestDb } from '../../testing/memory-office';
import type { Actor } from './types';

describe('parseMutation', () => {
  it('refuses a name outside the catalogue', () => {
    const parsed = parseMutation('lead.delete', {});
    expect(parsed).toEqual({ ok: false, refusal: expect.objectContaining({ code: 'unknown_mutation' }) });
  });

  it('explains invalid arguments in French, naming the fields in French', () => {
    const parsed = parseMutation('lead.create', { id: testId('lead', 1), source: 'fax' });
    if (parsed.ok) throw new Error('attendu : refus');
    expect(parsed.refusal.code).toBe('invalid_args');
    expect(parsed.refusal.message).toContain('Nom\u00a0: ');
    expect(parsed.refusal.message).toContain('Source\u00a0: ');
    expect(parsed.refusal.message).not.toMatch(/expected|received/i);
    // Each field's own message, for the input it belongs to.
    expect(parsed.refusal.fields).toEqual({ lastName: 'Obligatoire.', source: expect.stringMatching(/^Option invalide\u00a0: une valeur parmi "manual"/) });

    const chunk = parseMutation('lead.createMany', {
      importBatchId: testId('batch', 1),
      fileName: 'f.xlsx',
      leads: [{ id: testId('lead', 1), lastName: 'A', source: 'import' }, { id: testId('lead', 2), lastName: 'B', source: 'import', email: `${'x'.repeat(260)}@a.ca` }],
    });
    if (chunk.ok) throw new Error('attendu : refus');
    expect(chunk.refusal.message).toBe('Ligne 2, Courriel : 254 caractères au plus.');
  });

  it('gives the parsed args, with defaults and normalised instants', () => {
    const parsed = parseMutation('task.create', { id: testId('task', 1), ownerId: USERS.admin.id, dueAt: '2026-03-11T10:00:00-04:00', title: ' Appeler ' });
    expect(parsed).toEqual({
      ok: true,
      name: 'task.create',
      args: { id: testId('task', 1), leadId: null, ownerId: USERS.admin.id, dueAt: '2026-03-11T14:00:00.000Z', title: 'Appeler' },
    });
  });
});

describe('MUTATORS', () => {
  it('has one mutator per mutation of the catalogue, under its own name', () => {
    expect(Object.keys(MUTATORS).sort()).toEqual([...MUTATION_NAMES].sort());
    for (const name of MUTATION_NAMES) expect(MUTATORS[name].name).toBe(name);
  });
});

// One applicable case of every mutation, for the determinism check.
type Case = { [N in MutationName]: { name: N; input: MutationInput<N>; actor: Actor } }[MutationName];
const L1 = testId('lead', 1);
const A1 = testId('appointment', 1);
const office: TestDb = makeDb({
  leads: [
    lead({ id: L1, assigneeId: USERS.counselor.id, status: 'contacted', phoneE164: '+15145551234' }),
    lead({ id: testId('lead', 2), assigneeId: USERS.counselor.id, status: 'appointment_booked' }),
    lead({ id: testId('lead', 3), assigneeId: USERS.secretary.id, status: 'consultation_done' }),
    lead({ id: testId('lead', 4), assigneeId: USERS.counselor.id, status: 'qualified' }),
    lead({ id: testId('lead', 5), assigneeId: USERS.counselor.id, source: 'import', importBatchId: testId('batch', 'r') }),
    lead({ id: testId('lead', 6), source: 'import', importBatchId: testId('batch', 'r') }),
  ],
  import_batches: [importBatch({ id: testId('batch', 'r') })],
  appointments: [appointment({ id: A1, leadId: testId('lead', 2), startsAt: '2026-03-10T13:00:00.000Z', endsAt: '2026-03-10T14:00:00.000Z' })],
  procedures: [procedure()],
  tasks: [task()],
  notifications: [notification({ userId: USERS.admin.id })],
});
const admin = actorOf(USERS.admin);
const counselor = actorOf(USERS.counselor);
const CASES: Case[] = [
  { name: 'lead.create', input: { id: testId('lead', 'n'), lastName: 'Nouveau', phone: '514-555-1234', source: 'manual' }, actor: counselor },
  { name: 'lead.createMany', input: { importBatchId: testId('batch', 1), fileName: 'f.xlsx', leads: [{ id: testId('lead', 'i'), lastName: 'I', source: 'import' }] }, actor: admin },
  { name: 'importBatch.revert', input: { importBatchId: testId('batch', 'r'), reason: 'Doublon' }, actor: admin },
  { name: 'lead.update', input: { id: L1, patch: { city: 'Laval' } }, actor: counselor },
  { name: 'lead.assign', input: { assignments: [{ leadId: L1, assigneeId: USERS.counselor2.id }, { leadId: testId('lead', 3), assigneeId: USERS.counselor2.id }] }, actor: admin },
  { name: 'lead.logContact', input: { id: testId('attempt', 1), leadId: L1, channel: 'phone', outcome: 'no_answer', callbackAt: '2026-03-11T14:00:00Z' }, actor: counselor },
  { name: 'lead.setStatus', input: { leadId: L1, status: 'not_interested' }, actor: counselor },
  { name: 'appointment.book', input: { id: testId('appointment', 'n'), leadId: L1, hostId: USERS.counselor.id, startsAt: '2026-03-12T14:00:00Z', endsAt: '2026-03-12T15:00:00Z', kind: 'phone' }, actor: counselor },
  { name: 'appointment.reschedule', input: { id: A1, startsAt: '2026-03-12T14:00:00Z', endsAt: '2026-03-12T15:00:00Z' }, actor: counselor },
  { name: 'appointment.cancel', input: { id: A1 }, actor: counselor },
  { name: 'appointment.close', input: { id: A1, outcome: 'missed' }, actor: counselor },
  { name: 'lead.evaluate', input: { leadId: testId('lead', 3), result: 'qualified', procedureIds: [procedure().id] }, actor: admin },
  { name: 'lead.convert', input: { leadId: testId('lead', 4), clientId: testId('client', 'n'), ownerId: USERS.counselor.id, payment: { amountCents: 1000, method: 'card', paidAt: NOW } }, actor: counselor },
  { name: 'task.create', input: { id: testId('task', 'n'), leadId: L1, ownerId: USERS.counselor.id, dueAt: NOW, title: 'T' }, actor: counselor },
  { name: 'task.complete', input: { id: testId('task', 1) }, actor: counselor },
  { name: 'task.reschedule', input: { id: testId('task', 1), dueAt: '2026-03-12T14:00:00Z' }, actor: counselor },
  { name: 'sms.send', input: { id: testId('sms', 1), leadId: L1, to: '514 555 1234', body: 'Bonjour' }, actor: counselor },
  { name: 'notification.markRead', input: { ids: [testId('notification', 1)] }, actor: admin },
  { name: 'procedure.upsert', input: { id: testId('procedure', 'n'), code: 'N', nameFr: 'N', nameEn: 'N' }, actor: admin },
  { name: 'smsTemplate.upsert', input: { id: testId('template', 'n'), key: 'k', name: 'K', bodyFr: '{prenom}', bodyEn: '{prenom}' }, actor: admin },
  { name: 'settings.update', input: { reminderMinuteOfDay: 480 }, actor: admin },
];

function run(c: Case) {
  return perform(office, c.name, c.input as never, c.actor);
}

describe('determinism', () => {
  it('covers every mutation of the catalogue', () => {
    expect(new Set(CASES.map((c) => c.name))).toEqual(new Set(MUTATION_NAMES));
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s gives the same writes from the same state and context', (_name, c) => {
    const first = run(c);
    expect(first.ok).toBe(true);
    if (first.ok) expect(first.puts.length).toBeGreaterThan(0);
    expect(run(c)).toEqual(first);
  });
});
