import type { SmsConfig } from '../config';
import { FakeSmsProvider } from './fake-provider';
import type { SmsProvider } from './provider';
import { TwilioSmsProvider, type TwilioOptions } from './twilio-provider';

// The provider named by SMS_PROVIDER (config.ts): the fake unless the office configured Twilio.

export function createSmsProvider(config: { sms: SmsConfig }, options: TwilioOptions = {}): SmsProvider {
  const sms = config.sms;
  switch (sms.provider) {
    case 'twilio':
      return new TwilioSmsProvider({ accountSid: sms.accountSid, authToken: sms.authToken, from: sms.from }, options);
    case 'fake':
      return new FakeSmsProvider();
  }
}
