import { describe, it, expect } from 'vitest';
import { EMPTY_SELECTION, pick, selectAllMatching } from './selection';

const rows = ['a', 'b', 'c', 'd', 'e', 'f'];
const at = (i: number) => rows[i];
const plain = { shift: false, toggle: false };
const shift = { shift: true, toggle: false };
const ctrl = { shift: false, toggle: true };

describe('lead list selection', () => {
  it('a pick toggles one row; a second pick of it removes it', () => {
    const one = pick(EMPTY_SELECTION, 1, 'b', plain, at);
    expect([...one.ids]).toEqual(['b']);
    expect([...pick(one, 1, 'b', plain, at).ids]).toEqual([]);
  });

  it('shift adds the range from the anchor, both ways, keeping what was picked before', () => {
    let s = pick(EMPTY_SELECTION, 5, 'f', ctrl, at);
    s = pick(s, 1, 'b', ctrl, at);
    s = pick(s, 3, 'd', shift, at);
    expect([...s.ids]).toEqual(['f', 'b', 'c', 'd']);
    const up = pick(pick(EMPTY_SELECTION, 4, 'e', plain, at), 2, 'c', shift, at);
    expect([...up.ids].sort()).toEqual(['c', 'd', 'e']);
  });

  it('shift without an anchor is a plain pick', () => {
    expect([...pick(EMPTY_SELECTION, 2, 'c', shift, at).ids]).toEqual(['c']);
  });

  it('skips rows of the range that are not loaded yet', () => {
    const sparse = (i: number) => (i === 2 ? undefined : rows[i]);
    const s = pick(pick(EMPTY_SELECTION, 0, 'a', plain, sparse), 3, 'd', shift, sparse);
    expect([...s.ids]).toEqual(['a', 'b', 'd']);
  });

  it('"all that match" takes the given ids and a later pick leaves that mode', () => {
    const all = selectAllMatching(['x', 'y', 'z']);
    expect(all.allMatching).toBe(true);
    const less = pick(all, 0, 'x', plain, () => 'x');
    expect(less.allMatching).toBe(false);
    expect([...less.ids]).toEqual(['y', 'z']);
  });
});
