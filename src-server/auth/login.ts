import { eq } from 'drizzle-orm';
import { normalizeEmail } from '../../src-shared/domain/email';
import type { DbExecutor } from '../db/connection';
import { userCredentials, users } from '../db/schema';
import { verifyAgainstDummy, verifyPassword } from './passwords';
import { createSession, type AuthUser } from './sessions';
import { LoginThrottle } from './throttle';

// Signing in (POST /api/auth/login). Throttling has two layers: the e-mail+IP pair in memory
// (auth/throttle.ts: slowed after 5 failures, locked after 10), and the account in
// user_credentials, which holds across IPs and server processes: 10 failures with no more than
// the window between two of them lock the account for the same time. Success clears both.

export type LoginOutcome =
  | { kind: 'ok'; token: string; user: AuthUser }
  | { kind: 'invalid' }
  | { kind: 'inactive' }
  | { kind: 'locked'; retryAfterSeconds: number };

export interface LoginDeps {
  db: DbExecutor;
  throttle: LoginThrottle;
  now: () => Date;
  /** Waits before answering a throttled pair; replaced in tests. */
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function attemptLogin(
  deps: LoginDeps,
  input: { email: string; password: string; ip: string },
): Promise<LoginOutcome> {
  const email = normalizeEmail(input.email) ?? '';
  const key = LoginThrottle.key(email, input.ip);
  const policy = deps.throttle.policy;

  const pairLock = deps.throttle.lockedUntil(key, deps.now().getTime());
  if (pairLock !== null) return locked(pairLock, deps.now());

  const [account] = await deps.db
    .select({
      id: users.id,
      role: users.role,
      name: users.name,
      email: users.email,
      active: users.active,
      deletedAt: users.deletedAt,
      passwordHash: userCredentials.passwordHash,
      failedLogins: userCredentials.failedLogins,
      lockedUntil: userCredentials.lockedUntil,
      credentialsUpdatedAt: userCredentials.updatedAt,
    })
    .from(users)
    .innerJoin(userCredentials, eq(userCredentials.userId, users.id))
    .where(eq(users.email, email));

  if (account?.lockedUntil != null && Date.parse(account.lockedUntil) > deps.now().getTime()) {
    return locked(Date.parse(account.lockedUntil), deps.now());
  }

  const delay = deps.throttle.delayMs(key, deps.now().getTime());
  if (delay > 0) await (deps.sleep ?? defaultSleep)(delay);

  const valid =
    account === undefined || account.deletedAt !== null
      ? await verifyAgainstDummy(input.password)
      : await verifyPassword(account.passwordHash, input.password);

  if (!valid) {
    const now = deps.now();
    const pair = deps.throttle.recordFailure(key, now.getTime());
    let lockedUntil = pair.lockedUntil;
    if (account !== undefined) {
      const sinceLast = now.getTime() - Date.parse(account.credentialsUpdatedAt);
      const failures = sinceLast < policy.windowMs ? account.failedLogins + 1 : 1;
      if (failures >= policy.lockAfter) lockedUntil ??= now.getTime() + policy.lockMs;
      await deps.db
        .update(userCredentials)
        .set({
          failedLogins: lockedUntil !== null ? 0 : failures,
          lockedUntil: lockedUntil !== null ? new Date(lockedUntil).toISOString() : account.lockedUntil,
          updatedAt: now.toISOString(),
        })
        .where(eq(userCredentials.userId, account.id));
    }
    return lockedUntil !== null ? locked(lockedUntil, now) : { kind: 'invalid' };
  }

  // `valid` implies the account exists; the checks below only narrow the type.
  if (account === undefined) return { kind: 'invalid' };
  deps.throttle.reset(key);
  if (!account.active) return { kind: 'inactive' };

  const now = deps.now();
  if (account.failedLogins !== 0 || account.lockedUntil !== null) {
    await deps.db
      .update(userCredentials)
      .set({ failedLogins: 0, lockedUntil: null, updatedAt: now.toISOString() })
      .where(eq(userCredentials.userId, account.id));
  }
  const token = await createSession(deps.db, account.id, now);
  return { kind: 'ok', token, user: { id: account.id, role: account.role, name: account.name, email: account.email } };
}

function locked(untilMs: number, now: Date): LoginOutcome {
  return { kind: 'locked', retryAfterSeconds: Math.max(1, Math.ceil((untilMs - now.getTime()) / 1000)) };
}
