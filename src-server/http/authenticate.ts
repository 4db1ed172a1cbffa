import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ROLE_LABELS, type Role } from '~shared/domain/roles';
import { WORKSTATION_WIPED, WORKSTATION_WIPED_MESSAGE } from '~shared/contract/workstations';
import { isWiped, resolveSession, type AuthUser } from '../auth/sessions';
import { markWipeSent } from '../auth/workstations';
import type { ServerDb } from '../db/connection';
import { HttpError } from './errors';

// Bearer authentication (server-api.md: `Authorization: Bearer <token>`). Routes opt in with
// `onRequest: app.authenticate` — before the body is read, so that nobody without a valid token
// gets up to 4 MiB parsed (issue 8, point 3) — and then read `request.user`;
// `app.requireRole('admin')` adds a role check after it.

declare module 'fastify' {
  interface FastifyInstance {
    /** Resolves the bearer token into `request.user`, or answers 401 in French. */
    authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void>;
    /** A hook answering 403 unless `request.user` has one of these roles (run after authenticate). */
    requireRole(...roles: Role[]): (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
  interface FastifyContextConfig {
    /** Reachable with a token that only allows setting up a second factor (issue 14). */
    twoFactorSetup?: boolean;
  }
  interface FastifyRequest {
    /** The signed-in user, once `app.authenticate` ran; null before or without it. */
    user: AuthUser | null;
    /** The SHA-256 of the request's token (logout revokes it). */
    sessionTokenHash: string | null;
    /** The workstation the token is bound to (its first pull or push), or null. */
    sessionClientId: string | null;
  }
}

export const NOT_SIGNED_IN = new HttpError(401, 'unauthorized', 'Authentification requise : connectez-vous.');
export const SESSION_INVALID = new HttpError(
  401,
  'invalid_session',
  'Session expirée ou révoquée, ou compte désactivé : reconnectez-vous.',
);

/**
 * The workstation was revoked or its user deactivated (issue 14, point 4): it deletes its replica
 * and its token on hearing this (docs/decisions.md, "Remote wipe").
 */
export const WORKSTATION_WIPED_ERROR = new HttpError(401, WORKSTATION_WIPED, WORKSTATION_WIPED_MESSAGE);

export const TWO_FACTOR_SETUP_REQUIRED = new HttpError(
  403,
  'two_factor_setup_required',
  'Le bureau exige la double authentification : configurez-la avant de continuer (Paramètres → Sécurité du compte).',
);

/** The token of an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^Bearer\s+([A-Za-z0-9_-]{16,200})\s*$/i.exec(header);
  return match?.[1] ?? null;
}

export function installAuthentication(app: FastifyInstance, db: ServerDb, now: () => Date): void {
  app.decorateRequest('user', null);
  app.decorateRequest('sessionTokenHash', null);
  app.decorateRequest('sessionClientId', null);

  app.decorate('authenticate', async (request: FastifyRequest) => {
    const token = bearerToken(request.headers.authorization);
    if (token === null) throw NOT_SIGNED_IN;
    const session = await resolveSession(db.db, token, now());
    if (session === null) throw SESSION_INVALID;
    if (isWiped(session)) {
      await markWipeSent(db.db, session.wipedClientId, now());
      throw WORKSTATION_WIPED_ERROR;
    }
    if (session.scope !== 'full' && request.routeOptions.config.twoFactorSetup !== true) throw TWO_FACTOR_SETUP_REQUIRED;
    request.user = session.user;
    request.sessionTokenHash = session.tokenHash;
    request.sessionClientId = session.clientId;
  });

  app.decorate('requireRole', (...roles: Role[]) => async (request: FastifyRequest) => {
    if (request.user === null) throw NOT_SIGNED_IN;
    if (!roles.includes(request.user.role)) {
      const allowed = roles.map((role) => ROLE_LABELS[role].fr.toLowerCase()).join(', ');
      throw new HttpError(403, 'forbidden', `Action réservée aux rôles\u00a0: ${allowed}.`);
    }
  });
}

/** `request.user` on a route behind `app.authenticate`. */
export function userOf(request: FastifyRequest): AuthUser {
  if (request.user === null) throw NOT_SIGNED_IN;
  return request.user;
}
