import { SmsSendError, type OutgoingSms, type SmsProvider } from './provider';

// SMS_PROVIDER=none, the default (server-api.md): the office has no provider, so nothing is sent
// and nothing pretends to be. Each queued message is recorded failed with this sentence, which the
// lead's history and the sheet show; the desktop says it before anyone types (settings.smsProvider).

export const NO_PROVIDER_MESSAGE = 'Non envoyé — aucun fournisseur SMS n’est configuré sur le serveur du bureau.';

export class NoSmsProvider implements SmsProvider {
  readonly name = 'none';

  async send(_message: OutgoingSms): Promise<{ providerId: string }> {
    throw new SmsSendError('no_provider', NO_PROVIDER_MESSAGE);
  }
}
