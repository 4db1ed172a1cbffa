import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validate, version } from 'uuid';
import { BUREAU_ID_NAMESPACE, derivedId, newId } from './ids';

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
