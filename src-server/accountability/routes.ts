import { z } from 'zod';
import {
  ACCESS_BATCH_MAX_BYTES,
  accessBatchBody,
  accessLogQuery,
  incidentFields,
  incidentUpdateBody,
  type AccessBatchAnswer,
  type AccessLogPage,
  type Incident,
  type IncidentVersion,
} from '~shared/contract/accountability';
import { refuseUnless, type Action } from '~shared/domain/permissions';
import type { FastifyRequest } from 'fastify';
import { userOf } from '../http/authenticate';
import { HttpError } from '../http/errors';
import type { FeaturePlugin } from '../http/feature';
import { parseWith } from '../http/validation';
import { AccessLogQueryError, listAccessLog, storeAccessBatch } from './access-log';
import { createIncident, incidentHistory, IncidentError, listIncidents, updateIncident } from './incidents';

// Accountability (issue 14, point 6; server-api.md, "Access log and incidents"):
// - POST /api/access-log: any signed-in user's workstation sends what its user opened and exported;
//   the user is the token's, never one the body names (the schema refuses any other key);
// - GET /api/admin/access-log: admins read it, filtered, page by page;
// - GET, POST /api/admin/incidents, PUT /api/admin/incidents/:id, GET …/:id/history: the register.
// No route updates or deletes an access event or an incident's version: there are none to find.

const idParams = z.object({ id: z.uuid({ error: 'Identifiant d’incident invalide.' }) });

function asHttpError(error: unknown): unknown {
  if (error instanceof IncidentError) return new HttpError(error.status, error.code, error.message, error.fields ? { fields: error.fields } : {});
  if (error instanceof AccessLogQueryError) return new HttpError(400, error.code, error.message);
  return error;
}

export const accountabilityFeature: FeaturePlugin = {
  name: 'accountability',
  register(app, { db, now }) {
    /** The shared permission table decides (permissions.md), with its French sentence. */
    const only = (action: Action) => async (request: FastifyRequest) => {
      const user = userOf(request);
      const refusal = refuseUnless({ id: user.id, role: user.role }, action);
      if (refusal) throw new HttpError(403, 'forbidden', refusal.message);
    };
    const admin = (action: Action) => ({ onRequest: [app.authenticate, only(action)] });
    const run = async <T>(fn: () => Promise<T>): Promise<T> => {
      try {
        return await fn();
      } catch (error) {
        throw asHttpError(error);
      }
    };

    app.post(
      '/api/access-log',
      { onRequest: app.authenticate, bodyLimit: ACCESS_BATCH_MAX_BYTES },
      async (request): Promise<AccessBatchAnswer> => {
        const { events } = parseWith(accessBatchBody, request.body);
        return storeAccessBatch(db.db, userOf(request).id, events, now());
      },
    );

    app.get('/api/admin/access-log', admin('accessLog.read'), async (request): Promise<AccessLogPage> => {
      const query = parseWith(accessLogQuery, request.query, 'invalid_query');
      return run(() => listAccessLog(db.db, query));
    });

    app.get('/api/admin/incidents', admin('incidents.manage'), async (): Promise<{ incidents: Incident[] }> => ({ incidents: await listIncidents(db.db) }));

    app.post('/api/admin/incidents', admin('incidents.manage'), async (request, reply) => {
      const fields = parseWith(incidentFields, request.body);
      const incident = await run(() => createIncident(db, fields, userOf(request).id, now()));
      request.log.info({ userId: userOf(request).id, incidentId: incident.id }, 'incident de confidentialité consigné');
      return reply.code(201).send(incident);
    });

    app.put('/api/admin/incidents/:id', admin('incidents.manage'), async (request): Promise<Incident> => {
      const { id } = parseWith(idParams, request.params, 'invalid_params');
      const { fields, version } = parseWith(incidentUpdateBody, request.body);
      const incident = await run(() => updateIncident(db, id, fields, version, userOf(request).id, now()));
      request.log.info({ userId: userOf(request).id, incidentId: id, version: incident.version }, 'incident de confidentialité modifié');
      return incident;
    });

    app.get('/api/admin/incidents/:id/history', admin('incidents.manage'), async (request): Promise<{ versions: IncidentVersion[] }> => {
      const { id } = parseWith(idParams, request.params, 'invalid_params');
      return { versions: await run(() => incidentHistory(db.db, id)) };
    });
  },
};
