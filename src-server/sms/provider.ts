import type { SmsProviderName } from '~shared/domain/entities';

// The office's SMS provider (domain.md, "SMS": "sent through the office's SMS provider"). The
// dispatcher (dispatcher.ts) is the only caller: it hands over the number and the text of one
// queued message and records what the provider answered. Credentials stay in the provider object,
// read from the environment (config.ts), never in the database nor in a synced row.

export interface OutgoingSms {
  /** The message's id (sms_messages.id): the journal writes it beside the text. */
  id: string;
  /** E.164, as sms.send normalised it. */
  to: string;
  body: string;
}

export interface SmsProvider {
  /** SMS_PROVIDER: written in sms_dispatch and in the lead's history beside the status. */
  readonly name: SmsProviderName;
  /** Resolves once the provider accepted the message; rejects with an SmsSendError otherwise. */
  send(message: OutgoingSms): Promise<{ providerId: string }>;
}

/**
 * A message the provider did not take. `message` is French, for the people of the office: it
 * goes into sms_messages.error and the lead's history as it is, so it never repeats the number or
 * the text (the provider's own wording may). `code` is short and safe to log.
 */
export class SmsSendError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /**
     * True when the provider may have sent the message anyway (no answer, cut connection): the
     * office is told to check before sending it again.
     */
    readonly outcomeUnknown = false,
  ) {
    super(message);
    this.name = 'SmsSendError';
  }
}

/** What the office reads when a send failed in a way nobody foresaw (a bug, not the provider). */
export const UNEXPECTED_SMS_ERROR = 'Échec de l’envoi du SMS : erreur inattendue du serveur du bureau.';

/** The French error of any failure of `send`, and a code fit for the logs. */
export function describeSendFailure(error: unknown): { code: string; message: string } {
  if (error instanceof SmsSendError) return { code: error.code, message: error.message };
  return { code: 'unexpected', message: UNEXPECTED_SMS_ERROR };
}
