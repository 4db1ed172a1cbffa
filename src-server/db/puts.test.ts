import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BATCH } from '~shared/domain/mutations/args';
import { newId } from '~shared/ids';
import { runSystemMutation } from '../sync/execute';
import { openTestDatabase, TEST_BACKENDS, type OpenTestDatabase } from '../testing/databases';
import { currentVersion } from './connection';
import { MAX_STATEMENT_PARAMS, packStatements } from './puts';
import { history, leads } from './schema';

// writePuts sends a mutation's rows, its result and the counter in as few statements as
// PostgreSQL's 65,535 parameters per statement allow: an import chunk of 5,000 leads is about
// 135,000 parameters (found while fixing issue 8).

describe('packStatements', () => {
  it('chains parts into one statement, renumbering each part’s parameters', () => {
    const packed = packStatements([
      { text: 'insert into a values ($1, $2)', params: ['x', 'y'] },
      { text: 'update b set c = $1', params: [3] },
    ]);
    expect(packed).toEqual([{ text: 'with w0 as (insert into a values ($1, $2)) update b set c = $3', params: ['x', 'y', 3], prepare: true }]);
  });

  it('starts a new statement before the limit, keeping the order', () => {
    const big = (name: string) => ({ text: `insert into ${name} values ($1)`, params: Array.from({ length: 30_000 }, (_, i) => i) });
    const packed = packStatements([big('a'), big('b'), big('c'), { text: 'update v set n = $1', params: [9] }]);
    expect(packed.map((s) => s.params.length)).toEqual([60_000, 30_001]);
    expect(packed.every((s) => s.params.length <= MAX_STATEMENT_PARAMS)).toBe(true);
    expect(packed[1]!.text).toBe('with w0 as (insert into c values ($1)) update v set n = $30001');
    // Only a mutation-sized statement is worth preparing; an import chunk's vary too much.
    expect(packed.map((s) => s.prepare)).toEqual([false, false]);
  });
});

describe.each(TEST_BACKENDS)('writePuts of a whole import chunk ($name)', (backend) => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(backend);
  });
  afterAll(() => t?.dispose());

  it(`writes ${MAX_BATCH} imported leads in one mutation, with their history and versions`, async () => {
    const before = await currentVersion(t.db.db);
    const importBatchId = newId();
    const rows = Array.from({ length: MAX_BATCH }, (_, n) => ({
      id: newId(),
      firstName: 'Importée',
      lastName: `Ligne ${n + 1}`,
      email: `ligne.${n + 1}@exemple.ca`,
      phone: `514 555-${String(n).padStart(4, '0')}`,
      city: 'Montréal',
      source: 'import' as const,
    }));
    const result = await runSystemMutation(t.db, 'lead.createMany', { importBatchId, fileName: 'salon.xlsx', leads: rows }, new Date());
    expect(result).toMatchObject({ status: 'applied' });
    const [stored] = await t.db.db.select({ n: count() }).from(leads).where(eq(leads.importBatchId, importBatchId));
    expect(stored!.n).toBe(MAX_BATCH);
    const [created] = await t.db.db.select({ n: count() }).from(history).where(eq(history.kind, 'created'));
    expect(created!.n).toBe(MAX_BATCH);
    // Every row took its own version, and the counter moved past all of them.
    const versions = await t.db.db.select({ version: leads.version }).from(leads).where(eq(leads.importBatchId, importBatchId));
    expect(new Set(versions.map((v) => v.version)).size).toBe(MAX_BATCH);
    expect(Math.min(...versions.map((v) => v.version))).toBeGreaterThan(before);
    expect(Math.max(...versions.map((v) => v.version))).toBeLessThanOrEqual(await currentVersion(t.db.db));
  });
});
