import { z } from 'zod';
import type { WorkstationsAnswer } from '~shared/contract/workstations';
import { listWorkstations, requestWipe } from '../auth/workstations';
import { userOf } from './authenticate';
import { HttpError } from './errors';
import type { FeaturePlugin } from './feature';
import { parseWith } from './validation';

// Administration → Postes de travail (issue 14, point 4; server-api.md, "Workstations"): every
// workstation with its user, name and last contact; revoking one makes it delete its replica and
// its token at its next contact. Admins only, checked before any body is read.

const clientParams = z.object({ clientId: z.uuid({ message: 'Identifiant de poste invalide.' }) });

export const workstationRoutes: FeaturePlugin = {
  name: 'workstations',
  register(app, { db, now, sessionNotices }) {
    app.addHook('onRequest', app.authenticate);
    app.addHook('onRequest', async (request) => {
      if (request.user?.role !== 'admin') throw new HttpError(403, 'forbidden', 'Seuls les administrateurs gèrent les postes de travail du bureau.');
    });

    app.get('/api/admin/workstations', async (): Promise<WorkstationsAnswer> => ({ workstations: await listWorkstations(db.db) }));

    app.post('/api/admin/workstations/:clientId/revoke', async (request, reply) => {
      const { clientId } = parseWith(clientParams, request.params, 'invalid_params');
      const admin = userOf(request);
      // Under the version counter's lock, so that no push group of the workstation straddles it.
      const { result } = await db.writeTransaction((tx) => requestWipe(tx, clientId, 'revoked', admin.id, now()));
      if (result === null) throw new HttpError(404, 'not_found', 'Poste de travail introuvable.');
      for (const tokenHash of result.revokedTokenHashes) await sessionNotices.publish({ kind: 'token', tokenHash });
      request.log.info({ userId: admin.id, clientId }, 'poste révoqué');
      return reply.send({ workstations: await listWorkstations(db.db) } satisfies WorkstationsAnswer);
    });
  },
};
