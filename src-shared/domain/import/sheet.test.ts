import { describe, expect, it } from 'vitest';
import type { Cell } from './cell';
import { EXCEL_MAX_COLUMNS, MAX_COLUMNS } from './limits';
import { mergedCellsWarning, pickSheet, sheetRefusal, sheetWidth } from './sheet';

function wideRow(width: number, last: Cell): Cell[] {
  const row: Cell[] = new Array<Cell>(width).fill(null);
  row[width - 1] = last;
  return row;
}

describe('pickSheet', () => {
  it('takes the first sheet holding anything', () => {
    const sheets = [
      { name: 'Vide', rows: [[null, ''], []] },
      { name: 'Leads', rows: [['Nom']] },
      { name: 'Autre', rows: [['x']] },
    ];
    expect(pickSheet(sheets)?.name).toBe('Leads');
    expect(pickSheet([{ name: 'Vide', rows: [] }])).toBeNull();
  });
});

describe('sheetWidth', () => {
  it('ignores empty cells on the right', () => {
    expect(sheetWidth([['a', null, ''], ['b', 'c', null, null]])).toBe(2);
    expect(sheetWidth([wideRow(EXCEL_MAX_COLUMNS, null), ['a']])).toBe(1);
  });
});

describe('sheetRefusal', () => {
  it('refuses an empty sheet in French', () => {
    expect(sheetRefusal({ name: 'Feuil1', rows: [[null]] })).toBe(
      'La feuille «\u00a0Feuil1\u00a0» est vide\u00a0: choisissez la feuille qui contient les leads.',
    );
  });

  it('refuses a sheet 16 384 columns wide, naming the last column', () => {
    const message = sheetRefusal({ name: 'Leads', rows: [['Nom'], wideRow(EXCEL_MAX_COLUMNS, 'x')] });
    expect(message).toContain('16\u00a0384 colonnes');
    expect(message).toContain('(XFD)');
    expect(message).toContain('Supprimez les colonnes vides');
  });

  it('refuses a sheet wider than the import reads, and accepts one at the limit', () => {
    expect(sheetRefusal({ name: 'Leads', rows: [wideRow(MAX_COLUMNS + 1, 'x')] })).toContain('au plus');
    expect(sheetRefusal({ name: 'Leads', rows: [wideRow(MAX_COLUMNS, 'x')] })).toBeNull();
    // Only formatted far right: the empty cells do not count.
    expect(sheetRefusal({ name: 'Leads', rows: [['Nom'], wideRow(EXCEL_MAX_COLUMNS, null)] })).toBeNull();
  });
});

describe('mergedCellsWarning', () => {
  it('warns of merges below the header row only', () => {
    const title = { startRow: 0, startColumn: 0, endRow: 0, endColumn: 4 };
    expect(mergedCellsWarning([title], 2)).toBeNull();
    const warning = mergedCellsWarning([title, { startRow: 4, startColumn: 2, endRow: 6, endColumn: 2 }], 2);
    expect(warning).toContain('Cellules fusionnées (C5:C7)');
    expect(warning).toContain('Défusionnez');
  });
});
