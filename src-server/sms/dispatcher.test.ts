import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HistoryEntry, SmsMessage } from '~shared/domain/entities';
import { newId } from '~shared/ids';
import { openServerDatabase, type ServerDb } from '../db/connection';
import { history, smsMessages } from '../db/schema';
import { act, createLead, setUpOffice, testClock, type TestPeople } from '../testing/office';
import { createLogger } from '../log';
import { openTestDatabase, TEST_BACKENDS, type OpenTestDatabase } from '../testing/databases';
import { capturingLogger } from '../testing/http';
import { SMS_OPT_OUT_REFUSAL } from '~shared/domain/sms-opt-out';
import { leads } from '../db/schema';
import { claimQueuedSms, dispatchQueuedSms, INTERRUPTED_SMS_ERROR, STALE_CLAIM_MS, startSmsDispatcher } from './dispatcher';
import { NO_PROVIDER_MESSAGE, NoSmsProvider } from './none-provider';
import { FakeTwilioNetwork } from '../testing/twilio-network';
import { TwilioSmsProvider } from './twilio-provider';

// The SMS dispatcher (domain.md, "SMS"): a message queued by sms.send is sent once through the
// provider and its status lands in the lead's history, in French when it failed; never twice,
// whatever runs at the same time or dies half-way; the logs never hold a number or a text. The
// provider is Twilio's adapter talking to Twilio's API faked on loopback (testing/twilio-network.ts).

const PHONE_TYPED = '514 555 0123';
const PHONE = '+15145550123';

describe.each(TEST_BACKENDS)('envoi des SMS ($name)', (backend) => {
  let t: OpenTestDatabase;
  let people: TestPeople;
  let leadId: string;
  let other: ServerDb;
  const clock = testClock('2026-03-08T14:00:00.000Z');
  const silent = createLogger({ level: 'silent' });
  const twilio = new FakeTwilioNetwork();
  const provider = () =>
    new TwilioSmsProvider({ ...twilio.account, statusCallback: 'https://bureau.exemple.ca/api/sms/twilio/status' }, { baseUrl: twilio.apiBase });
  const sentSince = (count: number) => twilio.messages.slice(count);

  beforeAll(async () => {
    await twilio.start();
    t = await openTestDatabase(backend);
    people = await setUpOffice(t.db, clock.now());
    leadId = await createLead(t.db, people.admin, clock.now(), { firstName: 'Zoé', lastName: 'Lévesque', phone: PHONE_TYPED });
    other = backend.kind === 'pglite' ? t.db : await openServerDatabase(t.config);
  });
  afterAll(async () => {
    if (other !== undefined && other !== t?.db) await other.close();
    await t?.dispose();
    await twilio.stop();
  });

  async function queue(body: string): Promise<string> {
    const id = newId();
    await act(t.db, people.admin, 'sms.send', { id, leadId, to: PHONE_TYPED, body }, clock.now());
    return id;
  }

  async function message(id: string): Promise<SmsMessage> {
    const [row] = await t.db.db.select().from(smsMessages).where(eq(smsMessages.id, id));
    return row as SmsMessage;
  }

  async function statusHistory(id: string): Promise<HistoryEntry[]> {
    const rows = (await t.db.db
      .select()
      .from(history)
      .where(and(eq(history.leadId, leadId), eq(history.kind, 'sms_status')))) as HistoryEntry[];
    return rows.filter((h) => h.after?.['smsId'] === id);
  }

  it('sends a queued SMS once, marks it sent and writes its status in the history, logging nothing personal', async () => {
    const body = 'Bonjour Zoé, votre rendez-vous est confirmé demain à 10 h 00.';
    const id = await queue(body);
    expect((await message(id)).state).toBe('queued');

    const before = twilio.messages.length;
    const { log, lines } = capturingLogger();
    clock.set('2026-03-08T14:00:05.000Z');
    expect(await dispatchQueuedSms({ db: t.db, provider: provider(), log, now: clock.now })).toEqual({ sent: 1, failed: 0 });
    expect(await dispatchQueuedSms({ db: t.db, provider: provider(), log, now: clock.now })).toEqual({ sent: 0, failed: 0 });

    expect(sentSince(before)).toEqual([expect.objectContaining({ to: PHONE, body, sid: expect.stringMatching(/^SM/) })]);
    expect(await message(id)).toMatchObject({ state: 'sent', sentAt: '2026-03-08T14:00:05.000Z', error: null });
    const [status, ...more] = await statusHistory(id);
    expect(more).toHaveLength(0);
    expect(status).toMatchObject({ actorId: null, at: '2026-03-08T14:00:05.000Z', before: { state: 'queued' }, after: { smsId: id, state: 'sent', provider: 'twilio' } });

    expect(lines()).toContain(id);
    expect(lines()).not.toContain('5550123');
    expect(lines()).not.toContain('Zoé');
  });

  it('records a refused SMS as failed, in French, and does not send it again', async () => {
    const id = await queue('Rappel : rendez-vous demain.');
    const before = twilio.messages.length;
    twilio.failNext({ status: 400, code: 21211, message: `The 'To' number ${PHONE} is not a valid phone number.` });
    clock.set('2026-03-08T14:10:00.000Z');
    expect(await dispatchQueuedSms({ db: t.db, provider: provider(), log: silent, now: clock.now })).toEqual({ sent: 0, failed: 1 });
    expect(await dispatchQueuedSms({ db: t.db, provider: provider(), log: silent, now: clock.now })).toEqual({ sent: 0, failed: 0 });

    expect(sentSince(before)).toHaveLength(0);
    const error = 'Numéro de destination invalide selon le fournisseur SMS : corrigez le numéro du lead.';
    expect(await message(id)).toMatchObject({ state: 'failed', sentAt: null, error });
    const statuses = await statusHistory(id);
    expect(statuses).toHaveLength(1);
    expect(statuses[0]!.after).toEqual({ smsId: id, state: 'failed', provider: 'twilio', error });
  });

  it('never sends a message twice with two dispatchers at once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await queue(`Message numéro ${i}`));
    const before = twilio.messages.length;
    const first = provider();
    const second = provider();
    clock.set('2026-03-08T14:20:00.000Z');
    await Promise.all([
      dispatchQueuedSms({ db: t.db, provider: first, log: silent, now: clock.now }),
      dispatchQueuedSms({ db: other, provider: second, log: silent, now: clock.now }),
      dispatchQueuedSms({ db: t.db, provider: first, log: silent, now: clock.now }),
      dispatchQueuedSms({ db: other, provider: second, log: silent, now: clock.now }),
    ]);
    const bodies = sentSince(before).map((m) => m.body).sort();
    expect(bodies).toEqual(Array.from({ length: 20 }, (_, i) => `Message numéro ${i}`).sort());
    for (const id of ids) {
      expect((await message(id)).state).toBe('sent');
      expect(await statusHistory(id)).toHaveLength(1);
    }
  });

  it('never sends a claimed message again after its process died, and says it may have gone', async () => {
    const id = await queue('Message dont l’envoi est interrompu.');
    clock.set('2026-03-08T15:00:00.000Z');
    // A process claims it, then dies before sending or recording anything.
    expect((await claimQueuedSms(t.db, 'twilio', clock.now(), 10)).map((m) => m.id)).toEqual([id]);

    const before = twilio.messages.length;
    clock.set(new Date(Date.parse('2026-03-08T15:00:00.000Z') + STALE_CLAIM_MS - 1000).toISOString());
    await dispatchQueuedSms({ db: t.db, provider: provider(), log: silent, now: clock.now });
    expect((await message(id)).state).toBe('queued');

    clock.set(new Date(Date.parse('2026-03-08T15:00:00.000Z') + STALE_CLAIM_MS + 1000).toISOString());
    expect(await dispatchQueuedSms({ db: t.db, provider: provider(), log: silent, now: clock.now })).toEqual({ sent: 0, failed: 1 });
    expect(sentSince(before)).toHaveLength(0);
    expect(await message(id)).toMatchObject({ state: 'failed', error: INTERRUPTED_SMS_ERROR });
    expect(await statusHistory(id)).toHaveLength(1);
  });

  it('wakes up when this server commits an sms.send', async () => {
    const before = twilio.messages.length;
    const dispatcher = startSmsDispatcher({ db: t.db, provider: provider(), log: silent, now: clock.now, intervalMs: null });
    try {
      const id = await queue('Envoyé dès la validation.');
      await vi.waitFor(async () => expect((await message(id)).state).toBe('sent'), { timeout: 10_000, interval: 20 });
      expect(sentSince(before).map((m) => m.body)).toEqual(['Envoyé dès la validation.']);
    } finally {
      await dispatcher.stop();
    }
  });

  it('sends one SMS for 100 concurrent identical sms.send, and none for another counselor’s lead', async () => {
    const id = newId();
    const args = { id, leadId, to: PHONE_TYPED, body: 'Un seul envoi, malgré cent clics.' };
    const outcomes = await Promise.allSettled(Array.from({ length: 100 }, () => act(t.db, people.admin, 'sms.send', args, clock.now())));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    await expect(act(t.db, people.julie, 'sms.send', { ...args, id: newId() }, clock.now())).rejects.toThrow(/forbidden/);
    const before = twilio.messages.length;
    clock.set('2026-03-08T15:30:00.000Z');
    expect(await dispatchQueuedSms({ db: t.db, provider: provider(), log: silent, now: clock.now })).toEqual({ sent: 1, failed: 0 });
    expect(sentSince(before).map((m) => m.body)).toEqual(['Un seul envoi, malgré cent clics.']);
  });

  it('with no provider, sends nothing and records each message « non envoyé — aucun fournisseur SMS »', async () => {
    const id = await queue('Personne ne recevra ce message.');
    const before = twilio.messages.length;
    clock.set('2026-03-08T16:00:00.000Z');
    expect(await dispatchQueuedSms({ db: t.db, provider: new NoSmsProvider(), log: silent, now: clock.now })).toEqual({ sent: 0, failed: 1 });
    expect(sentSince(before)).toHaveLength(0);
    expect(await message(id)).toMatchObject({ state: 'failed', sentAt: null, error: NO_PROVIDER_MESSAGE });
    expect((await statusHistory(id))[0]!.after).toEqual({ smsId: id, state: 'failed', provider: 'none', error: NO_PROVIDER_MESSAGE });
  });

  it('turns Twilio’s « unsubscribed » (21610) into a STOP: the lead is marked and nothing more goes to the number', async () => {
    const stopped = '+15145550177';
    const lead = await createLead(t.db, people.admin, clock.now(), { firstName: 'Jean', lastName: 'Arrêt', phone: '514 555 0177' });
    const first = newId();
    await act(t.db, people.admin, 'sms.send', { id: first, leadId: lead, to: stopped, body: 'Premier message.' }, clock.now());
    const second = newId();
    await act(t.db, people.admin, 'sms.send', { id: second, leadId: lead, to: stopped, body: 'Second message, parti avant le STOP connu.' }, clock.now());
    twilio.failNext({ status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    const before = twilio.messages.length;
    clock.set('2026-03-08T16:10:00.000Z');
    expect(await dispatchQueuedSms({ db: t.db, provider: provider(), log: silent, now: clock.now })).toEqual({ sent: 0, failed: 2 });
    expect(sentSince(before)).toHaveLength(0);
    expect((await message(first)).error).toMatch(/réponse STOP/);
    expect(await message(second)).toMatchObject({ state: 'failed', error: SMS_OPT_OUT_REFUSAL });
    const [row] = await t.db.db.select().from(leads).where(eq(leads.id, lead));
    expect(row!.smsOptOutAt).toBe('2026-03-08T16:10:00.000Z');
    // The desktop's rule refuses the next one before it is queued.
    await expect(act(t.db, people.admin, 'sms.send', { id: newId(), leadId: lead, to: stopped, body: 'Encore ?' }, clock.now())).rejects.toThrow(/répondu STOP/);
  });
});
