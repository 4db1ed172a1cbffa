import { z } from 'zod';
import { attemptLogin } from '../auth/login';
import { PASSWORD_MAX_LENGTH } from '../../src-shared/domain/password';
import { revokeSession } from '../auth/sessions';
import type { LoginThrottle } from '../auth/throttle';
import { userOf } from './authenticate';
import { HttpError } from './errors';
import type { FeaturePlugin } from './feature';
import { parseWith } from './validation';

// POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me (server-api.md).

const loginBody = z.object({
  email: z.string({ message: 'Le courriel est obligatoire.' }).trim().min(1, { message: 'Le courriel est obligatoire.' }).max(254),
  password: z
    .string({ message: 'Le mot de passe est obligatoire.' })
    .min(1, { message: 'Le mot de passe est obligatoire.' })
    .max(PASSWORD_MAX_LENGTH, { message: 'Mot de passe trop long.' }),
});

export interface AuthRoutesOptions {
  throttle: LoginThrottle;
  /** Waits before answering a throttled e-mail+IP; tests make it instant. */
  sleep?: (ms: number) => Promise<void>;
}

export function authRoutes(options: AuthRoutesOptions): FeaturePlugin {
  return {
    name: 'auth',
    register(app, { db, now, metrics }) {
      const failures = metrics.counter('bureau_login_failures_total', 'Failed sign-in attempts.');
      const lockouts = metrics.counter('bureau_login_lockouts_total', 'Sign-in attempts answered 429 (locked).');

      app.post('/api/auth/login', async (request, reply) => {
        const body = parseWith(loginBody, request.body);
        const outcome = await attemptLogin(
          { db: db.db, throttle: options.throttle, now, sleep: options.sleep },
          { email: body.email, password: body.password, ip: request.ip },
        );
        switch (outcome.kind) {
          case 'ok':
            request.log.info({ userId: outcome.user.id }, 'connexion');
            return reply.send({ token: outcome.token, user: outcome.user });
          case 'locked': {
            lockouts.inc();
            const minutes = Math.ceil(outcome.retryAfterSeconds / 60);
            throw new HttpError(
              429,
              'login_locked',
              `Trop de tentatives de connexion échouées : réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`,
              {},
              { 'retry-after': String(outcome.retryAfterSeconds) },
            );
          }
          case 'inactive':
            throw new HttpError(401, 'account_inactive', 'Ce compte est désactivé : adressez-vous à l’administrateur du bureau.');
          case 'invalid':
            failures.inc();
            throw new HttpError(401, 'invalid_credentials', 'Courriel ou mot de passe incorrect.');
        }
      });

      app.post('/api/auth/logout', { preHandler: app.authenticate }, async (request, reply) => {
        await revokeSession(db.db, request.sessionTokenHash!, now());
        request.log.info({ userId: userOf(request).id }, 'déconnexion');
        return reply.send({ revoked: true });
      });

      app.get('/api/auth/me', { preHandler: app.authenticate }, async (request) => userOf(request));
    },
  };
}
