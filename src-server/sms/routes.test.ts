import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Appointment, HistoryEntry, Lead, SmsMessage } from '~shared/domain/entities';
import { newId } from '~shared/ids';
import { appointments, history, leads, settings, smsMessages, smsOptOuts } from '../db/schema';
import { act, book, createLead, notificationsOf, setUpOffice, testClock, type TestPeople } from '../testing/office';
import type { RunningServer } from '../server';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from '../testing/databases';
import { startTestServer } from '../testing/http';
import { FakeTwilioNetwork } from '../testing/twilio-network';
import { TWILIO_INBOUND_PATH, TWILIO_STATUS_PATH } from './twilio-provider';

// Twilio's two signed endpoints over real HTTP (server-api.md; issue 11, points 4 and 5): the
// office server sends through Twilio's API (faked on loopback), Twilio posts delivery reports and
// replies back, signed over PUBLIC_URL as it would be behind the office's reverse proxy. A forged,
// unsigned or oversized request changes nothing.

const PUBLIC_URL = 'https://bureau.exemple.ca';

describe.each(TEST_BACKENDS)('Twilio webhooks ($name)', (backend) => {
  const twilio = new FakeTwilioNetwork();
  const clock = testClock('2026-03-08T14:00:00.000Z');
  let database: TestDatabase;
  let server: RunningServer;
  let people: TestPeople;

  beforeAll(async () => {
    await twilio.start();
    database = await createTestDatabase(backend, { migrated: true });
    server = await startTestServer(
      { ...database.config, publicUrl: PUBLIC_URL, sms: { provider: 'twilio', ...twilio.account, apiBase: twilio.apiBase } },
      { now: clock.now },
    );
    people = await setUpOffice(server.db, clock.now());
  });
  afterAll(async () => {
    await server?.stop();
    await database?.dispose();
    await twilio.stop();
  });

  const post = (path: string, params: Record<string, string>, signature?: string | null) =>
    twilio.postWebhook(`${server.url}${path}`, `${PUBLIC_URL}${path}`, params, signature);

  async function leadWithAppointment(phone: string): Promise<{ leadId: string; appointmentId: string }> {
    const leadId = await createLead(server.db, people.admin, clock.now(), { firstName: 'Zoé', lastName: 'Lévesque', phone });
    await act(server.db, people.admin, 'lead.assign', { assignments: [{ leadId, assigneeId: people.marie.id }] }, clock.now());
    const appointmentId = await book(server.db, people.admin, clock.now(), { leadId, hostId: people.marie.id, startsAt: '2026-03-09T15:00:00.000Z' });
    return { leadId, appointmentId };
  }

  async function sendAndWait(leadId: string, to: string, appointmentId: string | null): Promise<{ id: string; sid: string }> {
    const id = newId();
    await act(server.db, people.marie, 'sms.send', { id, leadId, appointmentId, to, body: 'Bonjour Zoé, confirmez-vous votre rendez-vous de demain ? Répondez OUI ou NON.' }, clock.now());
    await vi.waitFor(async () => expect((await message(id)).state).toBe('sent'), { timeout: 10_000, interval: 20 });
    const sent = twilio.messages.findLast((m) => m.to === to && m.statusCallback === `${PUBLIC_URL}${TWILIO_STATUS_PATH}`);
    return { id, sid: sent!.sid };
  }

  async function message(id: string): Promise<SmsMessage> {
    const [row] = await server.db.db.select().from(smsMessages).where(eq(smsMessages.id, id));
    return row as SmsMessage;
  }
  async function leadRow(id: string): Promise<Lead> {
    const [row] = await server.db.db.select().from(leads).where(eq(leads.id, id));
    return row as Lead;
  }
  async function appointmentRow(id: string): Promise<Appointment> {
    const [row] = await server.db.db.select().from(appointments).where(eq(appointments.id, id));
    return row as Appointment;
  }
  async function historyOf(leadId: string, kind: HistoryEntry['kind']): Promise<HistoryEntry[]> {
    return (await server.db.db.select().from(history).where(and(eq(history.leadId, leadId), eq(history.kind, kind)))) as HistoryEntry[];
  }

  it('tells every workstation the office sends through Twilio (settings.smsProvider)', async () => {
    const [office] = await server.db.db.select({ smsProvider: settings.smsProvider }).from(settings);
    expect(office).toEqual({ smsProvider: 'twilio' });
  });

  it('records delivery reports in order, never going back, and the reason of a failure in French', async () => {
    const { leadId, appointmentId } = await leadWithAppointment('514 555 0101');
    const { id, sid } = await sendAndWait(leadId, '+15145550101', appointmentId);

    expect((await post(TWILIO_STATUS_PATH, { MessageSid: sid, MessageStatus: 'delivered', AccountSid: twilio.account.accountSid })).status).toBe(204);
    expect(await message(id)).toMatchObject({ state: 'delivered', deliveredAt: '2026-03-08T14:00:00.000Z' });
    // A late "sent" after "delivered" changes nothing.
    expect((await post(TWILIO_STATUS_PATH, { MessageSid: sid, MessageStatus: 'sent' })).status).toBe(204);
    expect((await message(id)).state).toBe('delivered');
    const statuses = (await historyOf(leadId, 'sms_status')).map((h) => h.after?.['state']);
    expect(statuses).toEqual(['sent', 'delivered']);

    const other = await sendAndWait(leadId, '+15145550101', null);
    await post(TWILIO_STATUS_PATH, { MessageSid: other.sid, MessageStatus: 'undelivered', ErrorCode: '30003' });
    expect(await message(other.id)).toMatchObject({ state: 'failed', error: 'Le téléphone du destinataire est injoignable (éteint ou hors réseau).' });
  });

  it('answers 403 to an unsigned, forged or misaddressed request, 413 to a huge one, and changes nothing', async () => {
    const { leadId, appointmentId } = await leadWithAppointment('514 555 0102');
    const { id, sid } = await sendAndWait(leadId, '+15145550102', appointmentId);
    const report = { MessageSid: sid, MessageStatus: 'failed', ErrorCode: '30008' };

    expect((await post(TWILIO_STATUS_PATH, report, null)).status).toBe(403);
    expect((await post(TWILIO_STATUS_PATH, report, 'GvWf1cFY/Q7PnoempGyD5oXAezc=')).status).toBe(403);
    // Signed for the other endpoint: the URL is part of the signature.
    const misaddressed = await twilio.postWebhook(`${server.url}${TWILIO_STATUS_PATH}`, `${PUBLIC_URL}${TWILIO_INBOUND_PATH}`, report);
    expect(misaddressed.status).toBe(403);
    const reply = { MessageSid: `SM${'a'.repeat(32)}`, From: '+15145550102', Body: 'STOP' };
    expect((await post(TWILIO_INBOUND_PATH, reply, 'faux')).status).toBe(403);
    const huge = await post(TWILIO_INBOUND_PATH, { ...reply, Body: 'x'.repeat(200_000) });
    expect(huge.status).toBe(413);

    expect((await message(id)).state).toBe('sent');
    expect(await leadRow(leadId)).toMatchObject({ smsOptOutAt: null });
    expect(await historyOf(leadId, 'sms_reply')).toHaveLength(0);
    expect(await server.db.db.select().from(smsOptOuts).where(eq(smsOptOuts.phoneE164, '+15145550102'))).toHaveLength(0);
  });

  it('OUI confirms the appointment: a history line and the host is notified, once whatever Twilio retries', async () => {
    const { leadId, appointmentId } = await leadWithAppointment('514 555 0103');
    await sendAndWait(leadId, '+15145550103', appointmentId);
    const reply = { MessageSid: `SM${'b'.repeat(32)}`, From: '+15145550103', To: twilio.account.from, Body: ' Oui, merci ! ' };
    const answer = await post(TWILIO_INBOUND_PATH, reply);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await answer.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    expect((await post(TWILIO_INBOUND_PATH, reply)).status).toBe(200);

    const replies = await historyOf(leadId, 'sms_reply');
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ actorId: null, after: { reply: 'confirm', appointmentId, startsAt: '2026-03-09T15:00:00.000Z' }, note: ' Oui, merci ! ' });
    expect((await appointmentRow(appointmentId)).state).toBe('scheduled');
    const told = (await notificationsOf(server.db, people.marie.id, 'sms_reply')).filter((n) => n.leadId === leadId);
    expect(told).toHaveLength(1);
    expect(told[0]!.payload).toMatchObject({ reply: 'confirm', name: 'Zoé Lévesque' });
  });

  it('NON cancels the appointment to rebook it: the lead is to call back and the host is notified', async () => {
    const { leadId, appointmentId } = await leadWithAppointment('514 555 0104');
    await sendAndWait(leadId, '+15145550104', appointmentId);
    expect((await post(TWILIO_INBOUND_PATH, { MessageSid: `SM${'c'.repeat(32)}`, From: '+15145550104', Body: 'annuler' })).status).toBe(200);

    expect(await appointmentRow(appointmentId)).toMatchObject({ state: 'cancelled' });
    expect((await appointmentRow(appointmentId)).cancelReason).toMatch(/répondu «\u00a0annuler\u00a0» par SMS/);
    expect(await leadRow(leadId)).toMatchObject({ status: 'to_recontact', callbackAt: '2026-03-08T14:00:00.000Z' });
    expect((await historyOf(leadId, 'sms_reply'))[0]).toMatchObject({ after: { reply: 'rebook', appointmentId } });
    expect((await notificationsOf(server.db, people.marie.id, 'sms_reply')).filter((n) => n.leadId === leadId).map((n) => n.payload['reply'])).toEqual(['rebook']);
  });

  it('ARRÊT stops every further SMS to the number, shown on the lead; the desktop’s rule refuses the next one', async () => {
    const { leadId, appointmentId } = await leadWithAppointment('514 555 0105');
    // Another lead with the same number (a duplicate kept) is marked too.
    const twin = await createLead(server.db, people.admin, clock.now(), { firstName: 'Zoé', lastName: 'Double', phone: '+1 514-555-0105' });
    await sendAndWait(leadId, '+15145550105', appointmentId);
    clock.set('2026-03-08T14:30:00.000Z');
    expect((await post(TWILIO_INBOUND_PATH, { MessageSid: `SM${'d'.repeat(32)}`, From: '+15145550105', Body: 'arrêt' })).status).toBe(200);

    expect((await leadRow(leadId)).smsOptOutAt).toBe('2026-03-08T14:30:00.000Z');
    expect((await leadRow(twin)).smsOptOutAt).toBe('2026-03-08T14:30:00.000Z');
    expect(await historyOf(leadId, 'sms_opt_out')).toHaveLength(1);
    expect((await historyOf(leadId, 'sms_reply'))[0]!.after).toMatchObject({ reply: 'stop' });
    expect((await appointmentRow(appointmentId)).state).toBe('scheduled');
    await expect(
      act(server.db, people.marie, 'sms.send', { id: newId(), leadId, to: '+15145550105', body: 'Encore un message ?' }, clock.now()),
    ).rejects.toThrow(/répondu STOP/);
    clock.set('2026-03-08T14:00:00.000Z');
  });

  it('keeps any other answer in the history and tells the host', async () => {
    const { leadId, appointmentId } = await leadWithAppointment('514 555 0106');
    await sendAndWait(leadId, '+15145550106', appointmentId);
    const text = 'Je serai 10 minutes en retard, désolée.';
    await post(TWILIO_INBOUND_PATH, { MessageSid: `SM${'e'.repeat(32)}`, From: '+15145550106', Body: text });
    expect((await historyOf(leadId, 'sms_reply'))[0]).toMatchObject({ after: { reply: 'other' }, note: text });
    expect((await appointmentRow(appointmentId)).state).toBe('scheduled');
    const told = (await notificationsOf(server.db, people.marie.id, 'sms_reply')).filter((n) => n.leadId === leadId);
    expect(told.map((n) => n.payload['text'])).toEqual([text]);
  });
});

describe('Twilio webhooks without Twilio', () => {
  let database: TestDatabase;
  let server: RunningServer;
  beforeAll(async () => {
    database = await createTestDatabase(TEST_BACKENDS[0]!, { migrated: true });
    server = await startTestServer({ ...database.config, publicUrl: PUBLIC_URL });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.dispose();
  });

  it('refuses every webhook (403) when the office’s SMS_PROVIDER is none, and says none in the settings', async () => {
    const twilio = new FakeTwilioNetwork();
    const answer = await twilio.postWebhook(`${server.url}${TWILIO_INBOUND_PATH}`, `${PUBLIC_URL}${TWILIO_INBOUND_PATH}`, {
      MessageSid: `SM${'f'.repeat(32)}`,
      From: '+15145550107',
      Body: 'STOP',
    });
    expect(answer.status).toBe(403);
    expect(await answer.json()).toMatchObject({ error: { message: 'Signature Twilio absente ou invalide\u00a0: requête ignorée.' } });
    const [office] = await server.db.db.select({ smsProvider: settings.smsProvider }).from(settings);
    expect(office).toEqual({ smsProvider: 'none' });
  });
});
