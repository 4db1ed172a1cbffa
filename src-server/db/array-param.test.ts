import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, TEST_BACKENDS, type OpenTestDatabase } from '../testing/databases';
import { arrayParam } from './array-param';

// Rows reach the database as array parameters built by arrayParam: whatever a user typed must
// come back exactly as typed, on both engines.

describe.each(TEST_BACKENDS)('arrayParam on $name', (backend) => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(backend);
  });
  afterAll(() => t.dispose());

  it('reads back every text as it was, nulls as nulls', async () => {
    const values = [
      'Hélène',
      '',
      'NULL',
      'null',
      'guillemets "doubles" et \\ barre oblique inverse \\\\',
      '{accolades}, virgules, ; points-virgules',
      ' espaces autour ',
      'ligne 1\nligne 2\ttab',
      'emoji 🙂 et « guillemets »',
      "apostrophe l'ami",
      '\\"',
      null,
      '"',
      '\\',
    ];
    const [row] = await t.db.query<{ a: Array<string | null> }>('select $1::text[] as a', [arrayParam(values)]);
    expect(row!.a).toEqual(values);
  });

  it('casts to the column’s type, in order', async () => {
    const ids = ['018f0000-0000-7000-8000-000000000001', null, '018f0000-0000-7000-8000-000000000002'];
    const [row] = await t.db.query<{ a: Array<string | null> }>('select $1::uuid[]::text[] as a', [arrayParam(ids)]);
    expect(row!.a).toEqual(ids);
    const [empty] = await t.db.query<{ n: number }>('select cardinality($1::uuid[]) as n', [arrayParam([])]);
    expect(Number(empty!.n)).toBe(0);
  });
});
