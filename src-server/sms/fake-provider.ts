import { newId } from '../../src-shared/ids';
import { SmsSendError, type OutgoingSms, type SmsProvider } from './provider';

// The provider of demos and tests, and the default (SMS_PROVIDER unset): nothing leaves the
// machine. Sends are kept in memory (the latest MAX_KEPT only, so a server left on the fake for
// months does not grow) for tests to read; it can be told to fail the next sends.

export interface FakeSend extends OutgoingSms {
  providerId: string;
}

const MAX_KEPT = 1000;

export const FAKE_FAILURE_MESSAGE = 'Échec de l’envoi du SMS : le fournisseur de test a refusé le message.';

export class FakeSmsProvider implements SmsProvider {
  readonly name = 'fake';
  private readonly kept: FakeSend[] = [];
  private failures: string[] = [];

  /** Messages accepted so far (the latest 1,000), oldest first. */
  get sent(): readonly FakeSend[] {
    return this.kept;
  }

  /** The next `count` sends fail with `message` (French, as the office would read it). */
  failNext(count: number, message: string = FAKE_FAILURE_MESSAGE): void {
    for (let i = 0; i < count; i++) this.failures.push(message);
  }

  async send(message: OutgoingSms): Promise<{ providerId: string }> {
    const failure = this.failures.shift();
    if (failure !== undefined) throw new SmsSendError('fake_failure', failure);
    // Unique across instances and restarts, as a real provider's ids are (sms_dispatch keeps them unique).
    const providerId = `fake-${newId()}`;
    this.kept.push({ to: message.to, body: message.body, providerId });
    if (this.kept.length > MAX_KEPT) this.kept.splice(0, this.kept.length - MAX_KEPT);
    return { providerId };
  }
}
