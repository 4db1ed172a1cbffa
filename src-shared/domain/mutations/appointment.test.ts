import { describe, expect, it } from 'vitest';
import type { LeadStatus } from '../statuses';
import type { MutationInput } from './args';
import { groupedNotificationId } from './effects';
import { NOW, USERS, appointment, lead, testId } from '../../testing/builders';
import { makeDb, perform, putsOf, refusalOf, rowsIn } from '../../testing/memory-office';

// NOW is 2026-03-10T15:00Z.
const LEAD = testId('lead', 1);
const APPT = testId('appointment', 1);
const leadIn = (status: LeadStatus, assigneeId: string | null = USERS.counselor.id) => lead({ status, assigneeId });

const booking = (extra: Partial<MutationInput<'appointment.book'>> = {}): MutationInput<'appointment.book'> => ({
  id: APPT,
  leadId: LEAD,
  hostId: USERS.counselor.id,
  startsAt: '2026-03-12T14:00:00-04:00',
  endsAt: '2026-03-12T15:00:00-04:00',
  kind: 'video',
  ...extra,
});

describe('appointment.book', () => {
  it('creates a scheduled appointment and moves the lead to appointment_booked', () => {
    const db = makeDb({ leads: [{ ...leadIn('to_recontact'), callbackAt: '2026-03-11T13:00:00.000Z' }] });
    const puts = putsOf(perform(db, 'appointment.book', booking({ location: 'Zoom' }), USERS.counselor));
    expect(rowsIn(puts, 'appointments')).toEqual([
      expect.objectContaining({
        id: APPT,
        version: 0,
        state: 'scheduled',
        bookedById: USERS.counselor.id,
        hostId: USERS.counselor.id,
        startsAt: '2026-03-12T18:00:00.000Z',
        location: 'Zoom',
        reminderSentAt: null,
      }),
    ]);
    expect(rowsIn(puts, 'leads')[0]).toMatchObject({ status: 'appointment_booked', callbackAt: null, statusChangedAt: NOW });
    const history = rowsIn(puts, 'history');
    expect(history.map((h) => h.kind)).toEqual(['appointment_booked', 'status_changed']);
    expect(history[0]?.after).toMatchObject({ startsAt: '2026-03-12T18:00:00.000Z', kind: 'video', hostId: USERS.counselor.id });
  });

  it('lets the secretary book for any lead, a counselor for her own only', () => {
    const db = makeDb({ leads: [leadIn('new')] });
    expect(putsOf(perform(db, 'appointment.book', booking({ hostId: USERS.secretary.id }), USERS.secretary))).not.toHaveLength(0);
    expect(refusalOf(perform(db, 'appointment.book', booking(), USERS.counselor2)).code).toBe('forbidden');
  });

  it('needs an active host', () => {
    const db = makeDb({ leads: [leadIn('new')] });
    expect(refusalOf(perform(db, 'appointment.book', booking({ hostId: USERS.inactive.id }), USERS.admin)).code).toBe('inactive_user');
    expect(refusalOf(perform(db, 'appointment.book', booking({ hostId: testId('user', 'ghost') }), USERS.admin)).code).toBe('not_found');
  });

  it('checks the times: end after start, at most 8 hours, at most a day in the past', () => {
    const db = makeDb({ leads: [leadIn('new')] });
    const times = (startsAt: string, endsAt: string) => perform(db, 'appointment.book', booking({ startsAt, endsAt }), USERS.counselor);
    expect(refusalOf(times('2026-03-12T15:00:00Z', '2026-03-12T15:00:00Z')).code).toBe('invalid_time');
    expect(refusalOf(times('2026-03-12T08:00:00Z', '2026-03-12T16:30:00Z')).code).toBe('invalid_time');
    expect(refusalOf(times('2026-03-09T14:00:00Z', '2026-03-09T15:00:00Z')).code).toBe('invalid_time');
    // Typed late, the same afternoon: accepted.
    expect(putsOf(times('2026-03-10T13:00:00Z', '2026-03-10T14:00:00Z'))).not.toHaveLength(0);
  });

  it('refuses a second planned appointment, and leads the graph does not let book', () => {
    const booked = makeDb({ leads: [leadIn('appointment_booked')], appointments: [appointment({ id: testId('appointment', 'old') })] });
    expect(refusalOf(perform(booked, 'appointment.book', booking(), USERS.counselor))).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('déplacez le rendez-vous existant'),
    });
    const done = makeDb({ leads: [leadIn('consultation_done')] });
    expect(refusalOf(perform(done, 'appointment.book', booking(), USERS.counselor)).code).toBe('invalid_transition');
    // Rebooking after a missed consultation is in the graph.
    const missed = makeDb({ leads: [leadIn('consultation_missed')], appointments: [appointment({ id: testId('appointment', 'old'), state: 'missed' })] });
    expect(rowsIn(putsOf(perform(missed, 'appointment.book', booking(), USERS.counselor)), 'leads')[0]?.status).toBe('appointment_booked');
  });
});

const bookedDb = (extra: Parameters<typeof appointment>[0] = {}, status: LeadStatus = 'appointment_booked', assigneeId: string = USERS.counselor.id) =>
  makeDb({ leads: [leadIn(status, assigneeId)], appointments: [appointment({ id: APPT, leadId: LEAD, ...extra })] });

describe('appointment.reschedule', () => {
  const move = { id: APPT, startsAt: '2026-03-13T14:00:00.000Z', endsAt: '2026-03-13T15:00:00.000Z' };

  it('moves the appointment and resets its reminder', () => {
    const puts = putsOf(perform(bookedDb({ reminderSentAt: '2026-03-11T13:00:00.000Z' }), 'appointment.reschedule', move, USERS.counselor));
    expect(rowsIn(puts, 'appointments')[0]).toMatchObject({ startsAt: move.startsAt, endsAt: move.endsAt, reminderSentAt: null, updatedAt: NOW });
    expect(rowsIn(puts, 'history')).toEqual([
      expect.objectContaining({
        kind: 'appointment_rescheduled',
        before: { startsAt: '2026-03-12T14:00:00.000Z', endsAt: '2026-03-12T15:00:00.000Z' },
        after: { startsAt: move.startsAt, endsAt: move.endsAt },
      }),
    ]);
  });

  it('writes nothing for the same time; refuses closed appointments, bad times and other counselors', () => {
    const same = { id: APPT, startsAt: '2026-03-12T14:00:00Z', endsAt: '2026-03-12T15:00:00Z' };
    expect(putsOf(perform(bookedDb(), 'appointment.reschedule', same, USERS.counselor))).toEqual([]);
    expect(refusalOf(perform(bookedDb({ state: 'cancelled' }), 'appointment.reschedule', move, USERS.counselor)).code).toBe('already_closed');
    expect(refusalOf(perform(bookedDb(), 'appointment.reschedule', { ...move, endsAt: move.startsAt }, USERS.counselor)).code).toBe('invalid_time');
    expect(refusalOf(perform(bookedDb(), 'appointment.reschedule', move, USERS.counselor2)).code).toBe('forbidden');
    expect(refusalOf(perform(makeDb(), 'appointment.reschedule', move, USERS.admin)).code).toBe('not_found');
  });
});

describe('appointment.cancel', () => {
  it('cancels and puts the lead back to call at once', () => {
    const puts = putsOf(perform(bookedDb(), 'appointment.cancel', { id: APPT, reason: 'Empêchement' }, USERS.secretary));
    expect(rowsIn(puts, 'appointments')[0]).toMatchObject({ state: 'cancelled', cancelReason: 'Empêchement' });
    expect(rowsIn(puts, 'leads')[0]).toMatchObject({ status: 'to_recontact', callbackAt: NOW });
    expect(rowsIn(puts, 'tasks')[0]).toMatchObject({ kind: 'callback', dueAt: NOW, ownerId: USERS.counselor.id });
    expect(rowsIn(puts, 'history').map((h) => h.kind)).toEqual(['appointment_cancelled', 'status_changed']);
  });

  it('refuses what is no longer scheduled, and a counselor on another’s lead', () => {
    expect(refusalOf(perform(bookedDb({ state: 'attended' }), 'appointment.cancel', { id: APPT }, USERS.admin)).code).toBe('already_closed');
    expect(refusalOf(perform(bookedDb(), 'appointment.cancel', { id: APPT }, USERS.counselor2)).code).toBe('forbidden');
  });
});

describe('appointment.close', () => {
  const past = { startsAt: '2026-03-10T13:00:00.000Z', endsAt: '2026-03-10T14:00:00.000Z' };

  it('attended: consultation_done, appointment closed now', () => {
    const puts = putsOf(perform(bookedDb(past), 'appointment.close', { id: APPT, outcome: 'attended' }, USERS.counselor));
    expect(rowsIn(puts, 'appointments')[0]).toMatchObject({ state: 'attended', closedAt: NOW });
    expect(rowsIn(puts, 'leads')[0]?.status).toBe('consultation_done');
    expect(rowsIn(puts, 'history').map((h) => h.kind)).toEqual(['appointment_closed', 'status_changed']);
    expect(rowsIn(puts, 'notifications')).toEqual([]);
  });

  it('missed: consultation_missed, the assignee, admins and directors are told (not the actor)', () => {
    const puts = putsOf(perform(bookedDb(past), 'appointment.close', { id: APPT, outcome: 'missed' }, USERS.admin));
    expect(rowsIn(puts, 'leads')[0]?.status).toBe('consultation_missed');
    const notes = rowsIn(puts, 'notifications');
    expect(notes.map((n) => n.userId).sort()).toEqual([USERS.counselor.id, USERS.director.id].sort());
    expect(notes.every((n) => n.kind === 'consultation_missed' && n.leadId === LEAD)).toBe(true);
  });

  it('after a secretary’s consultation, raises the dispatch alert to her and the admins', () => {
    const db = bookedDb({ ...past, hostId: USERS.secretary.id }, 'appointment_booked', USERS.secretary.id);
    const puts = putsOf(perform(db, 'appointment.close', { id: APPT, outcome: 'attended' }, USERS.secretary));
    const alerts = rowsIn(puts, 'notifications');
    const key = `dispatch:${LEAD}`;
    expect(alerts.map((n) => n.id).sort()).toEqual(
      [groupedNotificationId(key, USERS.secretary.id), groupedNotificationId(key, USERS.admin.id)].sort(),
    );
    expect(alerts.every((n) => n.kind === 'dispatch_required' && n.groupKey === key && n.readAt === null)).toBe(true);
  });

  it('cannot be closed before it starts, nor twice', () => {
    expect(refusalOf(perform(bookedDb(), 'appointment.close', { id: APPT, outcome: 'attended' }, USERS.counselor))).toMatchObject({
      code: 'invalid_time',
      message: expect.stringContaining('n’a pas encore eu lieu'),
    });
    expect(refusalOf(perform(bookedDb({ ...past, state: 'missed' }), 'appointment.close', { id: APPT, outcome: 'attended' }, USERS.counselor)).code).toBe(
      'already_closed',
    );
  });

  it('belongs to the host, admins and directors', () => {
    const hostedBySecretary = bookedDb({ ...past, hostId: USERS.secretary.id });
    // The lead's counselor does not host it: refused; the hosting secretary may.
    expect(refusalOf(perform(hostedBySecretary, 'appointment.close', { id: APPT, outcome: 'attended' }, USERS.counselor)).code).toBe('forbidden');
    expect(putsOf(perform(hostedBySecretary, 'appointment.close', { id: APPT, outcome: 'attended' }, USERS.secretary))).not.toHaveLength(0);
    expect(putsOf(perform(hostedBySecretary, 'appointment.close', { id: APPT, outcome: 'missed' }, USERS.director))).not.toHaveLength(0);
  });
});
