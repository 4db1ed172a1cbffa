import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

// An encrypted backup (issue 14, point 7): the JSON lines of backup.ts, gzipped, then sealed in
// chunks with AES-256-GCM under a key derived from the office's passphrase by scrypt.
//
// File: one header line (JSON: cipher, scrypt's parameters and salt, the nonce prefix, a check of
// the passphrase), then records `[u32 length][ciphertext][16-byte tag]` of at most CHUNK bytes of
// plaintext each. The nonce of record i is prefix(7) ‖ i (u32) ‖ last (1 byte), and every record
// is authenticated with the header line as associated data: a record removed, reordered, cut off
// or moved to another file fails its tag, and a file that ends before its "last" record is
// truncated. Each record is checked before any of its bytes reach the restore.

export const ENCRYPTED_FORMAT = 'bureau-backup-encrypted';
const FORMAT_VERSION = 1;
const CHUNK = 64 * 1024;
const TAG = 16;
const NONCE_PREFIX = 7;
/** 128 MiB of memory per derivation: slow to guess on a stolen file, about half a second here. */
const SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;
export const MIN_PASSPHRASE_LENGTH = 12;

export interface EncryptionHeader {
  format: typeof ENCRYPTED_FORMAT;
  formatVersion: number;
  cipher: 'aes-256-gcm';
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  noncePrefix: string;
  /** HMAC of the salt under a second derived key: a wrong passphrase is told apart from damage. */
  check: string;
}

export class PassphraseError extends Error {
  override name = 'PassphraseError';
}

export class EncryptedBackupError extends Error {
  override name = 'EncryptedBackupError';
}

interface Keys {
  cipher: Buffer;
  check: Buffer;
}

function deriveKeys(passphrase: string, kdf: EncryptionHeader['kdf']): Promise<Keys> {
  return new Promise((resolve, reject) => {
    // NFC: the same passphrase typed on a Mac and on Windows gives the same bytes.
    scrypt(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), 64, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * 1024 * 1024 }, (error, key) => {
      if (error) reject(error);
      else resolve({ cipher: key.subarray(0, 32), check: key.subarray(32) });
    });
  });
}

function checkOf(keys: Keys, salt: string): string {
  return createHmac('sha256', keys.check).update(`bureau-backup:${salt}`).digest('base64');
}

function nonce(prefix: Buffer, index: number, last: boolean): Buffer {
  const value = Buffer.alloc(12);
  prefix.copy(value, 0);
  value.writeUInt32BE(index, NONCE_PREFIX);
  value[11] = last ? 1 : 0;
  return value;
}

export function passphraseProblem(passphrase: string): string | null {
  if ([...passphrase.normalize('NFC')].length < MIN_PASSPHRASE_LENGTH) {
    return `La phrase de passe doit compter au moins ${MIN_PASSPHRASE_LENGTH} caractères : sans elle, la sauvegarde ne pourra jamais être relue.`;
  }
  return null;
}

/** A stream that turns plaintext into the encrypted file, header line first. */
export async function encryptingStream(passphrase: string): Promise<Transform> {
  const problem = passphraseProblem(passphrase);
  if (problem) throw new PassphraseError(problem);
  const salt = randomBytes(16).toString('base64');
  const kdf = { name: 'scrypt' as const, ...SCRYPT, salt };
  const keys = await deriveKeys(passphrase, kdf);
  const prefix = randomBytes(NONCE_PREFIX);
  const header: EncryptionHeader = {
    format: ENCRYPTED_FORMAT,
    formatVersion: FORMAT_VERSION,
    cipher: 'aes-256-gcm',
    kdf,
    noncePrefix: prefix.toString('base64'),
    check: checkOf(keys, salt),
  };
  const headerLine = Buffer.from(`${JSON.stringify(header)}\n`, 'utf8');
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let index = 0;

  const seal = (plain: Buffer, last: boolean): Buffer => {
    const cipher = createCipheriv('aes-256-gcm', keys.cipher, nonce(prefix, index++, last));
    cipher.setAAD(headerLine);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    return Buffer.concat([length, body, cipher.getAuthTag()]);
  };

  return new Transform({
    construct(callback) {
      this.push(headerLine);
      callback();
    },
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes > CHUNK) {
        // Keep the tail back: only the final flush knows which record is the last.
        let all = Buffer.concat(pending);
        while (all.length > CHUNK) {
          this.push(seal(all.subarray(0, CHUNK), false));
          all = all.subarray(CHUNK);
        }
        pending = [all];
        pendingBytes = all.length;
      }
      callback();
    },
    flush(callback: TransformCallback) {
      this.push(seal(Buffer.concat(pending), true));
      callback();
    },
  });
}

/** Reads the header line at the start of `firstBytes`, or null when the file is not encrypted. */
export function readEncryptionHeader(firstBytes: Buffer): { header: EncryptionHeader; length: number } | null {
  const end = firstBytes.indexOf(0x0a);
  if (end < 0) return null;
  let parsed: Partial<EncryptionHeader>;
  try {
    parsed = JSON.parse(firstBytes.subarray(0, end).toString('utf8')) as Partial<EncryptionHeader>;
  } catch {
    return null;
  }
  if (parsed.format !== ENCRYPTED_FORMAT) return null;
  if (parsed.formatVersion !== FORMAT_VERSION || parsed.cipher !== 'aes-256-gcm' || parsed.kdf?.name !== 'scrypt') {
    throw new EncryptedBackupError(`Sauvegarde chiffrée d’un format inconnu de cette version (${String(parsed.formatVersion)}).`);
  }
  const { N, r, p } = parsed.kdf;
  // A file from outside chooses scrypt's cost: bounded, so that it cannot ask for gigabytes.
  if (!Number.isInteger(N) || N < 2 ** 14 || N > 2 ** 20 || (N & (N - 1)) !== 0 || r !== 8 || p !== 1) {
    throw new EncryptedBackupError('Sauvegarde chiffrée illisible : paramètres de chiffrement refusés.');
  }
  return { header: parsed as EncryptionHeader, length: end + 1 };
}

/**
 * A stream that turns the records after the header line back into plaintext. The passphrase is
 * checked before it is returned, so a wrong one is refused before anything is read.
 */
export async function decryptingStream(passphrase: string, header: EncryptionHeader, headerLine: Buffer): Promise<Transform> {
  const keys = await deriveKeys(passphrase, header.kdf);
  const expected = Buffer.from(header.check, 'base64');
  const actual = Buffer.from(checkOf(keys, header.kdf.salt), 'base64');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new PassphraseError('Phrase de passe incorrecte : la sauvegarde n’a pas été ouverte et rien n’a été restauré.');
  }
  const prefix = Buffer.from(header.noncePrefix, 'base64');
  let buffered: Buffer = Buffer.alloc(0);
  let index = 0;
  let ended = false;

  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      try {
        while (buffered.length >= 4) {
          const length = buffered.readUInt32BE(0);
          if (length > CHUNK + 1024) throw new EncryptedBackupError('Sauvegarde chiffrée endommagée : un bloc a une longueur impossible.');
          if (buffered.length < 4 + length + TAG) break;
          if (ended) throw new EncryptedBackupError('Sauvegarde chiffrée endommagée : des données suivent la fin.');
          const body = buffered.subarray(4, 4 + length);
          const tag = buffered.subarray(4 + length, 4 + length + TAG);
          buffered = buffered.subarray(4 + length + TAG);
          this.push(open(body, tag));
        }
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      if (!ended || buffered.length > 0) {
        callback(new EncryptedBackupError('Sauvegarde chiffrée incomplète (fichier tronqué ?) : rien n’a été restauré.'));
      } else callback();
    },
  });

  function open(body: Buffer, tag: Buffer): Buffer {
    // The last record is the one whose flag authenticates: try "not last" first, as all but one are.
    for (const last of [false, true]) {
      const decipher = createDecipheriv('aes-256-gcm', keys.cipher, nonce(prefix, index, last));
      decipher.setAAD(headerLine);
      decipher.setAuthTag(tag);
      try {
        const plain = Buffer.concat([decipher.update(body), decipher.final()]);
        index += 1;
        ended = last;
        return plain;
      } catch {
        // Try the other flag; both failing means the record was altered.
      }
    }
    throw new EncryptedBackupError('Sauvegarde chiffrée endommagée ou modifiée : rien n’a été restauré.');
  }
}
