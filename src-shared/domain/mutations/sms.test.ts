import { describe, expect, it } from 'vitest';
import type { MutationInput } from './args';
import { SMS_OPT_OUT_REFUSAL } from '../sms-opt-out';
import { NOW, USERS, appointment, lead, smsTemplate, testId } from '../../testing/builders';
import { makeDb, perform, putsOf, refusalOf, rowsIn } from '../../testing/memory-office';

const LEAD = testId('lead', 1);
const SMS = testId('sms', 1);
const send = (extra: Partial<MutationInput<'sms.send'>> = {}): MutationInput<'sms.send'> => ({
  id: SMS,
  leadId: LEAD,
  to: '514 555-1234',
  body: 'Bonjour Marie, votre rendez-vous est demain à 10 h.',
  ...extra,
});
const db = makeDb({
  leads: [lead({ assigneeId: USERS.counselor.id })],
  appointments: [appointment({ leadId: LEAD, hostId: USERS.counselor.id, bookedById: USERS.secretary.id })],
  sms_templates: [smsTemplate()],
});

describe('sms.send', () => {
  it('queues the message with its segment count, and logs it in history', () => {
    const puts = putsOf(perform(db, 'sms.send', send({ templateId: smsTemplate().id, appointmentId: testId('appointment', 1) }), USERS.counselor));
    expect(rowsIn(puts, 'sms_messages')).toEqual([
      expect.objectContaining({ id: SMS, to: '+15145551234', state: 'queued', segments: 1, encoding: 'GSM-7', sentById: USERS.counselor.id, sentAt: null, version: 0, createdAt: NOW }),
    ]);
    expect(rowsIn(puts, 'history')).toEqual([expect.objectContaining({ kind: 'sms_queued', after: expect.objectContaining({ to: '+15145551234', segments: 1 }) })]);
    // « â » switches the whole message to UCS-2.
    const accented = putsOf(perform(db, 'sms.send', send({ body: 'Âge requis : 18 ans.' }), USERS.counselor));
    expect(rowsIn(accented, 'sms_messages')[0]).toMatchObject({ encoding: 'UCS-2', segments: 1 });
  });

  it('refuses a number that cannot receive an SMS', () => {
    expect(refusalOf(perform(db, 'sms.send', send({ to: '555' }), USERS.counselor)).code).toBe('invalid_args');
  });

  it('needs the template and an appointment of this lead', () => {
    expect(refusalOf(perform(db, 'sms.send', send({ templateId: testId('template', 'ghost') }), USERS.counselor)).code).toBe('not_found');
    expect(refusalOf(perform(db, 'sms.send', send({ appointmentId: testId('appointment', 'ghost') }), USERS.counselor)).code).toBe('not_found');
    const other = makeDb({ leads: [lead({ assigneeId: USERS.counselor.id })], appointments: [appointment({ leadId: testId('lead', 2) })] });
    expect(refusalOf(perform(other, 'sms.send', send({ appointmentId: testId('appointment', 1) }), USERS.counselor)).code).toBe('invalid_args');
  });

  it('is for the lead’s own counselor; the secretary for her leads and the appointments she booked', () => {
    expect(refusalOf(perform(db, 'sms.send', send(), USERS.counselor2)).code).toBe('forbidden');
    expect(refusalOf(perform(db, 'sms.send', send(), USERS.secretary)).code).toBe('forbidden');
    expect(putsOf(perform(db, 'sms.send', send({ appointmentId: testId('appointment', 1) }), USERS.secretary))).toHaveLength(2);
    expect(refusalOf(perform(db, 'sms.send', send({ appointmentId: testId('appointment', 1) }), USERS.secretary2)).code).toBe('forbidden');
  });
});

describe('sms.send to a number that answered STOP', () => {
  const STOPPED = '2026-03-01T12:00:00.000Z';

  it('is refused in French on the lead marked STOP, whatever number is typed', () => {
    const stopped = makeDb({ leads: [lead({ assigneeId: USERS.counselor.id, phoneE164: '+15145551234', smsOptOutAt: STOPPED })] });
    const refusal = refusalOf(perform(stopped, 'sms.send', send(), USERS.counselor));
    expect(refusal.code).toBe('forbidden');
    expect(refusal.message).toBe(SMS_OPT_OUT_REFUSAL);
    expect(refusalOf(perform(stopped, 'sms.send', send({ to: '438 555 0000' }), USERS.admin)).message).toBe(SMS_OPT_OUT_REFUSAL);
  });

  it('is refused through another open lead carrying the same number', () => {
    const twins = makeDb({
      leads: [
        lead({ assigneeId: USERS.counselor.id, phoneE164: null }),
        lead({ id: testId('lead', 2), phoneE164: '+15145551234', smsOptOutAt: STOPPED }),
      ],
    });
    expect(refusalOf(perform(twins, 'sms.send', send({ to: '+1 (514) 555-1234' }), USERS.counselor)).message).toBe(SMS_OPT_OUT_REFUSAL);
    // Another number of the same lead is not concerned.
    expect(putsOf(perform(twins, 'sms.send', send({ to: '514 555 9999' }), USERS.counselor))).not.toHaveLength(0);
  });

  it('a new number clears the lead’s STOP (lead.update)', () => {
    const stopped = makeDb({ leads: [lead({ assigneeId: USERS.counselor.id, phoneE164: '+15145551234', phoneRaw: '514 555 1234', smsOptOutAt: STOPPED })] });
    const renamed = rowsIn(putsOf(perform(stopped, 'lead.update', { id: LEAD, patch: { firstName: 'Marie-Ève' } }, USERS.counselor)), 'leads')[0];
    expect(renamed?.smsOptOutAt).toBe(STOPPED);
    const renumbered = rowsIn(putsOf(perform(stopped, 'lead.update', { id: LEAD, patch: { phone: '438 555 0101' } }, USERS.counselor)), 'leads')[0];
    expect(renumbered).toMatchObject({ phoneE164: '+14385550101', smsOptOutAt: null });
  });
});
