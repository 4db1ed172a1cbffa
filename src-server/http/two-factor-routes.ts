import { z } from 'zod';
import {
  passwordConfirmBody,
  securityPolicyBody,
  twoFactorEnableBody,
  type RecoveryCodesAnswer,
  type SecurityPolicyBody,
  type TwoFactorSetupAnswer,
  type TwoFactorStatusAnswer,
} from '~shared/contract/auth';
import { confirmPassword } from '../auth/login';
import { revokeUserSessions, widenSession } from '../auth/sessions';
import type { ThrottlePolicy } from '../auth/throttle';
import {
  beginTwoFactorSetup,
  confirmTwoFactorSetup,
  officeRequiresTwoFactor,
  removeTwoFactor,
  replaceRecoveryCodes,
  setOfficeRequiresTwoFactor,
  twoFactorStatus,
  TwoFactorError,
} from '../auth/two-factor';
import { eq } from 'drizzle-orm';
import type { DbExecutor } from '../db/connection';
import { settings, users } from '../db/schema';
import { userOf } from './authenticate';
import { HttpError } from './errors';
import type { FeaturePlugin } from './feature';
import { parseWith } from './validation';

// Two-factor sign-in (issue 14, point 3). For the signed-in user: GET /api/auth/two-factor, POST
// …/setup (a secret to scan), …/enable (its first code; answers the recovery codes once),
// …/recovery-codes and …/disable (both need the password again). For admins: GET and PUT
// /api/admin/security (require it of everyone) and POST /api/admin/users/:id/two-factor/reset
// (a lost phone). A token issued while the office requires a second factor the account lacks
// reaches only the status, set-up and enable routes (and /api/auth/me, logout).

const idParams = z.object({ id: z.uuid({ message: 'Identifiant d’utilisateur invalide.' }) });

async function officeName(db: DbExecutor): Promise<string> {
  const [row] = await db.select({ name: settings.officeName }).from(settings).limit(1);
  return row?.name ?? 'Bureau';
}

function asHttpError(error: unknown): unknown {
  return error instanceof TwoFactorError ? new HttpError(error.status, error.code, error.message) : error;
}

export function twoFactorRoutes(options: { policy: ThrottlePolicy }): FeaturePlugin {
  return {
    name: 'two-factor',
    register(app, { db, now, sessionNotices }) {
      const setupAllowed = { onRequest: app.authenticate, config: { twoFactorSetup: true } };
      const signedIn = { onRequest: app.authenticate };

      const checkPassword = async (userId: string, body: unknown) => {
        const { password } = parseWith(passwordConfirmBody, body);
        const outcome = await confirmPassword(db.db, userId, password, now(), options.policy);
        if (outcome === 'invalid') throw new HttpError(403, 'invalid_password', 'Mot de passe incorrect : rien n’a été changé.');
        if (outcome !== 'ok') {
          throw new HttpError(429, 'login_locked', 'Trop de mots de passe incorrects : réessayez plus tard.', {}, { 'retry-after': String(outcome.locked) });
        }
      };

      app.get('/api/auth/two-factor', setupAllowed, async (request): Promise<TwoFactorStatusAnswer> => twoFactorStatus(db.db, userOf(request).id));

      app.post('/api/auth/two-factor/setup', setupAllowed, async (request): Promise<TwoFactorSetupAnswer> => {
        const user = userOf(request);
        if ((await twoFactorStatus(db.db, user.id)).enabled) {
          throw new HttpError(409, 'two_factor_enabled', 'La double authentification est déjà active : désactivez-la d’abord pour changer de téléphone.');
        }
        return beginTwoFactorSetup(db.db, user, await officeName(db.db), now());
      });

      app.post('/api/auth/two-factor/enable', setupAllowed, async (request): Promise<RecoveryCodesAnswer> => {
        const user = userOf(request);
        const { code } = parseWith(twoFactorEnableBody, request.body);
        try {
          const recoveryCodes = await db.db.transaction((tx) => confirmTwoFactorSetup(tx, user.id, code, now()));
          await widenSession(db.db, request.sessionTokenHash!);
          request.log.info({ userId: user.id }, 'double authentification activée');
          return { recoveryCodes };
        } catch (error) {
          throw asHttpError(error);
        }
      });

      app.post('/api/auth/two-factor/recovery-codes', signedIn, async (request): Promise<RecoveryCodesAnswer> => {
        const user = userOf(request);
        await checkPassword(user.id, request.body);
        if (!(await twoFactorStatus(db.db, user.id)).enabled) {
          throw new HttpError(409, 'two_factor_disabled', 'La double authentification n’est pas active : il n’y a pas de codes de secours à renouveler.');
        }
        const recoveryCodes = await db.db.transaction((tx) => replaceRecoveryCodes(tx, user.id, now()));
        return { recoveryCodes };
      });

      app.post('/api/auth/two-factor/disable', signedIn, async (request, reply) => {
        const user = userOf(request);
        await checkPassword(user.id, request.body);
        if (await officeRequiresTwoFactor(db.db)) {
          throw new HttpError(409, 'two_factor_required', 'Le bureau exige la double authentification : elle ne peut pas être désactivée. Pour changer de téléphone, demandez à un administrateur de la réinitialiser.');
        }
        await db.db.transaction((tx) => removeTwoFactor(tx, user.id, now()));
        request.log.info({ userId: user.id }, 'double authentification désactivée');
        return reply.send({ enabled: false });
      });

      app.register(async (admin) => {
        admin.addHook('onRequest', app.authenticate);
        admin.addHook('onRequest', async (request) => {
          if (request.user?.role !== 'admin') throw new HttpError(403, 'forbidden', 'Seuls les administrateurs règlent la sécurité du bureau.');
        });

        admin.get('/api/admin/security', async (): Promise<SecurityPolicyBody> => ({ requireTwoFactor: await officeRequiresTwoFactor(db.db) }));

        admin.put('/api/admin/security', async (request): Promise<SecurityPolicyBody> => {
          const body = parseWith(securityPolicyBody, request.body);
          await setOfficeRequiresTwoFactor(db.db, body.requireTwoFactor, userOf(request).id, now());
          request.log.info({ userId: userOf(request).id, requireTwoFactor: body.requireTwoFactor }, 'règle de double authentification');
          return body;
        });

        // A lost phone: the user signs in with the password alone (and sets up a new phone
        // first where the office requires it). Their sessions end, in case the phone was stolen.
        admin.post('/api/admin/users/:id/two-factor/reset', async (request, reply) => {
          const { id } = parseWith(idParams, request.params, 'invalid_params');
          const [found] = await db.db.select({ id: users.id }).from(users).where(eq(users.id, id));
          if (found === undefined) throw new HttpError(404, 'not_found', 'Utilisateur introuvable.');
          await db.db.transaction(async (tx) => {
            await removeTwoFactor(tx, id, now());
            await revokeUserSessions(tx, id, now());
          });
          await sessionNotices.publish({ kind: 'user_revoked', userId: id });
          request.log.info({ userId: userOf(request).id, resetUserId: id }, 'double authentification réinitialisée');
          return reply.send({ enabled: false });
        });
      });
    },
  };
}
