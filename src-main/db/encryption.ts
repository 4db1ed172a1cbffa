import { randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import type { UnreadableReason } from '~shared/contract/replica';

// The replica's encryption at rest (issue 14, point 1; decisions.md, "Encrypted replica"). Every
// replica file is opened here: SQLCipher 4 pages through SQLite3MultipleCiphers, keyed with a
// random 256-bit raw key (no passphrase, so no key derivation at each opening). The write-ahead
// log and the rollback journal are encrypted by the same codec; temporary tables and sorts stay
// in memory (`temp_store`), so nothing of the data is ever written in clear. The FTS index and the
// outbox are ordinary tables of the same file.

/** 64 lowercase hex digits: the raw 256-bit key. Anything else is refused before it reaches SQL. */
export type ReplicaKey = string;
const KEY_PATTERN = /^[0-9a-f]{64}$/;

export function newReplicaKey(): ReplicaKey {
  return randomBytes(32).toString('hex');
}

export function isReplicaKey(value: unknown): value is ReplicaKey {
  return typeof value === 'string' && KEY_PATTERN.test(value);
}

/**
 * The replica on disk cannot be read: its key is lost (another OS user, a reset keychain, a file
 * copied from another workstation) or does not match. Nothing was changed; the session offers to
 * start a fresh replica from the server (session.ts).
 */
export class ReplicaUnreadableError extends Error {
  constructor(
    readonly file: string,
    readonly reason: UnreadableReason,
  ) {
    super(`replica ${reason === 'wrong_key' ? 'does not open with its key' : 'has no key'}: ${file}`);
    this.name = 'ReplicaUnreadableError';
  }
}

const PLAIN_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
/** Written beside the replica while a plain one is encrypted; renamed over it once whole. */
export const ENCRYPTING_SUFFIX = '.encrypting';

/**
 * True when the file is an unencrypted SQLite database (a replica from before issue 14): SQLCipher
 * 4 writes a random salt where plain SQLite writes its magic string. A missing or empty file is not.
 */
export function isPlainDatabase(file: string): boolean {
  if (!existsSync(file)) return false;
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(PLAIN_HEADER.length);
    const read = readSync(fd, header, 0, header.length, 0);
    return read === header.length && header.equals(PLAIN_HEADER);
  } finally {
    closeSync(fd);
  }
}

/** True when the file holds something that is not a plain database: an encrypted replica. */
export function isEncryptedDatabase(file: string): boolean {
  if (!existsSync(file) || isPlainDatabase(file)) return false;
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, Buffer.alloc(1), 0, 1, 0) === 1;
  } finally {
    closeSync(fd);
  }
}

/** Sets the codec on a fresh connection; must come before anything reads the file. */
function applyKey(sqlite: Database.Database, key: ReplicaKey, pragma: 'key' | 'rekey'): void {
  if (!isReplicaKey(key)) throw new Error('clé de réplique invalide');
  sqlite.pragma("cipher = 'sqlcipher'");
  sqlite.pragma('legacy = 4');
  sqlite.pragma(`${pragma} = "x'${key}'"`);
}

function isNotADatabase(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error as { code: unknown }).code === 'SQLITE_NOTADB';
}

/**
 * Opens a SQLite connection, keyed when `key` is given. A key that does not open the file gives a
 * ReplicaUnreadableError, never a half-open connection.
 */
export function openDatabaseFile(file: string, key: ReplicaKey | null): Database.Database {
  const sqlite = new Database(file);
  try {
    if (key !== null) applyKey(sqlite, key, 'key');
    // Sorts, temporary indexes and tables in memory: SQLite's temporary files are not encrypted.
    sqlite.pragma('temp_store = MEMORY');
    // The first read checks the key: a wrong one makes page 1 unreadable.
    sqlite.prepare('select count(*) from sqlite_master').get();
    return sqlite;
  } catch (error) {
    sqlite.close();
    if (key !== null && isNotADatabase(error)) throw new ReplicaUnreadableError(file, 'wrong_key');
    throw error;
  }
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } catch {
    // Some file systems refuse to fsync a folder (Windows): the rename is still atomic there.
  } finally {
    closeSync(fd);
  }
}

/**
 * Encrypts a plain replica in place (the upgrade to issue 14), atomically: the plain file is folded
 * (its write-ahead log checkpointed into it), copied beside itself, the copy encrypted and checked,
 * then renamed over the plain file. A crash before the rename leaves the plain replica as it was
 * (the half-made copy is removed at the next opening); after it, the encrypted one. The key must
 * already be kept (session-store.ts) so that an encrypted file never exists without it.
 */
export function encryptInPlace(file: string, key: ReplicaKey, hooks: { beforeRename?: () => void } = {}): void {
  const temporary = `${file}${ENCRYPTING_SUFFIX}`;
  removeLeftovers(file);
  const plain = new Database(file);
  try {
    // SQLite3MultipleCiphers 2.3 cannot rekey in WAL mode; the copy must also hold every commit.
    plain.pragma('wal_checkpoint(TRUNCATE)');
    plain.pragma('journal_mode = DELETE');
  } finally {
    plain.close();
  }
  copyFileSync(file, temporary);
  const copy = new Database(temporary);
  try {
    applyKey(copy, key, 'rekey');
  } finally {
    copy.close();
  }
  const check = openDatabaseFile(temporary, key);
  try {
    const [result] = check.pragma('quick_check') as Array<{ quick_check: string }>;
    if (result?.quick_check !== 'ok') throw new Error(`la copie chiffrée de la réplique est abîmée : ${result?.quick_check}`);
  } finally {
    check.close();
  }
  fsyncPath(temporary);
  hooks.beforeRename?.();
  renameSync(temporary, file);
  fsyncPath(dirname(file));
}

/** What a conversion interrupted by a crash left beside the replica (its plain original is intact). */
export function removeLeftovers(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${file}${ENCRYPTING_SUFFIX}${suffix}`, { force: true });
}

/** Deletes a replica and everything SQLite keeps beside it (a fresh start from the server). */
export function removeDatabaseFiles(file: string): void {
  removeLeftovers(file);
  for (const suffix of ['-wal', '-shm', '-journal', '']) rmSync(`${file}${suffix}`, { force: true });
}
