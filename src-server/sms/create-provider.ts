import type { ServerConfig } from '../config';
import { JournalSmsProvider } from './journal-provider';
import { NoSmsProvider } from './none-provider';
import type { SmsProvider } from './provider';
import { TwilioSmsProvider, TWILIO_STATUS_PATH, type TwilioOptions } from './twilio-provider';

// The provider named by SMS_PROVIDER (config.ts): none unless the office configured one.

export function createSmsProvider(config: Pick<ServerConfig, 'sms' | 'publicUrl'>, options: TwilioOptions = {}, now?: () => Date): SmsProvider {
  const sms = config.sms;
  switch (sms.provider) {
    case 'none':
      return new NoSmsProvider();
    case 'journal':
      return new JournalSmsProvider(sms.journalFile, now);
    case 'twilio':
      return new TwilioSmsProvider(
        { accountSid: sms.accountSid, authToken: sms.authToken, from: sms.from, statusCallback: `${config.publicUrl ?? ''}${TWILIO_STATUS_PATH}` },
        { baseUrl: sms.apiBase, ...options },
      );
  }
}
