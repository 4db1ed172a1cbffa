import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '~shared/ids';
import { createSession } from '../auth/sessions';
import { seedDemo } from '../seed/demo';
import { openTestDatabase, TEST_BACKENDS, type OpenTestDatabase } from '../testing/databases';
import { dumpDatabase } from '../testing/dump';
import { BackupError, backupDatabase, restoreDatabase } from './backup';
import { currentVersion } from './connection';
import * as schema from './schema';

// backup then restore into an empty database gives the same database (issue 3, point 8): every
// table, server-only ones included, and the version counter.

describe.each(TEST_BACKENDS)('sauvegarde et restauration ($name)', (backend) => {
  let source: OpenTestDatabase;
  let folder: string;
  let file: string;
  const now = new Date('2026-03-11T15:20:00.000Z');

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'bureau-backup-'));
    file = join(folder, 'bureau.jsonl');
    source = await openTestDatabase(backend);
    await seedDemo(source.db, { now });
    // Server-only rows too: sessions, sync bookkeeping, the scheduler's ledger, SMS dispatch.
    const [user] = await source.db.db.select().from(schema.users).limit(1);
    await createSession(source.db.db, user!.id, now);
    const clientId = newId();
    await source.db.db.insert(schema.syncClients).values({ clientId, userId: user!.id, lastMutationId: 2 });
    await source.db.db.insert(schema.syncResults).values([
      { clientId, mutationId: 1, name: 'lead.create', status: 'applied', at: now.toISOString() },
      { clientId, mutationId: 2, name: 'lead.assign', status: 'refused', code: 'forbidden', message: 'Refusé « test ».', at: now.toISOString() },
      { clientId, mutationId: 3, name: 'lead.update', status: 'applied', at: now.toISOString() },
    ]);
    await source.db.db.insert(schema.schedulerRuns).values({ jobKey: `reminder:${newId()}`, ranAt: now.toISOString() });
    await source.db.db.insert(schema.smsDispatch).values({ smsMessageId: newId(), provider: 'fake', attempts: 1 });
  });
  afterAll(async () => {
    await source?.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('restores into an empty database exactly what was saved, version counter included', async () => {
    // Pages of two rows: every table, composite keys included (sync_results), is read in several pages.
    const header = await backupDatabase(source.db, file, now, { pageSize: 2 });
    expect(header).toMatchObject({ format: 'bureau-backup', formatVersion: 1, versionCounter: await currentVersion(source.db.db) });
    expect(header.tables).toMatchObject({ leads: 200, users: 6, user_credentials: 6, sessions: 1, sync_results: 3 });

    const target = await openTestDatabase(backend);
    try {
      await restoreDatabase(target.db, file);
      const restored = await dumpDatabase(target.db.db);
      expect(restored).toEqual(await dumpDatabase(source.db.db));
      expect(restored.version).toBe(header.versionCounter);
    } finally {
      await target.dispose();
    }
  });

  it('refuses a database that is not empty, and changes nothing in it', async () => {
    await backupDatabase(source.db, file, now);
    const before = await dumpDatabase(source.db.db);
    await expect(restoreDatabase(source.db, file)).rejects.toThrow(/n’est pas vide/);
    expect(await dumpDatabase(source.db.db)).toEqual(before);
  });

  it('refuses a truncated file and restores nothing of it', async () => {
    await backupDatabase(source.db, file, now);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const truncated = join(folder, 'tronquee.jsonl');
    writeFileSync(truncated, `${lines.slice(0, Math.floor(lines.length / 2)).join('\n')}\n`);
    const target = await openTestDatabase(backend);
    try {
      await expect(restoreDatabase(target.db, truncated)).rejects.toBeInstanceOf(BackupError);
      expect(await target.db.db.select().from(schema.leads)).toEqual([]);
      expect(await currentVersion(target.db.db)).toBe(0);

      writeFileSync(truncated, 'pas une sauvegarde\n');
      await expect(restoreDatabase(target.db, truncated)).rejects.toThrow('Ce fichier n’est pas une sauvegarde de Bureau.');
    } finally {
      await target.dispose();
    }
  });

  describe('chiffrée (issue 14, point 7)', () => {
    const passphrase = 'Les érables de Saint-Hyacinthe';
    let sealed: string;
    let names: string[];

    beforeAll(async () => {
      sealed = join(folder, 'bureau.chiffree');
      await backupDatabase(source.db, sealed, now, { passphrase });
      const leads = await source.db.db.select().from(schema.leads);
      names = leads.flatMap((lead) => [lead.lastName, lead.email, lead.phoneE164]).filter((value): value is string => value !== null && value.length > 5);
    });

    it('holds no name, e-mail or phone in clear, and restores exactly with the right passphrase', async () => {
      const bytes = readFileSync(sealed);
      expect(names.length).toBeGreaterThan(100);
      expect(names.filter((value) => bytes.includes(value))).toEqual([]);
      expect(bytes.includes('leads')).toBe(false);

      const target = await openTestDatabase(backend);
      try {
        await restoreDatabase(target.db, sealed, { askPassphrase: async () => passphrase.normalize('NFD') });
        expect(await dumpDatabase(target.db.db)).toEqual(await dumpDatabase(source.db.db));
      } finally {
        await target.dispose();
      }
    });

    it('refuses a wrong or missing passphrase, a record altered, removed or cut off, and restores nothing', async () => {
      const bytes = readFileSync(sealed);
      const headerLength = bytes.indexOf(0x0a) + 1;
      const altered = Buffer.from(bytes);
      altered[headerLength + 200] = altered[headerLength + 200]! ^ 0x01;
      const firstRecord = 4 + bytes.readUInt32BE(headerLength) + 16;
      const variants: Array<[string, Buffer, RegExp]> = [
        ['altéré', altered, /endommagée ou modifiée/],
        ['tronqué', bytes.subarray(0, bytes.length - 40), /incomplète|endommagée/],
        // Records are sealed with their position and the last one is flagged: dropping one is seen.
        ['sans son premier bloc', Buffer.concat([bytes.subarray(0, headerLength), bytes.subarray(headerLength + firstRecord)]), /endommagée|incomplète/],
        ['sans son dernier bloc', bytes.subarray(0, headerLength + firstRecord), /incomplète|endommagée/],
      ];
      const target = await openTestDatabase(backend);
      try {
        await expect(restoreDatabase(target.db, sealed, { askPassphrase: async () => 'Les érables de Saint-Hyacinth' })).rejects.toThrow(/^Phrase de passe incorrecte/);
        await expect(restoreDatabase(target.db, sealed)).rejects.toThrow(/il faut sa phrase de passe/);
        for (const [name, content, message] of variants) {
          const file = join(folder, `${name}.chiffree`);
          writeFileSync(file, content);
          await expect(restoreDatabase(target.db, file, { askPassphrase: async () => passphrase }), name).rejects.toThrow(message);
        }
        expect(await target.db.db.select().from(schema.leads)).toEqual([]);
        expect(await currentVersion(target.db.db)).toBe(0);
      } finally {
        await target.dispose();
      }
    });

    it('refuses a passphrase too short before writing anything', async () => {
      const file = join(folder, 'courte.chiffree');
      await expect(backupDatabase(source.db, file, now, { passphrase: 'trop court' })).rejects.toThrow(/au moins 12 caractères/);
      expect(existsSync(file) || existsSync(`${file}.tmp`)).toBe(false);
    });
  });
});
