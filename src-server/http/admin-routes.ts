import { z } from 'zod';
import { ROLES } from '../../src-shared/domain/roles';
import type { User } from '../../src-shared/domain/entities';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../src-shared/domain/password';
import { createUser, updateUser, UserRuleError } from '../auth/users';
import { HttpError } from './errors';
import type { FeaturePlugin } from './feature';
import { parseWith } from './validation';

// POST /api/admin/users and PATCH /api/admin/users/:id (server-api.md), for admins only
// (permissions.md: "manage users"). The rules themselves are in auth/users.ts, shared with the CLI.

const roleSchema = z.enum(ROLES, { message: `Rôle inconnu : ${ROLES.join(', ')}.` });
const passwordSchema = z
  .string({ message: 'Le mot de passe est obligatoire.' })
  .min(PASSWORD_MIN_LENGTH, { message: `Le mot de passe doit compter au moins ${PASSWORD_MIN_LENGTH} caractères.` })
  .max(PASSWORD_MAX_LENGTH, { message: `Le mot de passe doit compter au plus ${PASSWORD_MAX_LENGTH} caractères.` });
const nameSchema = z
  .string({ message: 'Le nom est obligatoire.' })
  .trim()
  .min(1, { message: 'Le nom est obligatoire.' })
  .max(200, { message: 'Le nom compte 200 caractères au plus.' });

const createBody = z.object({
  email: z.string({ message: 'Le courriel est obligatoire.' }).trim().max(254).pipe(z.email({ message: 'Adresse courriel invalide.' })),
  name: nameSchema,
  role: roleSchema,
  password: passwordSchema,
});

const patchBody = z
  .strictObject(
    { name: nameSchema.optional(), role: roleSchema.optional(), active: z.boolean().optional(), password: passwordSchema.optional() },
    { message: 'Champ non modifiable : seuls name, role, active et password le sont.' },
  )
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Aucun champ à modifier.' });

const idParams = z.object({ id: z.uuid({ message: 'Identifiant d’utilisateur invalide.' }) });

/** What the admin endpoints answer about a user: the synced row, never a secret. */
function publicUser(user: User) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
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
      const body = parseWith(createBody, request.body);
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
      const patch = parseWith(patchBody, request.body);
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
