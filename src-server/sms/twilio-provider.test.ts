import { describe, expect, it } from 'vitest';
import { createSmsProvider } from './create-provider';
import { FakeSmsProvider } from './fake-provider';
import { SmsSendError } from './provider';
import { TwilioSmsProvider, type FetchLike } from './twilio-provider';

// Twilio's Messages API as the provider sees it: no network here, a fetch of the test's own
// records the request and answers as Twilio would.

const SETTINGS = { accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'jeton-secret', from: '+15145550000' };
const MESSAGE = { to: '+15145550123', body: 'Bonjour Zoé, votre rendez-vous est confirmé; à demain & merci.' };

function answering(status: number, body: unknown): { fetch: FetchLike; calls: Array<{ url: string; init: RequestInit }> } {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  return {
    calls,
    fetch: async (url, init) => {
      calls.push({ url, init });
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    },
  };
}

async function failure(promise: Promise<unknown>): Promise<SmsSendError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SmsSendError);
  return error as SmsSendError;
}

describe('TwilioSmsProvider', () => {
  it('posts the message form-encoded to the account’s Messages resource with HTTP Basic', async () => {
    const twilio = answering(201, { sid: 'SM0123456789abcdef0123456789abcdef', status: 'queued' });
    const provider = new TwilioSmsProvider(SETTINGS, { fetch: twilio.fetch });
    expect(await provider.send(MESSAGE)).toEqual({ providerId: 'SM0123456789abcdef0123456789abcdef' });

    expect(twilio.calls).toHaveLength(1);
    const { url, init } = twilio.calls[0]!;
    expect(url).toBe(`https://api.twilio.com/2010-04-01/Accounts/${SETTINGS.accountSid}/Messages.json`);
    expect(init.method).toBe('POST');
    const headers = init.headers as Record<string, string>;
    expect(headers.authorization).toBe(`Basic ${Buffer.from(`${SETTINGS.accountSid}:${SETTINGS.authToken}`).toString('base64')}`);
    expect(headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(init.body as string);
    expect(Object.fromEntries(form)).toEqual({ To: MESSAGE.to, From: SETTINGS.from, Body: MESSAGE.body });
    expect(init.signal).toBeInstanceOf(AbortSignal);
  });

  it('turns Twilio’s refusals into French, without repeating the number or the text', async () => {
    const invalid = answering(400, { code: 21211, message: `The 'To' number ${MESSAGE.to} is not a valid phone number.`, status: 400 });
    const refused = await failure(new TwilioSmsProvider(SETTINGS, { fetch: invalid.fetch }).send(MESSAGE));
    expect(refused.code).toBe('twilio_21211');
    expect(refused.message).toMatch(/^Numéro de destination invalide/);
    expect(refused.outcomeUnknown).toBe(false);

    const unknown = answering(400, { code: 99999, message: `Something about ${MESSAGE.to}` });
    const other = await failure(new TwilioSmsProvider(SETTINGS, { fetch: unknown.fetch }).send(MESSAGE));
    expect(other.message).toBe('Le fournisseur SMS a refusé le message (code Twilio 99999).');

    for (const error of [refused, other]) {
      expect(error.message).not.toContain('5550123');
      expect(error.message).not.toContain('Zoé');
    }
  });

  it('says the SMS may have gone when Twilio did not answer or failed on its side', async () => {
    const down: FetchLike = async () => {
      throw new TypeError('fetch failed');
    };
    const unreachable = await failure(new TwilioSmsProvider(SETTINGS, { fetch: down }).send(MESSAGE));
    expect(unreachable.outcomeUnknown).toBe(true);
    expect(unreachable.message).toMatch(/n’a pas répondu.*peut-être parti/);

    const broken = answering(503, { message: 'Service Unavailable' });
    const outage = await failure(new TwilioSmsProvider(SETTINGS, { fetch: broken.fetch }).send(MESSAGE));
    expect(outage.outcomeUnknown).toBe(true);
    expect(outage.message).toMatch(/HTTP 503/);
  });
});

describe('createSmsProvider', () => {
  it('gives the fake unless Twilio is configured', () => {
    expect(createSmsProvider({ sms: { provider: 'fake' } })).toBeInstanceOf(FakeSmsProvider);
    const twilio = createSmsProvider({ sms: { provider: 'twilio', ...SETTINGS } });
    expect(twilio).toBeInstanceOf(TwilioSmsProvider);
    expect(twilio.name).toBe('twilio');
  });
});

describe('FakeSmsProvider', () => {
  it('keeps what it sent and fails the next sends when told to', async () => {
    const fake = new FakeSmsProvider();
    fake.failNext(1);
    await expect(fake.send(MESSAGE)).rejects.toBeInstanceOf(SmsSendError);
    const { providerId } = await fake.send(MESSAGE);
    expect(fake.sent).toEqual([{ ...MESSAGE, providerId }]);
  });
});
