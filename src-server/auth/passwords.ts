import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';

// Passwords are stored as argon2id hashes (issue 3, point 2) with OWASP's baseline parameters:
// 19 MiB, two passes, one lane — a few tens of milliseconds on an office PC.

const ARGON2ID = 2 as Algorithm; // Algorithm.Argon2id (a const enum, unreachable under isolatedModules)

export const PASSWORD_HASH_OPTIONS: Options = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_OPTIONS);
}

/** False for a wrong password and for a hash that cannot be read. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/**
 * Spends the time of a real verification when the e-mail matches no account, so that the answer
 * time does not tell which e-mails exist. Always false.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('bureau: no such account, never a password');
  await verifyPassword(await dummyHash, password);
  return false;
}
