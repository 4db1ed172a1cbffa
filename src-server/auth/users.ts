import { and, count, eq, isNull, ne } from 'drizzle-orm';
import { ACCOUNT_NAME_MAX_LENGTH } from '~shared/contract/auth';
import { isValidEmail, normalizeEmail } from '~shared/domain/email';
import type { User } from '~shared/domain/entities';
import { newId } from '~shared/ids';
import type { Role, TitleForm } from '~shared/domain/roles';
import type { ServerDb, ServerTx, VersionAllocator } from '../db/connection';
import { isUniqueViolation } from '../db/errors';
import { clients, userCredentials, users } from '../db/schema';
import { passwordProblem } from '~shared/domain/password';
import { hashPassword } from './passwords';
import { revokeUserSessions } from './sessions';
import { requestUserWipe } from './workstations';
import { newCalendarSecret } from './tokens';

// Managing users: the admin endpoints, the CLI and the first administrator all go through here.
// A user is a synced row (every workstation sees its colleagues), so each change writes the
// `users` row with a new version inside a writeTransaction; secrets go to user_credentials,
// which never syncs. Password hashing happens before the transaction: it is slow on purpose and
// the version counter's lock must not wait for it.

export class UserRuleError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'UserRuleError';
  }
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  /** « Directrice » or « Directeur » (issue 15, point 9); absent or null: the role's usual word. */
  titleForm?: TitleForm | null | undefined;
  password: string;
}

export interface UserPatch {
  name?: string;
  role?: Role;
  titleForm?: TitleForm | null;
  active?: boolean;
  password?: string;
}

export interface UserChange {
  user: User;
  /** Highest version written (null when only secrets changed). */
  lastVersion: number | null;
}

const EMAIL_TAKEN = 'Un utilisateur existe déjà avec ce courriel.';

export async function createUser(db: ServerDb, input: NewUser, now: Date): Promise<UserChange> {
  const email = checkedEmail(input.email);
  const name = checkedName(input.name);
  checkPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  try {
    const { result, lastVersion } = await db.writeTransaction(async (tx, versions) => {
      const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
      if (taken !== undefined) throw new UserRuleError(409, 'email_taken', EMAIL_TAKEN);
      return insertUser(tx, versions, { email, name, role: input.role, titleForm: input.titleForm ?? null, passwordHash }, now);
    });
    return { user: result, lastVersion };
  } catch (error) {
    // The counter's lock makes the check above reliable; this is the database's own word on it.
    if (isUniqueViolation(error)) throw new UserRuleError(409, 'email_taken', EMAIL_TAKEN);
    throw error;
  }
}

async function insertUser(
  tx: ServerTx,
  versions: VersionAllocator,
  input: { email: string; name: string; role: Role; titleForm?: TitleForm | null; passwordHash: string },
  now: Date,
): Promise<User> {
  const at = now.toISOString();
  const user: User = {
    id: newId(),
    version: versions.next(),
    deletedAt: null,
    createdAt: at,
    updatedAt: at,
    email: input.email,
    name: input.name,
    role: input.role,
    titleForm: input.titleForm ?? null,
    active: true,
  };
  await tx.insert(users).values(user);
  await tx.insert(userCredentials).values({
    userId: user.id,
    passwordHash: input.passwordHash,
    calendarSecret: newCalendarSecret(),
    updatedAt: at,
  });
  return user;
}

export async function updateUser(db: ServerDb, id: string, patch: UserPatch, now: Date): Promise<UserChange> {
  const name = patch.name === undefined ? undefined : checkedName(patch.name);
  if (patch.password !== undefined) checkPassword(patch.password);
  const passwordHash = patch.password === undefined ? undefined : await hashPassword(patch.password);
  const at = now.toISOString();

  const { result, lastVersion } = await db.writeTransaction(async (tx, versions) => {
    const [current] = await tx.select().from(users).where(eq(users.id, id));
    if (current === undefined || current.deletedAt !== null) {
      throw new UserRuleError(404, 'not_found', 'Utilisateur introuvable.');
    }
    const next: User = {
      ...current,
      name: name ?? current.name,
      role: patch.role ?? current.role,
      titleForm: patch.titleForm === undefined ? current.titleForm : patch.titleForm,
      active: patch.active ?? current.active,
    };

    if (next.role === 'secretary' && current.role !== 'secretary') {
      const owned = await countOwnedClients(tx, id);
      if (owned > 0) {
        throw new UserRuleError(
          409,
          'secretary_rule',
          `Une secrétaire ne peut jamais être propriétaire d’un client : cet utilisateur possède ${owned} client(s). ` +
            'Attribuez-les d’abord à une conseillère.',
        );
      }
    }
    const losesAdmin = current.role === 'admin' && current.active && (next.role !== 'admin' || !next.active);
    if (losesAdmin && (await countOtherActiveAdmins(tx, id)) === 0) {
      throw new UserRuleError(
        409,
        'last_admin',
        'Le bureau doit garder au moins un administrateur actif : nommez-en un autre avant ce changement.',
      );
    }

    const changed =
      next.name !== current.name || next.role !== current.role || next.titleForm !== current.titleForm || next.active !== current.active;
    if (changed) {
      next.version = versions.next();
      next.updatedAt = at;
      await tx
        .update(users)
        .set({ name: next.name, role: next.role, titleForm: next.titleForm, active: next.active, version: next.version, updatedAt: at })
        .where(eq(users.id, id));
    }
    if (passwordHash !== undefined) {
      // A new password also lifts a lockout: the administrator has just vouched for the account.
      await tx
        .update(userCredentials)
        .set({ passwordHash, failedLogins: 0, lockedUntil: null, updatedAt: at })
        .where(eq(userCredentials.userId, id));
    }
    // Deactivation revokes every token at once (server-api.md); so does a new password, in case
    // the old one was the reason for the change.
    if ((current.active && !next.active) || passwordHash !== undefined) await revokeUserSessions(tx, id, now);
    // A deactivated user's workstations delete their data at their next contact (issue 14, point 4).
    if (current.active && !next.active) await requestUserWipe(tx, id, now);
    return next;
  });
  return { user: result, lastVersion };
}

/** `npm run office -- user:deactivate --email E`. */
export async function deactivateUserByEmail(db: ServerDb, email: string, now: Date): Promise<UserChange> {
  const normalized = normalizeEmail(email) ?? '';
  const [user] = await db.db.select({ id: users.id }).from(users).where(eq(users.email, normalized));
  if (user === undefined) throw new UserRuleError(404, 'not_found', 'Aucun utilisateur avec ce courriel.');
  return updateUser(db, user.id, { active: false }, now);
}

/**
 * The first administrator from OFFICE_ADMIN_EMAIL / OFFICE_ADMIN_PASSWORD, only on a database
 * without any user (server-api.md), so it never comes back once the office has users.
 */
export async function ensureFirstAdmin(
  db: ServerDb,
  firstAdmin: { email: string; password: string } | null,
  now: Date,
): Promise<'created' | 'users_exist' | 'not_configured'> {
  if (await hasAnyUser(db)) return 'users_exist';
  if (firstAdmin === null) return 'not_configured';
  const passwordHash = await hashPassword(firstAdmin.password);
  const { result } = await db.writeTransaction(async (tx, versions) => {
    // Checked again under the counter's lock: two processes may start together on PostgreSQL.
    const [row] = await tx.select({ n: count() }).from(users);
    if ((row?.n ?? 0) > 0) return 'users_exist' as const;
    await insertUser(
      tx,
      versions,
      { email: checkedEmail(firstAdmin.email), name: 'Administrateur', role: 'admin', passwordHash },
      now,
    );
    return 'created' as const;
  });
  return result;
}

/**
 * The office's first administrator as the hosting workstation sets the office up (POST
 * /api/host/setup): created only while the office has no user, checked under the version
 * counter's lock, so two requests racing can never both succeed; `alsoWrite` runs in the same
 * transaction (the office's name). Null when the office already has a user.
 */
export async function createFirstAdmin(
  db: ServerDb,
  input: Omit<NewUser, 'role'>,
  now: Date,
  alsoWrite: (tx: ServerTx, versions: VersionAllocator) => Promise<void> = async () => {},
): Promise<UserChange | null> {
  const email = checkedEmail(input.email);
  const name = checkedName(input.name);
  checkPassword(input.password);
  if (await hasAnyUser(db)) return null;
  const passwordHash = await hashPassword(input.password);
  const { result, lastVersion } = await db.writeTransaction(async (tx, versions) => {
    const [row] = await tx.select({ n: count() }).from(users);
    if ((row?.n ?? 0) > 0) return null;
    const user = await insertUser(tx, versions, { email, name, role: 'admin', titleForm: input.titleForm ?? null, passwordHash }, now);
    await alsoWrite(tx, versions);
    return user;
  });
  return result === null ? null : { user: result, lastVersion };
}

export async function hasAnyUser(db: ServerDb): Promise<boolean> {
  const [row] = await db.db.select({ n: count() }).from(users);
  return (row?.n ?? 0) > 0;
}

async function countOwnedClients(tx: ServerTx, userId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(clients)
    .where(and(eq(clients.ownerId, userId), isNull(clients.deletedAt)));
  return row?.n ?? 0;
}

async function countOtherActiveAdmins(tx: ServerTx, userId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.active, true), isNull(users.deletedAt), ne(users.id, userId)));
  return row?.n ?? 0;
}

function checkedEmail(raw: string): string {
  const email = normalizeEmail(raw);
  if (email === null || !isValidEmail(email)) {
    throw new UserRuleError(400, 'invalid_email', 'Adresse courriel invalide.');
  }
  return email;
}

function checkedName(raw: string): string {
  const name = raw.trim();
  if (name === '' || name.length > ACCOUNT_NAME_MAX_LENGTH) {
    throw new UserRuleError(400, 'invalid_name', `Le nom est obligatoire (${ACCOUNT_NAME_MAX_LENGTH} caractères au plus).`);
  }
  return name;
}

function checkPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem !== null) throw new UserRuleError(400, 'invalid_password', problem);
}
