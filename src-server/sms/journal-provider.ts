import { appendFile } from 'node:fs/promises';
import { SmsSendError, type OutgoingSms, type SmsProvider } from './provider';

// SMS_PROVIDER=journal (server-api.md): for an office without an SMS provider that still wants the
// messages written down (someone sends them by hand, or a script of its own reads the file). Each
// message is appended as one JSON line to SMS_JOURNAL_FILE and marked sent. The file holds numbers
// and texts: it is created readable by the server's user alone. Tests that need a provider without
// a network use it.

export interface JournalLine {
  at: string;
  id: string;
  to: string;
  body: string;
}

export class JournalSmsProvider implements SmsProvider {
  readonly name = 'journal';

  constructor(
    private readonly file: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(message: OutgoingSms): Promise<{ providerId: string }> {
    const line: JournalLine = { at: this.now().toISOString(), id: message.id, to: message.to, body: message.body };
    try {
      await appendFile(this.file, `${JSON.stringify(line)}\n`, { encoding: 'utf8', mode: 0o600 });
    } catch {
      throw new SmsSendError('journal_unwritable', 'Le journal des SMS du serveur (SMS_JOURNAL_FILE) ne peut pas être écrit : l’administrateur doit vérifier le fichier.');
    }
    // The message id is unique already: the provider's id is derived from it.
    return { providerId: `journal-${message.id}` };
  }
}
