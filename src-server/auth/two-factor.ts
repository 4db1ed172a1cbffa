import { and, count, eq, isNull, or, sql } from 'drizzle-orm';
import { createHash, randomInt } from 'node:crypto';
import type { DbExecutor } from '../db/connection';
import { recoveryCodes, securityPolicy, userCredentials } from '../db/schema';
import { matchTotp, newTotpSecret, otpauthUri } from './totp';

// Two-factor sign-in (issue 14, point 3): a TOTP secret per user, confirmed by a first code before
// it counts, ten single-use recovery codes, and the office's rule that everyone must have one.
// The secret lives in user_credentials, which never leaves the server; recovery codes are stored
// as SHA-256 hashes (50 random bits each, so a plain hash suffices, as for session tokens).

export const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export class TwoFactorError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TwoFactorError';
  }
}

export interface TwoFactorStatus {
  enabled: boolean;
  required: boolean;
  recoveryCodesLeft: number;
}

export async function officeRequiresTwoFactor(db: DbExecutor): Promise<boolean> {
  const [row] = await db.select({ required: securityPolicy.requireTwoFactor }).from(securityPolicy).where(eq(securityPolicy.id, 1));
  return row?.required ?? false;
}

export async function setOfficeRequiresTwoFactor(db: DbExecutor, required: boolean, actorId: string, now: Date): Promise<void> {
  const at = now.toISOString();
  await db
    .insert(securityPolicy)
    .values({ id: 1, requireTwoFactor: required, updatedAt: at, updatedById: actorId })
    .onConflictDoUpdate({ target: securityPolicy.id, set: { requireTwoFactor: required, updatedAt: at, updatedById: actorId } });
}

export async function twoFactorStatus(db: DbExecutor, userId: string): Promise<TwoFactorStatus> {
  const [credentials] = await db.select({ secret: userCredentials.totpSecret }).from(userCredentials).where(eq(userCredentials.userId, userId));
  const [left] = await db
    .select({ n: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return { enabled: (credentials?.secret ?? null) !== null, required: await officeRequiresTwoFactor(db), recoveryCodesLeft: left?.n ?? 0 };
}

/** A new secret to scan, kept pending until a first code proves the app has it. */
export async function beginTwoFactorSetup(
  db: DbExecutor,
  user: { id: string; email: string },
  issuer: string,
  now: Date,
): Promise<{ secret: string; uri: string }> {
  const secret = newTotpSecret();
  await db.update(userCredentials).set({ totpPendingSecret: secret, updatedAt: now.toISOString() }).where(eq(userCredentials.userId, user.id));
  return { secret, uri: otpauthUri(secret, user.email, issuer || 'Bureau') };
}

/** Turns the pending secret on with its first code; answers the recovery codes, shown once. */
export async function confirmTwoFactorSetup(db: DbExecutor, userId: string, code: string, now: Date): Promise<string[]> {
  const [credentials] = await db
    .select({ pending: userCredentials.totpPendingSecret })
    .from(userCredentials)
    .where(eq(userCredentials.userId, userId));
  const pending = credentials?.pending ?? null;
  if (pending === null) {
    throw new TwoFactorError(409, 'two_factor_not_started', 'Commencez par afficher le code QR à scanner, puis entrez le code que l’application affiche.');
  }
  const step = matchTotp(pending, code, now, null);
  if (step === null) {
    throw new TwoFactorError(422, 'invalid_second_factor', 'Ce code ne correspond pas : vérifiez que l’heure du téléphone est juste et entrez le code affiché maintenant.');
  }
  const at = now.toISOString();
  const updated = await db
    .update(userCredentials)
    .set({ totpSecret: pending, totpPendingSecret: null, totpEnabledAt: at, totpLastStep: step, updatedAt: at })
    // Only the secret just checked: a second set-up begun meanwhile is not switched on by this code.
    .where(and(eq(userCredentials.userId, userId), eq(userCredentials.totpPendingSecret, pending)))
    .returning({ userId: userCredentials.userId });
  if (updated.length === 0) {
    throw new TwoFactorError(409, 'two_factor_not_started', 'Un autre code QR a été affiché entre-temps : scannez le plus récent.');
  }
  return replaceRecoveryCodes(db, userId, now);
}

/** Ten new recovery codes; the earlier ones stop working. */
export async function replaceRecoveryCodes(db: DbExecutor, userId: string, now: Date): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await db.insert(recoveryCodes).values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code), createdAt: now.toISOString() })));
  return codes;
}

/** Two-factor sign-in off for this user (by the user, or by an admin after a lost phone). */
export async function removeTwoFactor(db: DbExecutor, userId: string, now: Date): Promise<void> {
  await db
    .update(userCredentials)
    .set({ totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null, updatedAt: now.toISOString() })
    .where(eq(userCredentials.userId, userId));
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
}

/**
 * Whether `typed` is this user's code now (a TOTP code not used before, or an unused recovery
 * code), spending it. Each is spent by one conditional UPDATE, so the same code sent twice at
 * once signs in once.
 */
export async function spendSecondFactor(db: DbExecutor, userId: string, secret: string, typed: string, now: Date): Promise<boolean> {
  const [credentials] = await db.select({ lastStep: userCredentials.totpLastStep }).from(userCredentials).where(eq(userCredentials.userId, userId));
  const step = matchTotp(secret, typed, now, credentials?.lastStep ?? null);
  if (step !== null) {
    const spent = await db
      .update(userCredentials)
      .set({ totpLastStep: step })
      .where(and(eq(userCredentials.userId, userId), or(isNull(userCredentials.totpLastStep), sql`${userCredentials.totpLastStep} < ${step}`)))
      .returning({ userId: userCredentials.userId });
    return spent.length > 0;
  }
  const normalized = normalizeRecoveryCode(typed);
  if (normalized === null) return false;
  const spent = await db
    .update(recoveryCodes)
    .set({ usedAt: now.toISOString() })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashRecoveryCode(normalized)), isNull(recoveryCodes.usedAt)))
    .returning({ userId: recoveryCodes.userId });
  return spent.length > 0;
}

/** XXXXX-XXXXX from an alphabet without 0/O or 1/I, easy to read back from paper. */
function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

function normalizeRecoveryCode(typed: string): string | null {
  const clean = typed.toUpperCase().replace(/[\s-]/g, '');
  if (clean.length !== 10 || [...clean].some((char) => !RECOVERY_ALPHABET.includes(char))) return null;
  return `${clean.slice(0, 5)}-${clean.slice(5)}`;
}

function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(`bureau-recovery:${code}`, 'utf8').digest('hex');
}
