import { accountabilityFeature } from '../accountability/routes';
import { calendarFeature } from '../calendar/routes';
import { schedulerFeature } from '../jobs/feature';
import { smsFeature } from '../sms/feature';
import { joinFeature } from '../join/routes';
import { syncFeature } from '../sync/routes';
import { updatesFeature } from '../updates/routes';
import type { FeaturePlugin } from './feature';
import { privacyFeature } from './privacy-routes';
import { webFormFeature } from './web-form';

// The features registered after the core ones (health, auth, admin) by buildApp, each in its own
// Fastify context (see feature.ts). Sync (/api/sync/*), the web form (/api/public/leads), the
// calendar feed (/calendar/<secret>.ics), the scheduler, the SMS dispatcher and the desktop's
// updates (/updates/<file>) add themselves here,
// one line each.
export const FEATURE_PLUGINS: FeaturePlugin[] = [syncFeature, privacyFeature, webFormFeature, calendarFeature, schedulerFeature, smsFeature, joinFeature, updatesFeature, accountabilityFeature];
