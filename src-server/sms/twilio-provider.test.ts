import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmsProvider } from './create-provider';
import { JournalSmsProvider } from './journal-provider';
import { NO_PROVIDER_MESSAGE, NoSmsProvider } from './none-provider';
import { SmsSendError } from './provider';
import { FakeTwilioNetwork } from '../testing/twilio-network';
import { TwilioSmsProvider } from './twilio-provider';

// The providers of SMS_PROVIDER (server-api.md). Twilio's adapter talks real HTTP to a local server
// speaking Twilio's Messages API (testing/twilio-network.ts: the provider's network, faked), which
// checks what Twilio documents and answers as Twilio does, errors included.

const MESSAGE = { id: '0192f6a0-7c1e-7b3a-9c1d-2f4e5a6b7c8d', to: '+15145550123', body: 'Bonjour Zoé, votre rendez-vous est confirmé; à demain & merci.' };
const CALLBACK = 'https://bureau.exemple.ca/api/sms/twilio/status';

async function failure(promise: Promise<unknown>): Promise<SmsSendError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SmsSendError);
  return error as SmsSendError;
}

describe('TwilioSmsProvider against Twilio’s API on loopback', () => {
  const twilio = new FakeTwilioNetwork();
  let provider: TwilioSmsProvider;
  beforeAll(async () => {
    await twilio.start();
    provider = new TwilioSmsProvider({ ...twilio.account, statusCallback: CALLBACK }, { baseUrl: twilio.apiBase });
  });
  afterAll(() => twilio.stop());

  it('posts the message form-encoded to the account’s Messages resource, with HTTP Basic and a StatusCallback', async () => {
    const { providerId } = await provider.send(MESSAGE);
    expect(providerId).toMatch(/^SM[0-9a-f]{32}$/);
    const request = twilio.requests.at(-1)!;
    expect(request).toMatchObject({
      method: 'POST',
      path: `/2010-04-01/Accounts/${twilio.account.accountSid}/Messages.json`,
      contentType: 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${twilio.account.accountSid}:${twilio.account.authToken}`).toString('base64')}`,
    });
    expect(request.form).toEqual({ To: MESSAGE.to, From: twilio.account.from, Body: MESSAGE.body, StatusCallback: CALLBACK });
    expect(twilio.messages.at(-1)).toEqual({ sid: providerId, to: MESSAGE.to, from: twilio.account.from, body: MESSAGE.body, statusCallback: CALLBACK });
  });

  it('turns Twilio’s refusals into French, without repeating the number or the text', async () => {
    twilio.failNext(
      { status: 400, code: 21211, message: `The 'To' number ${MESSAGE.to} is not a valid phone number.` },
      { status: 400, code: 21610, message: `Attempt to send to unsubscribed recipient ${MESSAGE.to}` },
      { status: 400, code: 99999, message: `Something about ${MESSAGE.to}` },
    );
    const invalid = await failure(provider.send(MESSAGE));
    expect(invalid.code).toBe('twilio_21211');
    expect(invalid.message).toMatch(/^Numéro de destination invalide/);
    expect(invalid.outcomeUnknown).toBe(false);
    const unsubscribed = await failure(provider.send(MESSAGE));
    expect(unsubscribed.code).toBe('twilio_21610');
    expect(unsubscribed.message).toMatch(/réponse STOP/);
    const other = await failure(provider.send(MESSAGE));
    expect(other.message).toBe('Le fournisseur SMS a refusé le message (code Twilio 99999).');
    for (const error of [invalid, unsubscribed, other]) {
      expect(error.message).not.toContain('5550123');
      expect(error.message).not.toContain('Zoé');
    }
  });

  it('says the office’s credentials are refused when Twilio answers 401', async () => {
    const wrong = new TwilioSmsProvider({ ...twilio.account, authToken: 'mauvais-jeton', statusCallback: CALLBACK }, { baseUrl: twilio.apiBase });
    const refused = await failure(wrong.send(MESSAGE));
    expect(refused.code).toBe('twilio_20003');
    expect(refused.message).toMatch(/identifiants du bureau/);
  });

  it('says the SMS may have gone when Twilio cut the connection or failed on its side', async () => {
    twilio.failNext('hang-up', { status: 503, code: 20500, message: 'Service Unavailable' });
    const cut = await failure(provider.send(MESSAGE));
    expect(cut.outcomeUnknown).toBe(true);
    expect(cut.message).toMatch(/n’a pas répondu.*peut-être parti/);
    const outage = await failure(provider.send(MESSAGE));
    expect(outage.outcomeUnknown).toBe(true);
    expect(outage.message).toMatch(/HTTP 503/);
  });
});

describe('the providers without Twilio', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bureau-sms-journal-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('none sends nothing and says so', async () => {
    const none = await failure(new NoSmsProvider().send(MESSAGE));
    expect(none.code).toBe('no_provider');
    expect(none.message).toBe(NO_PROVIDER_MESSAGE);
    expect(none.message).toMatch(/^Non envoyé — aucun fournisseur SMS/);
  });

  it('journal appends one JSON line per message, readable by the server’s user alone', async () => {
    const file = join(dir, 'sms.jsonl');
    const journal = new JournalSmsProvider(file, () => new Date('2026-03-08T14:00:00.000Z'));
    expect(await journal.send(MESSAGE)).toEqual({ providerId: `journal-${MESSAGE.id}` });
    await journal.send({ ...MESSAGE, id: '0192f6a0-7c1e-7b3a-9c1d-2f4e5a6b7c8e', body: 'Deuxième\nligne' });
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(lines).toEqual([
      { at: '2026-03-08T14:00:00.000Z', ...MESSAGE },
      { at: '2026-03-08T14:00:00.000Z', ...MESSAGE, id: '0192f6a0-7c1e-7b3a-9c1d-2f4e5a6b7c8e', body: 'Deuxième\nligne' },
    ]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('journal says when its file cannot be written', async () => {
    const error = await failure(new JournalSmsProvider(join(dir, 'absent', 'sms.jsonl')).send(MESSAGE));
    expect(error.message).toMatch(/SMS_JOURNAL_FILE/);
  });

  it('createSmsProvider gives the provider SMS_PROVIDER names, none by default', () => {
    expect(createSmsProvider({ sms: { provider: 'none' }, publicUrl: null }).name).toBe('none');
    expect(createSmsProvider({ sms: { provider: 'journal', journalFile: join(dir, 'x.jsonl') }, publicUrl: null }).name).toBe('journal');
    const twilio = createSmsProvider({
      sms: { provider: 'twilio', accountSid: 'AC1', authToken: 't', from: '+15145550000', apiBase: 'https://api.twilio.com' },
      publicUrl: 'https://bureau.exemple.ca',
    });
    expect(twilio).toBeInstanceOf(TwilioSmsProvider);
  });
});
