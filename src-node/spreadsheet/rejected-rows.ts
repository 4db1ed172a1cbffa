import ExcelJS from 'exceljs';

// The rows an import refused, as an .xlsx to correct and import again (issue 10, point 6): the
// sheet's row number and the French reason first, then the row's cells under the file's own
// headers, so that the corrected file maps as the first one did. Every cell is written as text:
// what the person typed comes back as typed, and a cell such as "=1+1" stays text, never a formula.

export interface RejectedRow {
  row: number;
  reason: string;
  cells: readonly (string | null)[];
}

export async function rejectedRowsXlsx(headers: readonly (string | null)[], rows: readonly RejectedRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Lignes refusées', { views: [{ state: 'frozen', ySplit: 1 }] });
  const titles = ['Ligne', 'Motif', ...headers.map((h, i) => h ?? `Colonne ${i + 1}`)];
  sheet.addRow(titles).font = { bold: true };
  for (const rejected of rows) sheet.addRow([rejected.row, rejected.reason, ...rejected.cells.map((c) => c ?? '')]);
  sheet.getColumn(1).width = 8;
  sheet.getColumn(2).width = 60;
  for (let column = 3; column <= titles.length; column += 1) sheet.getColumn(column).width = 18;
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: titles.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
