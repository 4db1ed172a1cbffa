import { z } from 'zod';
import { adminUserCreateBody, adminUserPatchBody, type AdminUserAnswer } from '~shared/contract/auth';
import type { User } from '~shared/domain/entities';
import { createUser, updateUser, UserRuleError } from '../auth/users';
import { HttpError } from './errors';
import type { FeaturePlugin } from './feature';
import { parseWith } from './validation';

// POST /api/admin/users and PATCH /api/admin/users/:id (server-api.md), for admins only
// (permissions.md: "manage users"). Bodies and answers are src-shared/contract/auth.ts (the
// desktop checks the same rules); the rules on stored accounts are in auth/users.ts, shared with the CLI.

const idParams = z.object({ id: z.uuid({ message: 'Identifiant d’utilisateur invalide.' }) });

/** What the admin endpoints answer about a user: the synced row, never a secret. */
export function publicUser(user: User): AdminUserAnswer {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    titleForm: user.titleForm,
    active: user.active,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    version: user.version,
  };
}

function asHttpError(error: unknown): unknown {
  return error instanceof UserRuleError ? new HttpError(error.status, error.code, error.message) : error;
}

export const adminRoutes: FeaturePlugin = {
  name: 'admin',
  register(app, { db, now, sessionNotices }) {
    // Before the body is read: nobody but an admin gets a body parsed here.
    app.addHook('onRequest', app.authenticate);
    app.addHook('onRequest', async (request) => {
      if (request.user?.role !== 'admin') {
        throw new HttpError(403, 'forbidden', 'Seuls les administrateurs gèrent les comptes des utilisateurs.');
      }
    });

    app.post('/api/admin/users', async (request, reply) => {
      const body = parseWith(adminUserCreateBody, request.body);
      try {
        const { user } = await createUser(db, body, now());
        request.log.info({ userId: request.user!.id, createdUserId: user.id, role: user.role }, 'utilisateur créé');
        return reply.code(201).send(publicUser(user));
      } catch (error) {
        throw asHttpError(error);
      }
    });

    app.patch('/api/admin/users/:id', async (request, reply) => {
      const { id } = parseWith(idParams, request.params, 'invalid_params');
      const patch = parseWith(adminUserPatchBody, request.body);
      try {
        const { user } = await updateUser(db, id, patch, now());
        // Deactivation and a new password revoked the user's tokens: their sockets close. A role
        // change keeps the tokens (every request reads the current role) but closes the sockets,
        // so that the workstation reconnects and pulls its own row at once (docs/decisions.md).
        if (patch.active === false || patch.password !== undefined) await sessionNotices.publish({ kind: 'user_revoked', userId: id });
        else if (patch.role !== undefined) await sessionNotices.publish({ kind: 'user_changed', userId: id });
        request.log.info(
          { userId: request.user!.id, updatedUserId: id, fields: Object.keys(patch) },
          'utilisateur modifié',
        );
        return reply.send(publicUser(user));
      } catch (error) {
        throw asHttpError(error);
      }
    });
  },
};
