import { writeStyledWorkbook } from './styled-workbook';

// The rows an import refused, as an .xlsx to correct and import again (issue 10, point 6): the
// sheet's row number and the French reason first, then the row's cells under the file's own
// headers, so that the corrected file maps as the first one did. Written by the exports' styled
// writer: a bold frozen header with a filter, and every cell as text, so that what the person
// typed comes back as typed and a cell such as "=1+1" never becomes a formula.

export interface RejectedRow {
  row: number;
  reason: string;
  cells: readonly (string | null)[];
}

export function rejectedRowsXlsx(headers: readonly (string | null)[], rows: readonly RejectedRow[], timeZone: string): Promise<Buffer> {
  return writeStyledWorkbook({
    timeZone,
    sheets: [
      {
        name: 'Lignes refusées',
        columns: [
          { header: 'Ligne', kind: 'count' },
          { header: 'Motif', kind: 'text' },
          ...headers.map((header, i) => ({ header: header ?? `Colonne ${i + 1}`, kind: 'text' as const })),
        ],
        rows: rows.map((rejected) => [rejected.row, rejected.reason, ...rejected.cells]),
      },
    ],
  });
}

/** « salon.xlsx » → « salon - lignes refusées.xlsx »: the wizard's file and the Imports view's have one name. */
export function rejectedRowsFileName(importedFileName: string): string {
  return `${importedFileName.replace(/\.[^.]+$/, '')} - lignes refusées.xlsx`;
}
