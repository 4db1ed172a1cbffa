import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Put } from '~shared/domain/entities';
import { USERS, actorOf, procedure, smsTemplate, testId } from '~shared/testing/builders';
import { Replica } from '../replica';
import type { ReferenceOffice } from '../../testing/reference-office';
import { newOffice, pullAll } from '../../testing/sync-harness';
import { calendarRange } from './calendar';
import { getClient, listClients } from './clients';
import { leadSheet } from './lead-sheet';
import { listNotifications } from './notifications';
import { getSettings, listProcedures, listSmsTemplates, listUsers } from './office';

// The records the screens read, built by the real mutators through the whole journey of
// processus-leads.fr.md (on the reference office), then pulled into a replica.

const admin = actorOf(USERS.admin);
const marie = actorOf(USERS.counselor);
const LEAD = testId('lead', 'journey');
const OTHER = testId('lead', 'journey-other');
const APPOINTMENT = testId('appointment', 'journey');
const CLIENT = testId('client', 'journey');
const EE = procedure({ id: testId('procedure', 'ee'), code: 'EE', sortOrder: 2 });
const PEQ = procedure({ id: testId('procedure', 'peq'), code: 'PEQ', nameFr: 'PEQ', sortOrder: 1 });
const OLD = procedure({ id: testId('procedure', 'old'), code: 'OLD', nameFr: 'Ancien', active: false, sortOrder: 0 });
const at = (day: number, hour: number) => new Date(Date.UTC(2026, 2, day, hour)).toISOString();

let office: ReferenceOffice;
let replica: Replica;

function perform(actor: typeof admin, name: string, args: unknown, now: string): void {
  const result = office.perform(actor, name, args, now);
  if (!result.ok) throw new Error(`${name} refusée : ${result.refusal.message}`);
}

beforeAll(() => {
  office = newOffice();
  office.write([
    { table: 'procedures', row: EE },
    { table: 'procedures', row: PEQ },
    { table: 'procedures', row: OLD },
    { table: 'sms_templates', row: smsTemplate({ id: testId('template', 'b'), name: 'Rappel' }) },
    { table: 'sms_templates', row: smsTemplate({ id: testId('template', 'a'), name: 'Confirmation', key: 'c' }) },
  ] satisfies Put[]);
  perform(admin, 'lead.create', { id: LEAD, firstName: 'Hélène', lastName: 'Tremblay', phone: '514 555-0199', source: 'manual' }, at(2, 14));
  perform(admin, 'lead.create', { id: OTHER, firstName: 'Éric', lastName: 'Côté', phone: '5145550199', source: 'manual' }, at(2, 15));
  perform(admin, 'lead.assign', { assignments: [{ leadId: LEAD, assigneeId: marie.id }] }, at(2, 16));
  perform(marie, 'lead.logContact', { id: testId('contact', 'j1'), leadId: LEAD, channel: 'phone', outcome: 'no_answer', callbackAt: at(4, 14) }, at(3, 14));
  perform(marie, 'lead.logContact', { id: testId('contact', 'j2'), leadId: LEAD, channel: 'phone', outcome: 'reached' }, at(4, 14));
  perform(marie, 'appointment.book', { id: APPOINTMENT, leadId: LEAD, hostId: marie.id, startsAt: at(6, 15), endsAt: at(6, 16), kind: 'in_person' }, at(4, 15));
  perform(marie, 'appointment.close', { id: APPOINTMENT, outcome: 'attended' }, at(6, 16));
  perform(marie, 'lead.evaluate', { leadId: LEAD, result: 'qualified', procedureIds: [EE.id, PEQ.id], notes: 'Bon profil' }, at(6, 17));
  perform(
    marie,
    'lead.convert',
    { leadId: LEAD, clientId: CLIENT, ownerId: marie.id, payment: { amountCents: 50_000, currency: 'CAD', method: 'interac', paidAt: at(7, 15) } },
    at(7, 15),
  );
  replica = Replica.open(':memory:');
  pullAll(replica, office, marie.id);
});

afterAll(() => {
  replica?.close();
  office?.close();
});

describe('leadSheet', () => {
  it('holds the lead with its whole history newest first and every record of the journey', () => {
    const sheet = leadSheet(replica.sqlite, LEAD);
    expect(sheet?.lead).toMatchObject({ id: LEAD, status: 'client', assigneeId: marie.id });
    const history = sheet?.history ?? [];
    expect(history.map((h) => h.at)).toEqual([...history.map((h) => h.at)].sort().reverse());
    expect(history.at(-1)?.kind).toBe('created');
    expect(new Set(history.map((h) => h.kind))).toEqual(
      new Set(['created', 'assigned', 'contact_logged', 'status_changed', 'appointment_booked', 'appointment_closed', 'evaluated', 'converted', 'task_completed']),
    );
    expect(sheet?.contactAttempts.map((c) => c.outcome)).toEqual(['reached', 'no_answer']);
    expect(sheet?.appointments).toEqual([expect.objectContaining({ id: APPOINTMENT, state: 'attended' })]);
    // The callback of the unanswered call was done when she reached the person (issue 8).
    expect(sheet?.tasks).toEqual([expect.objectContaining({ kind: 'callback', dueAt: at(4, 14), completedAt: at(4, 14), completedById: marie.id })]);
    expect(sheet?.evaluations).toEqual([expect.objectContaining({ result: 'qualified', procedureIds: [EE.id, PEQ.id] })]);
    expect(sheet?.client).toMatchObject({ id: CLIENT, fileNumber: '2026-0001', ownerId: marie.id });
    expect(sheet?.payments).toEqual([expect.objectContaining({ amountCents: 50_000, method: 'interac' })]);
    expect(sheet?.duplicateOf).toBeNull();
  });

  it('points a duplicate to the lead it duplicates, and knows no unknown lead', () => {
    expect(leadSheet(replica.sqlite, OTHER)?.duplicateOf?.id).toBe(LEAD);
    expect(leadSheet(replica.sqlite, testId('lead', 'nobody'))).toBeNull();
  });
});

describe('calendarRange', () => {
  it('gives what starts or falls due in [from, to), for one person or the office', () => {
    const week = calendarRange(replica.sqlite, { from: at(6, 0), to: at(7, 0) });
    // The fields the calendar and the tray read, and only those (the week is copied to the window).
    expect(week.appointments).toEqual([{ id: APPOINTMENT, leadId: LEAD, hostId: marie.id, startsAt: at(6, 15), endsAt: at(6, 16), kind: 'in_person', state: 'attended' }]);
    expect(calendarRange(replica.sqlite, { from: at(6, 0), to: at(6, 15) }).appointments).toEqual([]);
    expect(calendarRange(replica.sqlite, { from: at(6, 0), to: at(7, 0), userId: USERS.counselor2.id }).appointments).toEqual([]);
    const callbacks = calendarRange(replica.sqlite, { from: at(4, 0), to: at(5, 0), userId: marie.id }).tasks;
    expect(callbacks.map((t) => t.dueAt)).toEqual([at(4, 14)]);
    expect(Object.keys(callbacks[0]!).sort()).toEqual(['completedAt', 'dueAt', 'id', 'kind', 'leadId', 'ownerId', 'title']);
    // The same instants written with an offset select the same rows.
    expect(calendarRange(replica.sqlite, { from: '2026-03-05T20:00:00-04:00', to: '2026-03-07T00:00:00+00:00' }).appointments).toHaveLength(1);
  });
});

describe('clients', () => {
  it('lists clients with their lead, found by name without accents or by file number as typed', () => {
    const all = listClients(replica.sqlite, { limit: 10 });
    expect(all).toEqual([expect.objectContaining({ client: expect.objectContaining({ id: CLIENT }), lead: expect.objectContaining({ id: LEAD }) })]);
    expect(listClients(replica.sqlite, { search: 'helene trem', limit: 10 })).toHaveLength(1);
    expect(listClients(replica.sqlite, { search: '2026-00', limit: 10 })).toHaveLength(1);
    expect(listClients(replica.sqlite, { search: '2025', limit: 10 })).toHaveLength(0);
    expect(listClients(replica.sqlite, { search: 'cote', limit: 10 })).toHaveLength(0);
    expect(listClients(replica.sqlite, { ownerId: USERS.counselor2.id, limit: 10 })).toHaveLength(0);
  });

  it('opens a client with its lead and payments', () => {
    expect(getClient(replica.sqlite, CLIENT)).toMatchObject({ client: { id: CLIENT }, lead: { id: LEAD }, payments: [{ amountCents: 50_000 }] });
    expect(getClient(replica.sqlite, testId('client', 'nobody'))).toBeNull();
  });
});

describe('notifications and the office', () => {
  it('lists only the signed-in user’s notifications, newest first, with the unread count', () => {
    const { items, unread } = listNotifications(replica.sqlite, marie.id, { unreadOnly: false, limit: 100 });
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((n) => n.userId === marie.id)).toBe(true);
    expect(unread).toBe(items.filter((n) => n.readAt === null).length);
    expect(items.map((n) => n.createdAt)).toEqual([...items.map((n) => n.createdAt)].sort().reverse());
    expect(listNotifications(replica.sqlite, marie.id, { unreadOnly: true, limit: 1 }).items).toHaveLength(1);
  });

  it('lists users by name, active procedures first in the office’s order, templates and settings', () => {
    expect(listUsers(replica.sqlite).map((u) => u.name)).toEqual(Object.values(USERS).map((u) => u.name).sort((a, b) => a.localeCompare(b)));
    expect(listProcedures(replica.sqlite).map((p) => p.code)).toEqual(['PEQ', 'EE', 'OLD']);
    expect(listSmsTemplates(replica.sqlite).map((t) => t.name)).toEqual(['Confirmation', 'Rappel']);
    expect(getSettings(replica.sqlite)).toMatchObject({ timeZone: 'America/Toronto' });
    const empty = Replica.open(':memory:');
    expect(getSettings(empty.sqlite)).toBeNull();
    empty.close();
  });
});
