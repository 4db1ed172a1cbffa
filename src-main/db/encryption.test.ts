import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { USERS, actorOf, lead, testId } from '~shared/testing/builders';
import { dumpReplica } from '../testing/dump';
import { ReferenceOffice } from '../testing/reference-office';
import { SEED, pullAll } from '../testing/sync-harness';
import { ENCRYPTING_SUFFIX, ReplicaUnreadableError, encryptInPlace, isEncryptedDatabase, isPlainDatabase, newReplicaKey } from './encryption';
import { Replica } from './replica';
import { listLeads } from './repositories/leads';

// Issue 14, point 1: a stolen laptop's replica gives away nothing. Real files, real SQLCipher
// pages: the bytes on disk (the database and its write-ahead log) hold no name, e-mail or phone of
// what was written, whether it came from the server (a pulled lead, its search index) or waits in
// the outbox; an older plain replica is encrypted in place, keeping every row and its outbox.

const admin = actorOf(USERS.admin);
const AT = '2026-03-10T15:00:00.000Z';

/** A lead the server holds (pulled), and one created here that waits in the outbox. */
const PULLED = lead({
  id: testId('lead', 'cipher-1'),
  firstName: 'Zéphirine',
  lastName: 'Ouellette-Chiasson',
  email: 'zephirine.ouellette@exemple.ca',
  phoneE164: '+14385550147',
  phoneRaw: '438 555-0147',
  notes: 'Passeport renouvelé',
});
const QUEUED = {
  id: testId('lead', 'cipher-2'),
  firstName: 'Anatole',
  lastName: 'Bergeron-Lapointe',
  email: 'anatole.bergeron@courriel.qc.ca',
  phone: '819 555-0163',
  source: 'manual',
};
/** Every form in which those values could reach the disk (the index keeps them lowercased, unaccented). */
const PERSONAL = [
  'zéphirine',
  'zephirine',
  'ouellette',
  'chiasson',
  'exemple.ca',
  '4385550147',
  '438 555-0147',
  '555-0147',
  'passeport',
  'anatole',
  'bergeron',
  'lapointe',
  'courriel.qc.ca',
  '8195550163',
  '819 555-0163',
];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bureau-cipher-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function personalFound(bytes: Buffer): string[] {
  // SQLite stores text as UTF-8; latin1 keeps every byte, so accents are compared as UTF-8 bytes
  // (only ASCII letters are lowered: lowering 'Ã' would break an 'é').
  const text = bytes.toString('latin1').replace(/[A-Z]/g, (letter) => letter.toLowerCase());
  return PERSONAL.filter((value) => text.includes(Buffer.from(value, 'utf8').toString('latin1')));
}

/** A replica holding one pulled lead and one queued creation. */
function filled(file: string, key: string | null): Replica {
  const office = new ReferenceOffice([...SEED, { table: 'leads', row: PULLED }]);
  try {
    const replica = Replica.open(file, { key });
    pullAll(replica, office, admin.id);
    expect(replica.runMutation(admin, 'lead.create', QUEUED, AT)).toMatchObject({ ok: true });
    return replica;
  } finally {
    office.close();
  }
}

const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('the encrypted replica', () => {
  it('writes no name, e-mail or phone in the database file nor in its write-ahead log', () => {
    const file = join(dir, 'replica.sqlite');
    const replica = filled(file, newReplicaKey());
    // Still open: the last commits are in the write-ahead log, not yet folded into the file.
    expect(readFileSync(`${file}-wal`).length).toBeGreaterThan(0);
    expect(personalFound(readFileSync(`${file}-wal`))).toEqual([]);
    expect(personalFound(readFileSync(file))).toEqual([]);
    replica.close();
    expect(personalFound(readFileSync(file))).toEqual([]);
    expect(isPlainDatabase(file)).toBe(false);
  });

  it('the same data in a plain replica is readable on disk (what the test above would catch)', () => {
    const file = join(dir, 'plain.sqlite');
    const replica = filled(file, null);
    const found = [...personalFound(readFileSync(file)), ...personalFound(readFileSync(`${file}-wal`))];
    replica.close();
    expect(new Set(found)).toEqual(new Set(PERSONAL));
  });

  it('searches, lists and keeps the outbox as before once reopened with its key', () => {
    const file = join(dir, 'replica.sqlite');
    const key = newReplicaKey();
    filled(file, key).close();

    const replica = Replica.open(file, { key });
    try {
      const search = (text: string) => listLeads(replica.sqlite, { filters: { search: text }, sort: 'created_desc', limit: 10 }).rows.map((row) => row.id);
      expect(search('ouellette')).toEqual([PULLED.id]);
      expect(search('zephirine')).toEqual([PULLED.id]);
      expect(search('bergeron')).toEqual([QUEUED.id]);
      expect(search('438 555')).toEqual([PULLED.id]);
      expect(replica.pending()).toEqual([{ id: 1, name: 'lead.create', args: QUEUED, clientTime: AT }]);
    } finally {
      replica.close();
    }
  });

  it('refuses a wrong key with a typed error and leaves the file as it was', () => {
    const file = join(dir, 'replica.sqlite');
    filled(file, newReplicaKey()).close();
    const before = hash(file);

    expect(() => Replica.open(file, { key: newReplicaKey() })).toThrow(ReplicaUnreadableError);
    try {
      Replica.open(file, { key: newReplicaKey() });
    } catch (error) {
      expect(error).toMatchObject({ reason: 'wrong_key', file });
    }
    // Opened without a key, the file is no database either: it never passes for an empty one.
    expect(() => Replica.open(file)).toThrow(/not a database/);
    expect(hash(file)).toBe(before);
    expect(isEncryptedDatabase(file)).toBe(true);
  });
});

describe('an older plain replica', () => {
  it('is encrypted in place at its first keyed opening, keeping every row, its outbox and its state', () => {
    const file = join(dir, 'replica.sqlite');
    const plain = filled(file, null);
    const before = dumpReplica(plain.sqlite);
    plain.close();
    expect(personalFound(readFileSync(file)).length).toBeGreaterThan(0);

    const key = newReplicaKey();
    const replica = Replica.open(file, { key });
    try {
      expect(dumpReplica(replica.sqlite)).toEqual(before);
      expect(replica.pendingCount()).toBe(1);
    } finally {
      replica.close();
    }
    expect(isEncryptedDatabase(file)).toBe(true);
    expect(personalFound(readFileSync(file))).toEqual([]);
    expect(existsSync(`${file}${ENCRYPTING_SUFFIX}`)).toBe(false);
  });

  it('stays whole and plain when the conversion stops before its last step, and converts at the next opening', () => {
    const file = join(dir, 'replica.sqlite');
    const plain = filled(file, null);
    const before = dumpReplica(plain.sqlite);
    plain.close();
    const key = newReplicaKey();

    // A crash just before the rename: the encrypted copy is made, the plain file untouched.
    expect(() =>
      encryptInPlace(file, key, {
        beforeRename: () => {
          throw new Error('arrêt simulé');
        },
      }),
    ).toThrow('arrêt simulé');
    expect(isPlainDatabase(file)).toBe(true);
    expect(existsSync(`${file}${ENCRYPTING_SUFFIX}`)).toBe(true);
    const still = Replica.open(file);
    expect(dumpReplica(still.sqlite)).toEqual(before);
    still.close();

    // A process killed (SIGKILL) at the same point, for real: the plain replica is still whole.
    const encryption = fileURLToPath(new URL('./encryption.ts', import.meta.url));
    const killed = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { encryptInPlace } from ${JSON.stringify(encryption)};
         encryptInPlace(${JSON.stringify(file)}, ${JSON.stringify(key)}, { beforeRename: () => process.kill(process.pid, 'SIGKILL') });`,
      ],
      { encoding: 'utf8' },
    );
    expect(killed.signal).toBe('SIGKILL');
    expect(isPlainDatabase(file)).toBe(true);
    const afterKill = Replica.open(file);
    expect(dumpReplica(afterKill.sqlite)).toEqual(before);
    afterKill.close();

    // A crash midway through the copy leaves a torn file beside it: it is thrown away.
    writeFileSync(`${file}${ENCRYPTING_SUFFIX}`, 'déchiré');
    const replica = Replica.open(file, { key });
    try {
      expect(dumpReplica(replica.sqlite)).toEqual(before);
    } finally {
      replica.close();
    }
    expect(isEncryptedDatabase(file)).toBe(true);
    expect(existsSync(`${file}${ENCRYPTING_SUFFIX}`)).toBe(false);
  });
});
