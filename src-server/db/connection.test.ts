import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Procedure } from '~shared/domain/entities';
import { newId } from '~shared/ids';
import { createTestDatabase, openTestDatabase, TEST_BACKENDS, type OpenTestDatabase } from '../testing/databases';
import { currentVersion, openServerDatabase } from './connection';
import { DatabaseInUseError } from './data-dir-lock';
import { writePuts } from './puts';
import { procedures } from './schema';

// The office database on both drivers: versions handed out under the counter's lock
// (sync-protocol.md, "Identities and counters"), and PGlite's one-process rule.

function procedure(code: string): Procedure {
  const at = '2026-01-05T14:30:00.000Z';
  return { id: newId(), version: 0, deletedAt: null, createdAt: at, updatedAt: at, code, nameFr: code, nameEn: code, active: true, sortOrder: 0 };
}

describe.each(TEST_BACKENDS)('writeTransaction ($name)', (backend) => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(backend);
  });
  afterAll(() => t?.dispose());

  it('gives every written row the next versions and moves the counter to the last one', async () => {
    const start = await currentVersion(t.db.db);
    const heard: number[] = [];
    const unsubscribe = t.db.onCommit((version) => heard.push(version));
    const rows = [procedure('a'), procedure('b'), procedure('c')];
    const { result, lastVersion } = await t.db.writeTransaction((tx, versions) => writePuts(tx, versions, rows.map((row) => ({ table: 'procedures', row }))));
    unsubscribe();
    expect(result.map((put) => put.row.version)).toEqual([start + 1, start + 2, start + 3]);
    expect(lastVersion).toBe(start + 3);
    expect(heard).toEqual([start + 3]);
    expect(await currentVersion(t.db.db)).toBe(start + 3);
    const [stored] = await t.db.db.select().from(procedures).where(eq(procedures.id, rows[1]!.id));
    expect(stored).toEqual({ ...rows[1], version: start + 2 });
  });

  it('replaces a row put again, with a new version', async () => {
    const row = procedure('d');
    await t.db.writeTransaction((tx, versions) => writePuts(tx, versions, [{ table: 'procedures', row }]));
    const { lastVersion } = await t.db.writeTransaction((tx, versions) =>
      writePuts(tx, versions, [{ table: 'procedures', row: { ...row, nameFr: 'Renommée' } }]),
    );
    const [stored] = await t.db.db.select().from(procedures).where(eq(procedures.id, row.id));
    expect(stored).toMatchObject({ nameFr: 'Renommée', version: lastVersion });
  });

  it('leaves the counter and the rows untouched when the transaction fails, and says nothing', async () => {
    const start = await currentVersion(t.db.db);
    const heard: number[] = [];
    const unsubscribe = t.db.onCommit((version) => heard.push(version));
    const row = procedure('e');
    await expect(
      t.db.writeTransaction(async (tx, versions) => {
        await writePuts(tx, versions, [{ table: 'procedures', row }]);
        throw new Error('panne simulée');
      }),
    ).rejects.toThrow('panne simulée');
    unsubscribe();
    expect(await currentVersion(t.db.db)).toBe(start);
    expect(await t.db.db.select().from(procedures).where(eq(procedures.id, row.id))).toEqual([]);
    expect(heard).toEqual([]);
  });

  it('reports no version when nothing was written', async () => {
    const start = await currentVersion(t.db.db);
    const { result, lastVersion } = await t.db.writeTransaction(async () => 'rien');
    expect(result).toBe('rien');
    expect(lastVersion).toBeNull();
    expect(await currentVersion(t.db.db)).toBe(start);
  });

  it('hands out distinct versions, in commit order, to concurrent writers', async () => {
    const start = await currentVersion(t.db.db);
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.db.writeTransaction(async (tx, versions) => {
          await writePuts(tx, versions, [{ table: 'procedures', row: procedure(`c${i}`) }, { table: 'procedures', row: procedure(`d${i}`) }]);
        }),
      ),
    );
    const last = outcomes.map((o) => o.lastVersion!).sort((a, b) => a - b);
    expect(last).toEqual(Array.from({ length: 8 }, (_, i) => start + 2 * (i + 1)));
    expect(await currentVersion(t.db.db)).toBe(start + 16);
  });

  it('answers raw SQL with rows', async () => {
    expect(await t.db.query<{ n: number }>('select $1::int + 1 as n', [41])).toEqual([{ n: 42 }]);
  });
});

describe('PGlite: one process per data folder', () => {
  it('refuses a second opening of the folder with a clear French and English message, and frees it on close', async () => {
    const created = await createTestDatabase({ name: 'PGlite', kind: 'pglite' }, { onDisk: true });
    try {
      const first = await openServerDatabase(created.config);
      const second = openServerDatabase(created.config);
      await expect(second).rejects.toBeInstanceOf(DatabaseInUseError);
      await expect(second).rejects.toThrow(/est déjà utilisée par un autre processus \(pid \d+\)[\s\S]*already in use/);
      await first.close();
      const again = await openServerDatabase(created.config);
      await again.close();
    } finally {
      await created.dispose();
    }
  });
});
