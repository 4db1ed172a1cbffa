import { loginBody, SECOND_FACTOR_REQUIRED, type DemoOfficeAnswer, type LoginAnswer, type MeAnswer } from '~shared/contract/auth';
import { attemptLogin } from '../auth/login';
import { revokeSession } from '../auth/sessions';
import type { LoginThrottle } from '../auth/throttle';
import { demoOfficeSignIn } from '../seed/demo-office';
import { userOf } from './authenticate';
import { HttpError } from './errors';
import type { FeaturePlugin } from './feature';
import { parseWith } from './validation';

// POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me, GET /api/auth/demo (server-api.md);
// bodies and answers are src-shared/contract/auth.ts, which the desktop parses them with.

/**
 * Every failed sign-in, a deactivated account's included: telling them apart would confirm that
 * a guessed password is right (issue 8, point 3).
 */
export const INVALID_CREDENTIALS = new HttpError(
  401,
  'invalid_credentials',
  'Courriel ou mot de passe incorrect, ou compte désactivé.',
);

export interface AuthRoutesOptions {
  throttle: LoginThrottle;
  /** Waits before answering a throttled e-mail+IP; tests make it instant. */
  sleep?: (ms: number) => Promise<void>;
}

export function authRoutes(options: AuthRoutesOptions): FeaturePlugin {
  return {
    name: 'auth',
    register(app, { db, now, metrics, sessionNotices }) {
      const failures = metrics.counter('bureau_login_failures_total', 'Failed sign-in attempts.');
      const lockouts = metrics.counter('bureau_login_lockouts_total', 'Sign-in attempts answered 429 (locked).');
      const checks = metrics.counter(
        'bureau_login_password_checks_total',
        'Passwords checked with argon2 at sign-in (the stand-in check for unknown or deactivated accounts included).',
      );

      app.post('/api/auth/login', async (request, reply) => {
        const body = parseWith(loginBody, request.body);
        const outcome = await attemptLogin(
          { db: db.db, throttle: options.throttle, now, sleep: options.sleep, onPasswordCheck: () => checks.inc() },
          { email: body.email, password: body.password, code: body.code, ip: request.ip },
        );
        switch (outcome.kind) {
          case 'ok': {
            request.log.info({ userId: outcome.user.id }, 'connexion');
            const { id, name, email, role } = outcome.user;
            const answer: LoginAnswer = { token: outcome.token, user: { id, name, email, role } };
            if (outcome.twoFactorSetup) answer.twoFactorSetup = true;
            return reply.send(answer);
          }
          // The password was right: the desktop asks for the code and sends both again.
          case 'second_factor_required':
            throw new HttpError(401, 'second_factor_required', SECOND_FACTOR_REQUIRED);
          case 'invalid_second_factor':
            failures.inc();
            throw new HttpError(401, 'invalid_second_factor', 'Code incorrect ou déjà utilisé : entrez le code affiché maintenant par l’application, ou un code de secours.');
          case 'locked': {
            lockouts.inc();
            const minutes = Math.ceil(outcome.retryAfterSeconds / 60);
            throw new HttpError(
              429,
              'login_locked',
              `Trop de tentatives de connexion échouées : réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`,
              {},
              { 'retry-after': String(outcome.retryAfterSeconds) },
            );
          }
          case 'busy':
            lockouts.inc();
            throw new HttpError(
              429,
              'login_busy',
              'Trop de tentatives de connexion en cours depuis cette adresse : réessayez dans un moment.',
              {},
              { 'retry-after': '1' },
            );
          case 'invalid':
            failures.inc();
            throw INVALID_CREDENTIALS;
        }
      });

      app.post('/api/auth/logout', { onRequest: app.authenticate, config: { twoFactorSetup: true } }, async (request, reply) => {
        await revokeSession(db.db, request.sessionTokenHash!, now());
        // Its poke socket, on this process or another, closes too.
        await sessionNotices.publish({ kind: 'token', tokenHash: request.sessionTokenHash! });
        request.log.info({ userId: userOf(request).id }, 'déconnexion');
        return reply.send({ revoked: true });
      });

      // The demo office's accounts for the sign-in screen. Anywhere else the answer is an unknown
      // route's, word for word: nothing tells a real office's visitor which accounts exist.
      app.get('/api/auth/demo', async (): Promise<DemoOfficeAnswer> => {
        const answer = await demoOfficeSignIn(db);
        if (answer === null) throw new HttpError(404, 'not_found', 'Ressource introuvable.');
        return answer;
      });

      // The user itself, not wrapped: one shape, the one the desktop parses (MeAnswer).
      app.get('/api/auth/me', { onRequest: app.authenticate, config: { twoFactorSetup: true } }, async (request): Promise<MeAnswer> => {
        const { id, name, email, role } = userOf(request);
        return { id, name, email, role };
      });
    },
  };
}
