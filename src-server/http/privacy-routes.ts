import {
  anonymiseBody,
  consentWordingBody,
  holdBody,
  PRIVACY_ADMIN_ONLY,
  personExportQuery,
  personParams,
  retentionBody,
  type PersonSummary,
  type PrivacySettingsAnswer,
} from '~shared/contract/privacy';
import { leadName } from '~shared/domain/mutations/effects';
import { officeCache } from '../sync/execute';
import { ANONYMISE_MESSAGES, anonymisePerson } from '../privacy/anonymise';
import { loadPerson } from '../privacy/person';
import { personExport, personExportFileName, personExportXlsx } from '../privacy/person-export';
import { readConsentWording, readRetentionRules, setLegalHold, writeConsentWording, writeRetentionRules } from '../privacy/store';
import { HttpError } from './errors';
import type { FeaturePlugin } from './feature';
import { parseWith } from './validation';

// A person's rights (issue 14, point 5; server-api.md, "A person's rights"), for admins only
// (permissions.md: "archive or anonymise a lead on request", and the export of everything held
// about one person): the server holds every row — SMS bodies and server-only rows included — so
// the export and the anonymisation happen here, and the scrubbed rows reach every replica by sync.

export const privacyFeature: FeaturePlugin = {
  name: 'privacy',
  register(app, { db, now }) {
    app.addHook('onRequest', app.authenticate);
    app.addHook('onRequest', async (request) => {
      if (request.user?.role !== 'admin') throw new HttpError(403, 'forbidden', PRIVACY_ADMIN_ONLY);
    });

    app.get('/api/admin/people/:leadId', async (request): Promise<PersonSummary> => {
      const { leadId } = parseWith(personParams, request.params, 'invalid_params');
      const person = await loadPerson(db.db, leadId);
      if (person === null) throw new HttpError(404, 'not_found', ANONYMISE_MESSAGES.notFound);
      return {
        leadId,
        name: leadName(person.lead),
        status: person.lead.status,
        legalHold: person.legalHold === null ? null : { reason: person.legalHold.reason, setAt: person.legalHold.setAt, setById: person.legalHold.setById },
        anonymisedAt: person.anonymisation?.at ?? null,
        counts: {
          history: person.history.length,
          contactAttempts: person.contactAttempts.length,
          appointments: person.appointments.length,
          evaluations: person.evaluations.length,
          smsMessages: person.smsMessages.length,
          clients: person.clients.length,
          payments: person.payments.length,
          tasks: person.tasks.length,
        },
      };
    });

    app.get('/api/admin/people/:leadId/export', async (request, reply) => {
      const { leadId } = parseWith(personParams, request.params, 'invalid_params');
      const { format } = parseWith(personExportQuery, request.query, 'invalid_params');
      const at = now();
      const data = await personExport(db.db, leadId, at);
      if (data === null) throw new HttpError(404, 'not_found', ANONYMISE_MESSAGES.notFound);
      // Who exported whom, never what: the log holds no personal value.
      request.log.info({ userId: request.user!.id, leadId, format }, 'export des données d’une personne');
      const fileName = personExportFileName(leadId, at, format);
      reply.header('content-disposition', `attachment; filename="${fileName}"`);
      reply.header('cache-control', 'no-store');
      if (format === 'json') return reply.type('application/json; charset=utf-8').send(JSON.stringify(data, null, 2));
      const { settings } = await officeCache(db).read(db.db);
      const bytes = await personExportXlsx(data, settings.timeZone);
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(bytes);
    });

    app.post('/api/admin/people/:leadId/anonymize', async (request) => {
      const { leadId } = parseWith(personParams, request.params, 'invalid_params');
      parseWith(anonymiseBody, request.body);
      const at = now();
      const outcome = await anonymisePerson(db, { leadId, at, byId: request.user!.id, reason: 'request' });
      if (outcome === 'not_found') throw new HttpError(404, 'not_found', ANONYMISE_MESSAGES.notFound);
      if (outcome === 'held') throw new HttpError(409, 'legal_hold', ANONYMISE_MESSAGES.held);
      request.log.info({ userId: request.user!.id, leadId, outcome }, 'anonymisation d’une personne');
      // Asked again (a retry, a double click): the person is anonymised, which is what was asked.
      const person = await loadPerson(db.db, leadId);
      return { leadId, anonymisedAt: person?.anonymisation?.at ?? at.toISOString() };
    });

    app.put('/api/admin/people/:leadId/hold', async (request) => {
      const { leadId } = parseWith(personParams, request.params, 'invalid_params');
      const body = parseWith(holdBody, request.body);
      if (!(await setLegalHold(db, leadId, body, request.user!.id, now()))) throw new HttpError(404, 'not_found', ANONYMISE_MESSAGES.notFound);
      return { leadId, held: body.held };
    });

    app.get('/api/admin/privacy', async (): Promise<PrivacySettingsAnswer> => ({
      rules: await readRetentionRules(db.db),
      webFormConsentWording: await readConsentWording(db.db),
    }));

    app.put('/api/admin/privacy/retention', async (request): Promise<PrivacySettingsAnswer> => {
      const { rules } = parseWith(retentionBody, request.body);
      await writeRetentionRules(db, rules, request.user!.id, now());
      return { rules: await readRetentionRules(db.db), webFormConsentWording: await readConsentWording(db.db) };
    });

    app.put('/api/admin/privacy/consent-wording', async (request): Promise<PrivacySettingsAnswer> => {
      const { webFormConsentWording } = parseWith(consentWordingBody, request.body);
      await writeConsentWording(db, webFormConsentWording, now());
      return { rules: await readRetentionRules(db.db), webFormConsentWording: await readConsentWording(db.db) };
    });
  },
};
