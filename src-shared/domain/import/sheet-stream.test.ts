import { describe, expect, it } from 'vitest';
import type { Cell } from './cell';
import { readSheet } from './read-sheet';
import type { CleanSetup, RowSink } from './row-cleaner';
import { RowCleaner } from './row-cleaner';
import type { ImportRow, RejectedCells } from './sheet-stream';
import { SheetStream } from './sheet-stream';

// A streamed sheet (rows handed over one by one, never held) reads as the same sheet held whole.

const header: Cell[] = ['Prénom', 'Nom', 'Courriel'];
const lead = (n: number): Cell[] => [`prénom${n}`, `nom${n}`, `p${n}@exemple.ca`];

describe('SheetStream', () => {
  it('reads rows given with gaps as the grid with empty rows, and hands the cleaned rows on in batches', () => {
    const grid: Cell[][] = [['Liste du salon'], [], header];
    for (let n = 0; n < 40; n += 1) grid[3 + n * 2] = lead(n);
    const batches: ImportRow[][] = [];
    const stream = new SheetStream({ name: 'Leads', batch: 15, onRows: (rows) => batches.push(rows) });
    grid.forEach((cells, index) => stream.push(index, cells));
    const { result } = stream.end();
    const whole = readSheet({ name: 'Leads', rows: Array.from(grid, (cells) => cells ?? []) });
    if (!result.ok || !whole.ok) throw new Error('illisible');
    expect(batches.map((b) => b.length)).toEqual([15, 15, 10]);
    expect({ ...result, rows: batches.flat() }).toEqual(whole);
    expect(whole.rows.map((r) => r.row).slice(0, 3)).toEqual([4, 6, 8]);
  });

  it('a column filled only far below the header widens the headers and the guessed mapping, and the rejected cells', () => {
    const stream = new SheetStream({ name: 'Leads' });
    stream.push(0, header);
    for (let n = 1; n <= 40; n += 1) stream.push(n, lead(n));
    stream.push(41, ['Ana', null, null, null, 'note au loin']);
    const { result, rejectedCells } = stream.end();
    if (!result.ok) throw new Error(result.error);
    expect(result.headers).toEqual(['Prénom', 'Nom', 'Courriel', null, null]);
    expect(result.mapping).toEqual(['firstName', 'lastName', 'email', 'ignore', 'ignore']);
    expect(result.rows).toHaveLength(40);
    expect(result.errors).toEqual([{ row: 42, reason: 'Nom manquant (prénom seul\u00a0: «\u00a0Ana\u00a0»).' }]);
    expect(rejectedCells).toEqual([['Ana', null, null, null, 'note au loin']]);
  });

  it('with onRejected, hands the refused rows on in batches (reason and cells) and keeps none of them', () => {
    const batches: RejectedCells[][] = [];
    const stream = new SheetStream({ name: 'Leads', batch: 2, onRejected: (rows) => batches.push(rows), onRows: () => {} });
    stream.push(0, header);
    for (let n = 1; n <= 5; n += 1) stream.push(n, [`prénom${n}`, null, null]);
    stream.push(6, lead(6));
    const { result, rejectedCells } = stream.end();
    if (!result.ok) throw new Error(result.error);
    expect(result.errors).toEqual([]);
    expect(rejectedCells).toEqual([]);
    expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
    expect(batches.flat()[0]).toEqual({ row: 2, reason: 'Nom manquant (prénom seul\u00a0: «\u00a0prénom1\u00a0»).', cells: ['prénom1'] });
    expect(batches.flat().map((r) => r.row)).toEqual([2, 3, 4, 5, 6]);
  });

  it('skips the header repeated on each printed page, whatever the width', () => {
    const stream = new SheetStream({ name: 'Leads' });
    stream.push(0, header);
    stream.push(1, lead(1));
    stream.push(2, [...header, null, null]);
    stream.push(3, [...header, 'autre']);
    const { result } = stream.end();
    if (!result.ok) throw new Error(result.error);
    expect(result.rows.map((r) => r.row)).toEqual([2]);
    expect(result.errors.map((e) => e.row)).toEqual([4]);
  });

  it('refuses rows out of order: the reader must hand them top to bottom', () => {
    const stream = new SheetStream({ name: 'Leads' });
    stream.push(3, header);
    expect(() => stream.push(3, lead(1))).toThrow();
  });

  it('hands the rows to clean, and only those, to a sink of its own (another thread): they clean into the same sheet', () => {
    const grid: Cell[][] = [['Liste du salon'], header, lead(1), [], ['Prénom', 'Nom', 'Courriel'], lead(2), ['Ana'], lead(3)];
    const setups: CleanSetup[] = [];
    const handed: number[] = [];
    const rows: ImportRow[] = [];
    const refused: RejectedCells[] = [];
    // What the other thread does with what crosses to it: the setup once, then each row.
    let remote: RowCleaner | null = null;
    const sink = (setup: CleanSetup): RowSink => {
      setups.push(setup);
      remote = new RowCleaner(structuredClone(setup), { onRows: (r) => rows.push(...r), onRejected: (r) => refused.push(...r) });
      return {
        push: (index, cells, width) => {
          handed.push(index);
          remote?.push(index, structuredClone(cells), width);
        },
        flush: () => remote?.flush(),
      };
    };
    const stream = new SheetStream({ name: 'Leads', cleanIn: sink });
    grid.forEach((cells, index) => stream.push(index, cells));
    const { result, rejectedCells } = stream.end();
    const whole = readSheet({ name: 'Leads', rows: grid });
    if (!result.ok || !whole.ok) throw new Error('illisible');
    expect(setups).toHaveLength(1);
    expect(setups[0]?.mapping).toEqual(['firstName', 'lastName', 'email']);
    // Not the title, the header, the empty row nor the header repeated on a printed page.
    expect(handed).toEqual([2, 5, 6, 7]);
    expect(result.rows).toEqual([]);
    expect(rejectedCells).toEqual([]);
    expect(rows).toEqual(whole.rows);
    expect(refused.map(({ row, reason }) => ({ row, reason }))).toEqual(whole.errors);
    expect(refused[0]?.cells).toEqual(['Ana']);
  });

  it('sends nothing to clean while the mapping cannot import (no name column)', () => {
    const setups: CleanSetup[] = [];
    const stream = new SheetStream({ name: 'Leads', cleanIn: (setup) => (setups.push(setup), { push: () => {}, flush: () => {} }) });
    stream.push(0, ['Courriel', 'Ville']);
    stream.push(1, ['a@b.ca', 'Laval']);
    const { result } = stream.end();
    if (!result.ok) throw new Error(result.error);
    expect(result.mappingProblems.length).toBeGreaterThan(0);
    expect(setups).toEqual([]);
  });
});
