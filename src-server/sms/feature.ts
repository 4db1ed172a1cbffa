import { eq } from 'drizzle-orm';
import { SETTINGS_ID, type Settings } from '~shared/domain/entities';
import { touched } from '~shared/domain/mutations/effects';
import { SYSTEM_ACTOR } from '~shared/domain/mutations/types';
import { newId } from '~shared/ids';
import type { ServerDb } from '../db/connection';
import { writePuts } from '../db/puts';
import { settings } from '../db/schema';
import type { FeaturePlugin } from '../http/feature';
import type { JobLoop } from '../jobs/loop';
import { createSmsProvider } from './create-provider';
import { startSmsDispatcher } from './dispatcher';
import type { SmsProvider } from './provider';
import { registerTwilioWebhooks } from './routes';

// The SMS of a running server: the dispatcher (dispatcher.ts) with the provider SMS_PROVIDER names,
// Twilio's two signed endpoints, and the provider's name written into the synced settings so that
// every workstation says "aucun fournisseur SMS" before anyone types (docs/decisions.md). The
// dispatcher starts once the app is ready and stops, its send in flight recorded, before the
// database closes.

export const smsFeature: FeaturePlugin = {
  name: 'sms',
  register(app, { config, db, log, now, metrics }) {
    const provider = createSmsProvider(config, {}, now);
    const outcomes = metrics.counter('bureau_sms_total', 'SMS sent or failed, by provider and state.');
    registerTwilioWebhooks(app, { config, db, log, now });
    let dispatcher: JobLoop | null = null;
    app.addHook('onReady', async () => {
      if (provider.name === 'none') log.warn('SMS_PROVIDER=none : aucun SMS ne part; chaque message est noté « non envoyé — aucun fournisseur SMS ».');
      await publishProvider(db, provider, now());
      dispatcher = startSmsDispatcher({ db, provider, log, now, outcomes });
      // Messages queued while the server was stopped go out now.
      void dispatcher.wake();
    });
    app.addHook('onClose', async () => {
      await dispatcher?.stop();
    });
  },
};

/** settings.smsProvider follows SMS_PROVIDER (written only when it changed). */
export async function publishProvider(db: ServerDb, provider: Pick<SmsProvider, 'name'>, at: Date): Promise<void> {
  await db.writeTransaction(async (tx, versions) => {
    const [row] = (await tx.select().from(settings).where(eq(settings.id, SETTINGS_ID))) as Settings[];
    if (row === undefined || row.smsProvider === provider.name) return;
    const ctx = { actor: SYSTEM_ACTOR, now: at.toISOString(), newId };
    await writePuts(tx, versions, [{ table: 'settings', row: touched(row, { smsProvider: provider.name }, ctx) }]);
  });
}
