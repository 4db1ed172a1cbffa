import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validate, version } from 'uuid';
import { BUREAU_ID_NAMESPACE, derivedId, mutationRowId, newId } from './ids';

describe('newId', () => {
  it('gives distinct UUID v7 ids that the entity schemas accept', () => {
    const ids = Array.from({ length: 1000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
    }
  });

  it('orders ids made one after the other', () => {
    const ids = Array.from({ length: 200 }, () => newId());
    expect([...ids].sort()).toEqual(ids);
  });
});

describe('derivedId', () => {
  it('gives the same UUID v5 for the same namespace and name, every time', () => {
    const id = derivedId('import-row', 'batch-1:42');
    expect(version(id)).toBe(5);
    expect(derivedId('import-row', 'batch-1:42')).toBe(id);
    // Pinned: a change of namespace or algorithm would mint new ids for replayed work.
    expect(id).toBe('2ff64cd9-928f-5a48-afcc-3b9190ee527d');
    expect(BUREAU_ID_NAMESPACE).toBe('a07d9ea7-0534-4991-a75a-4b120c134e4b');
  });

  it('separates namespaces and names, even when their concatenations agree', () => {
    expect(derivedId('a:b', 'c')).not.toBe(derivedId('a', 'b:c'));
    expect(derivedId('reminder', 'x')).not.toBe(derivedId('notification', 'x'));
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (ns, n1, n2) => {
        fc.pre(n1 !== n2);
        expect(derivedId(ns, n1)).not.toBe(derivedId(ns, n2));
      }),
    );
  });
});

describe('mutationRowId', () => {
  const client = '0190a6f0-1c2d-7e3f-8a4b-5c6d7e8f9a0b';
  const at = '2026-12-06T23:40:12.345Z';

  it('is a UUID v7 carrying the mutation’s time, the same at every replay', () => {
    const id = mutationRowId(client, 42, 1, at);
    expect(validate(id)).toBe(true);
    expect(version(id)).toBe(7);
    expect(mutationRowId(client, 42, 1, at)).toBe(id);
    // The first 48 bits are the milliseconds of clientTime.
    expect(parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(Date.parse(at));
  });

  it('sorts a mutation’s rows in the order they are made, and later mutations after', () => {
    const rows = Array.from({ length: 6000 }, (_, i) => mutationRowId(client, 7, i + 1, at));
    expect([...rows].sort()).toEqual(rows);
    const later = mutationRowId(client, 8, 1, '2026-12-06T23:40:12.346Z');
    expect(later > rows.at(-1)!).toBe(true);
  });

  it('keeps apart the rows of other mutations, other clients and other row numbers, even in the same millisecond', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.uuid(), fc.nat(), fc.nat({ max: 1_000_000 })),
        fc.tuple(fc.uuid(), fc.nat(), fc.nat({ max: 1_000_000 })),
        ([c1, m1, n1], [c2, m2, n2]) => {
          fc.pre(c1 !== c2 || m1 !== m2 || n1 !== n2);
          expect(mutationRowId(c1, m1, n1, at)).not.toBe(mutationRowId(c2, m2, n2, at));
        },
      ),
    );
  });
});
