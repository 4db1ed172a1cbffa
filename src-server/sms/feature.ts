import type { FeaturePlugin } from '../http/feature';
import type { JobLoop } from '../jobs/loop';
import { createSmsProvider } from './create-provider';
import { startSmsDispatcher } from './dispatcher';

// The SMS dispatcher of a running server (dispatcher.ts), with the provider SMS_PROVIDER names.
// It starts once the app is ready and stops, its send in flight recorded, before the database closes.

export const smsFeature: FeaturePlugin = {
  name: 'sms',
  register(app, { config, db, log, now, metrics }) {
    const provider = createSmsProvider(config);
    const outcomes = metrics.counter('bureau_sms_total', 'SMS sent or failed, by provider and state.');
    let dispatcher: JobLoop | null = null;
    app.addHook('onReady', async () => {
      if (provider.name === 'fake') {
        log.warn('SMS_PROVIDER=fake : les SMS sont marqués envoyés sans quitter le serveur (démonstration et tests).');
      }
      dispatcher = startSmsDispatcher({ db, provider, log, now, outcomes });
      // Messages queued while the server was stopped go out now.
      dispatcher.wake();
    });
    app.addHook('onClose', async () => {
      await dispatcher?.stop();
    });
  },
};
