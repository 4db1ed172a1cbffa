import rateLimit from '@fastify/rate-limit';
import { eq } from 'drizzle-orm';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { joinBody, officeSetupBody, type JoinAnswer, type OfficeSetupAnswer } from '~shared/contract/office';
import { SETTINGS_ID } from '~shared/domain/entities';
import { createFirstAdmin, UserRuleError } from '../auth/users';
import { settings } from '../db/schema';
import { publicUser } from '../http/admin-routes';
import { HttpError } from '../http/errors';
import type { FeaturePlugin } from '../http/feature';
import { isLoopbackRequest } from '../http/health';
import { parseWith } from '../http/validation';
import { JoinCodes } from './join-codes';

// Setting an office up from the workstation that hosts it, and joining it from the others
// (server-api.md, "Setting up an office"; docs/decisions.md, "First run"):
//   POST /api/host/setup       the office's name and first administrator, while it has no user
//   POST /api/host/join-codes  a one-time code for one more workstation
//   POST /api/join             a workstation checks a code: the office's name, and the code is used
// The /api/host/* routes exist only when the hosting application gave the server its secret
// (OFFICE_HOST_SECRET), answer only this machine, and want that secret: a page in a browser of the
// same machine, or anyone on the network while the office has no administrator yet, gets nothing.

const NOT_HOST = new HttpError(404, 'not_found', 'Ressource introuvable.');
const ALREADY_SET_UP = new HttpError(409, 'office_already_set_up', 'Ce bureau a déjà un administrateur : connectez-vous avec son compte.');
const CODE_REFUSED = new HttpError(
  404,
  'join_code_invalid',
  'Ce code n’est pas valide : il a peut-être déjà servi ou expiré. Demandez-en un nouveau sur le poste qui héberge le bureau.',
);
const TOO_MANY = { statusCode: 429, error: { code: 'too_many_requests', message: 'Trop d’essais depuis ce poste : réessayez dans une minute.' } };
/** Guessing one code among 32⁸ at this pace would take longer than the code lives, by far. */
const JOIN_TRIES_PER_MINUTE = 10;

function secretMatches(expected: string, request: FastifyRequest): boolean {
  const header = request.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

export const joinFeature: FeaturePlugin = {
  name: 'join',
  async register(app, { config, db, now, log }) {
    const codes = new JoinCodes(now);

    const hostSecret = config.hostSecret;
    if (hostSecret !== null) {
      // Before the body is read: a caller without the secret learns nothing, not even that the route exists.
      const hostOnly = async (request: FastifyRequest) => {
        if (!isLoopbackRequest(request) || !secretMatches(hostSecret, request)) throw NOT_HOST;
      };

      app.post('/api/host/setup', { onRequest: hostOnly }, async (request, reply) => {
        const body = parseWith(officeSetupBody, request.body);
        let created;
        try {
          created = await createFirstAdmin(db, body.admin, now(), async (tx, versions) => {
            await tx
              .update(settings)
              .set({ officeName: body.officeName, version: versions.next(), updatedAt: now().toISOString() })
              .where(eq(settings.id, SETTINGS_ID));
          });
        } catch (error) {
          throw error instanceof UserRuleError ? new HttpError(error.status, error.code, error.message) : error;
        }
        if (created === null) throw ALREADY_SET_UP;
        log.info({ userId: created.user.id }, 'bureau créé : premier administrateur');
        const answer: OfficeSetupAnswer = { user: publicUser(created.user), joinCode: codes.issue() };
        return reply.code(201).send(answer);
      });

      app.post('/api/host/join-codes', { onRequest: hostOnly }, async (_request, reply) => reply.code(201).send(codes.issue()));
    }

    await app.register(rateLimit, { global: false, errorResponseBuilder: () => TOO_MANY });
    app.post('/api/join', { config: { rateLimit: { max: JOIN_TRIES_PER_MINUTE, timeWindow: 60_000 } } }, async (request, reply) => {
      const { code } = parseWith(joinBody, request.body);
      if (!codes.redeem(code)) throw CODE_REFUSED;
      const [row] = await db.db.select({ officeName: settings.officeName }).from(settings).where(eq(settings.id, SETTINGS_ID));
      request.log.info('code pour rejoindre le bureau utilisé');
      const answer: JoinAnswer = { officeName: row?.officeName ?? '' };
      return reply.send(answer);
    });
  },
};
