import { and, eq, sql } from 'drizzle-orm';
import { normalizeEmail } from '~shared/domain/email';
import type { DbExecutor } from '../db/connection';
import { userCredentials, users } from '../db/schema';
import { verifyAgainstDummy, verifyPassword } from './passwords';
import { createSession, type AuthUser } from './sessions';
import { LoginThrottle, type ThrottlePolicy } from './throttle';
import { officeRequiresTwoFactor, spendSecondFactor } from './two-factor';

// Signing in (POST /api/auth/login). Throttling has two layers: the e-mail+IP pair in memory
// (auth/throttle.ts: slowed after 5 failures, locked after 10), and the account in
// user_credentials, which holds across IPs and server processes: 10 failures with no more than
// the window between two of them lock the account for the same time. Success clears both.
//
// Both layers count an attempt as a failure *before* its password is checked, and forget it only
// when the password was right (issue 8, point 2): a check is the guess an attacker wants, so the
// tenth is the last one ever checked within the window, however many arrive at once. The account's
// count is one atomic UPDATE, which PostgreSQL serializes on the row: it holds across server
// processes sharing the database. A deactivated or deleted account is a failure like a wrong
// password, with the same answer, so that a right password does not show through (point 3).

export type LoginOutcome =
  /** `twoFactorSetup`: the office requires a second factor this account lacks; the token only reaches its set-up. */
  | { kind: 'ok'; token: string; user: AuthUser; twoFactorSetup: boolean }
  | { kind: 'invalid' }
  /** The password was right; the account asks for its second factor too (still counted as a failure). */
  | { kind: 'second_factor_required' }
  | { kind: 'invalid_second_factor' }
  | { kind: 'locked'; retryAfterSeconds: number }
  /** Too many checks in flight from this address: nothing was checked. */
  | { kind: 'busy' };

export interface LoginDeps {
  db: DbExecutor;
  throttle: LoginThrottle;
  now: () => Date;
  /** Waits before answering a throttled pair; replaced in tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Called each time a password is checked (argon2), for the metrics. */
  onPasswordCheck?: () => void;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function attemptLogin(
  deps: LoginDeps,
  input: { email: string; password: string; code?: string | undefined; ip: string },
): Promise<LoginOutcome> {
  const email = normalizeEmail(input.email) ?? '';
  const key = LoginThrottle.key(email, input.ip);
  const policy = deps.throttle.policy;

  // Synchronous up to the first await: no other attempt can slip between the check and the count.
  const start = deps.now().getTime();
  const pairLock = deps.throttle.lockedUntil(key, start);
  if (pairLock !== null) return locked(pairLock, deps.now());
  if (!deps.throttle.enter(input.ip)) return { kind: 'busy' };
  try {
    const delay = deps.throttle.delayMs(key, start);
    const pair = deps.throttle.recordFailure(key, start);

    const [account] = await deps.db
      .select({
        id: users.id,
        role: users.role,
        name: users.name,
        email: users.email,
        active: users.active,
        deletedAt: users.deletedAt,
        passwordHash: userCredentials.passwordHash,
        totpSecret: userCredentials.totpSecret,
      })
      .from(users)
      .innerJoin(userCredentials, eq(userCredentials.userId, users.id))
      .where(eq(users.email, email));

    let accountLock: number | null = null;
    if (account !== undefined) {
      const counted = await countAccountFailure(deps.db, account.id, deps.now(), policy);
      if (counted.refused) return locked(counted.lockedUntil, deps.now());
      accountLock = counted.lockedUntil;
    }

    if (delay > 0) await (deps.sleep ?? defaultSleep)(delay);

    const usable = account !== undefined && account.deletedAt === null && account.active;
    deps.onPasswordCheck?.();
    const valid = usable ? await verifyPassword(account.passwordHash, input.password) : await verifyAgainstDummy(input.password);

    if (!valid || !usable) {
      // The failure is already counted; the lock, if this one was the tenth, already set.
      const until = pair.lockedUntil ?? accountLock;
      return until !== null ? locked(until, deps.now()) : { kind: 'invalid' };
    }

    // The second factor is guessed under the same counts as the password: both reset only when
    // everything was right, so a stolen password gives no more code guesses than password ones.
    if (account.totpSecret !== null) {
      if (input.code === undefined || input.code.trim() === '') return { kind: 'second_factor_required' };
      if (!(await spendSecondFactor(deps.db, account.id, account.totpSecret, input.code, deps.now()))) {
        const until = pair.lockedUntil ?? accountLock;
        return until !== null ? locked(until, deps.now()) : { kind: 'invalid_second_factor' };
      }
    }

    deps.throttle.reset(key);
    const now = deps.now();
    await clearFailures(deps.db, account.id, now);
    const twoFactorSetup = account.totpSecret === null && (await officeRequiresTwoFactor(deps.db));
    const token = await createSession(deps.db, account.id, now, twoFactorSetup ? 'two_factor_setup' : 'full');
    return { kind: 'ok', token, user: { id: account.id, role: account.role, name: account.name, email: account.email }, twoFactorSetup };
  } finally {
    deps.throttle.leave(input.ip);
  }
}

/**
 * The signed-in user's password asked again before a sensitive change (turning off the second
 * factor): a stolen session has no password. Counted like a sign-in, so it is no guessing oracle.
 */
export async function confirmPassword(
  db: DbExecutor,
  userId: string,
  password: string,
  now: Date,
  policy: ThrottlePolicy,
): Promise<'ok' | 'invalid' | { locked: number }> {
  const counted = await countAccountFailure(db, userId, now, policy);
  if (counted.refused) return { locked: Math.max(1, Math.ceil((counted.lockedUntil - now.getTime()) / 1000)) };
  const [row] = await db.select({ hash: userCredentials.passwordHash }).from(userCredentials).where(eq(userCredentials.userId, userId));
  if (row === undefined || !(await verifyPassword(row.hash, password))) return 'invalid';
  await clearFailures(db, userId, now);
  return 'ok';
}

/** Everything was right: the account's failure count and lock are forgotten. */
async function clearFailures(db: DbExecutor, userId: string, now: Date): Promise<void> {
  await db.update(userCredentials).set({ failedLogins: 0, lockedUntil: null, updatedAt: now.toISOString() }).where(eq(userCredentials.userId, userId));
}

/**
 * Counts one failure against the account before its password is checked, in one statement: the
 * count restarts at 1 when the last failure is older than the window, and the tenth sets the
 * lock (a right password lifts it again). Refused, changing nothing, while a lock runs.
 */
async function countAccountFailure(
  db: DbExecutor,
  userId: string,
  now: Date,
  policy: ThrottlePolicy,
): Promise<{ refused: false; lockedUntil: number | null } | { refused: true; lockedUntil: number }> {
  const at = now.toISOString();
  const windowStart = new Date(now.getTime() - policy.windowMs).toISOString();
  const lockEnd = new Date(now.getTime() + policy.lockMs).toISOString();
  const count = sql`(case when ${userCredentials.updatedAt} > ${windowStart}::timestamptz then ${userCredentials.failedLogins} + 1 else 1 end)`;
  const reached = sql`${count} >= ${policy.lockAfter}`;
  const [counted] = await db
    .update(userCredentials)
    .set({
      failedLogins: sql`case when ${reached} then 0 else ${count} end`,
      lockedUntil: sql`case when ${reached} then ${lockEnd}::timestamptz else null end`,
      updatedAt: at,
    })
    .where(
      and(
        eq(userCredentials.userId, userId),
        sql`(${userCredentials.lockedUntil} is null or ${userCredentials.lockedUntil} <= ${at}::timestamptz)`,
      ),
    )
    .returning({ lockedUntil: userCredentials.lockedUntil });
  if (counted !== undefined) return { refused: false, lockedUntil: counted.lockedUntil === null ? null : Date.parse(counted.lockedUntil) };

  const [current] = await db
    .select({ lockedUntil: userCredentials.lockedUntil })
    .from(userCredentials)
    .where(eq(userCredentials.userId, userId));
  const until = current?.lockedUntil == null ? Number.NaN : Date.parse(current.lockedUntil);
  // Lifted in between by a right password: the caller still answers "locked", for a second.
  return { refused: true, lockedUntil: until > now.getTime() ? until : now.getTime() + 1000 };
}

function locked(untilMs: number, now: Date): LoginOutcome {
  return { kind: 'locked', retryAfterSeconds: Math.max(1, Math.ceil((untilMs - now.getTime()) / 1000)) };
}
