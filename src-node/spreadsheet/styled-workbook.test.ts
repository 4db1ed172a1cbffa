import * as XLSX from '@e965/xlsx';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { STATUS_INFO } from '~shared/domain/statuses';
import { sheetName, writeStyledWorkbook, type StyledColumn } from './styled-workbook';

// Issue 10, point 8: the written file read back by exceljs (styles, views, validations) and by
// SheetJS (cell types and formulas), as Excel would open it.

const TZ = 'America/Toronto';

const COLUMNS: StyledColumn[] = [
  { header: 'Nom', kind: 'text' },
  { header: 'Statut', kind: 'status' },
  { header: 'Créé le', kind: 'dateTime' },
  { header: 'Jour', kind: 'date' },
  { header: 'Montant', kind: 'money' },
  { header: 'Leads', kind: 'count' },
  { header: 'Taux', kind: 'percent' },
];

async function readBack(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

describe('writeStyledWorkbook', () => {
  it('writes a bold frozen header with an autofilter over every column', async () => {
    const bytes = await writeStyledWorkbook({ timeZone: TZ, sheets: [{ name: 'Leads', columns: COLUMNS, rows: [['Tremblay', 'new', null, null, 10, 1, 0.5]] }] });
    const sheet = (await readBack(bytes)).getWorksheet('Leads')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Nom', 'Statut', 'Créé le', 'Jour', 'Montant', 'Leads', 'Taux']);
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.getCell('G1').font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBe('A1:G1');
  });

  it('writes instants as real dates at the office’s wall clock, days as days', async () => {
    // 2026-01-01T04:30Z is 23:30 on 31 December in Montréal: the office's day, not UTC's.
    const bytes = await writeStyledWorkbook({
      timeZone: TZ,
      sheets: [{ name: 'Dates', columns: COLUMNS, rows: [['a', null, '2026-01-01T04:30:00.000Z', '2026-01-01T04:30:00.000Z', null, null, null], ['b', null, null, '2026-03-08', null, null, null]] }],
    });
    const sheet = (await readBack(bytes)).getWorksheet('Dates')!;
    expect(sheet.getCell('C2').value).toEqual(new Date(Date.UTC(2025, 11, 31, 23, 30)));
    expect(sheet.getCell('C2').numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(sheet.getCell('D2').value).toEqual(new Date(Date.UTC(2025, 11, 31)));
    expect(sheet.getCell('D3').value).toEqual(new Date(Date.UTC(2026, 2, 8)));
    const read = XLSX.read(bytes, { type: 'buffer', cellNF: true }).Sheets['Dates']!;
    expect(read['C2']).toMatchObject({ t: 'n', z: 'yyyy-mm-dd hh:mm' });
    // Excel's serial of 2025-12-31 23:30.
    expect(read['C2'].v).toBeCloseTo(46022 + 23.5 / 24, 6);
  });

  it('writes amounts and counts as numbers with their formats', async () => {
    const bytes = await writeStyledWorkbook({ timeZone: TZ, sheets: [{ name: 'N', columns: COLUMNS, rows: [['a', null, null, null, 1234.5, 42, 0.125]] }] });
    const read = XLSX.read(bytes, { type: 'buffer', cellNF: true }).Sheets['N']!;
    expect(read['E2']).toMatchObject({ t: 'n', v: 1234.5, z: '#,##0.00 "$"' });
    expect(read['F2']).toMatchObject({ t: 'n', v: 42, z: '#,##0' });
    expect(read['G2']).toMatchObject({ t: 'n', v: 0.125 });
  });

  it('never writes a formula: values beginning with = + - @ tab or carriage return stay text', async () => {
    const attacks = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1:A2)', '\t=1+1', '\r=1+1', "=cmd|' /C calc'!A0"];
    const bytes = await writeStyledWorkbook({
      timeZone: TZ,
      sheets: [{ name: 'Injection', columns: [{ header: 'Valeur', kind: 'text' }], rows: attacks.map((a) => [a]) }],
    });
    const read = XLSX.read(bytes, { type: 'buffer', cellFormula: true }).Sheets['Injection']!;
    attacks.forEach((attack, i) => {
      const cell = read[`A${i + 2}`]!;
      expect(cell.f).toBeUndefined();
      expect(cell).toMatchObject({ t: 's', v: attack });
    });
    // Formatted as Text: Excel keeps the value as text even when the user edits the cell.
    const sheet = (await readBack(bytes)).getWorksheet('Injection')!;
    expect(sheet.getCell('A2').numFmt).toBe('@');
    expect(sheet.getCell('A2').type).toBe(ExcelJS.ValueType.String);
  });

  it('colours status cells as the app does, with the French label', async () => {
    const bytes = await writeStyledWorkbook({
      timeZone: TZ,
      sheets: [{ name: 'S', columns: COLUMNS, rows: [['a', 'consultation_missed'], ['b', 'client']] }],
    });
    const sheet = (await readBack(bytes)).getWorksheet('S')!;
    expect(sheet.getCell('B2').value).toBe('Consultation manquée');
    expect(sheet.getCell('B2').fill).toMatchObject({ pattern: 'solid', fgColor: { argb: 'FFC81E1E' } });
    expect(sheet.getCell('B3').value).toBe('Client');
    expect(sheet.getCell('B3').fill).toMatchObject({ fgColor: { argb: `FF${STATUS_INFO.client.hex.slice(1).toUpperCase()}` } });
    expect(sheet.getCell('B3').font?.color?.argb).toBe('FFFFFFFF');
  });

  it('fits widths to the header and the content, within bounds', async () => {
    const long = 'x'.repeat(500);
    const bytes = await writeStyledWorkbook({
      timeZone: TZ,
      sheets: [{ name: 'W', columns: [{ header: 'Courriel', kind: 'text' }, { header: 'Notes', kind: 'text' }, { header: 'Fixe', kind: 'text', width: 12 }], rows: [['julie.tremblay@example.com', long, 'a']] }],
    });
    const sheet = (await readBack(bytes)).getWorksheet('W')!;
    expect(sheet.getColumn(1).width).toBe('julie.tremblay@example.com'.length + 1);
    expect(sheet.getColumn(2).width).toBe(60);
    expect(sheet.getColumn(3).width).toBe(12);
  });

  it('offers drop-down lists from a hidden sheet, longer than an inline list allows', async () => {
    const programmes = Array.from({ length: 14 }, (_, i) => `Procédure d’immigration numéro ${i + 1}`);
    const bytes = await writeStyledWorkbook({
      timeZone: TZ,
      sheets: [{ name: 'Modèle', columns: [{ header: 'Langue', kind: 'text', list: ['Français', 'Anglais'] }, { header: 'Programme', kind: 'text', list: programmes }], rows: [], listRows: 500 }],
    });
    const workbook = await readBack(bytes);
    const lists = workbook.getWorksheet('Listes')!;
    expect(lists.state).toBe('hidden');
    expect(lists.getCell('B14').value).toBe(programmes[13]);
    const sheet = workbook.getWorksheet('Modèle')!;
    expect(sheet.getCell('A2').dataValidation).toMatchObject({ type: 'list', formulae: ["'Listes'!$A$1:$A$2"] });
    expect(sheet.getCell('B501').dataValidation).toMatchObject({ type: 'list', formulae: ["'Listes'!$B$1:$B$14"] });
    expect(sheet.getCell('B502').dataValidation).toBeUndefined();
  });

  it('names sheets as Excel allows', () => {
    expect(sheetName('Conversion / source [mars]')).toBe('Conversion - source -mars-');
    expect(sheetName('x'.repeat(40))).toHaveLength(31);
  });
});
