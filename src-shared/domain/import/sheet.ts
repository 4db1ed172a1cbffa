import type { Cell, MergedRange, SheetInput } from './cell';
import { columnLetter, isEmptyCell } from './cell';
import { EXCEL_MAX_COLUMNS, MAX_COLUMNS, MAX_LISTED_MERGES } from './limits';

// Choosing the sheet and refusing the sheets the import cannot read (issue 10, points 3 and 9).

/** Columns up to the last one holding something: a cell formatted far right does not count. */
export function sheetWidth(rows: readonly (readonly Cell[])[]): number {
  let width = 0;
  for (const row of rows) {
    for (let column = row.length - 1; column >= width; column -= 1) {
      if (!isEmptyCell(row[column])) {
        width = column + 1;
        break;
      }
    }
  }
  return width;
}

function isEmptySheet(sheet: SheetInput): boolean {
  return sheet.rows.every((row) => row.every(isEmptyCell));
}

/** The sheet to import by default: the first one holding anything; null when all are empty. */
export function pickSheet<S extends SheetInput>(sheets: readonly S[]): S | null {
  return sheets.find((sheet) => !isEmptySheet(sheet)) ?? null;
}

const formatCount = (n: number) => n.toLocaleString('fr-CA');

/** Why the sheet cannot be imported, in French; null when it can. */
export function sheetRefusal(sheet: SheetInput): string | null {
  return widthRefusal(sheet.name, isEmptySheet(sheet) ? 0 : sheetWidth(sheet.rows));
}

/** Why a sheet this wide (0: empty) cannot be imported; null when it can. */
export function widthRefusal(name: string, width: number): string | null {
  if (width === 0) {
    return `La feuille «\u00a0${name}\u00a0» est vide\u00a0: choisissez la feuille qui contient les leads.`;
  }
  if (width >= EXCEL_MAX_COLUMNS) {
    return (
      `La feuille «\u00a0${name}\u00a0» occupe ${formatCount(width)} colonnes, jusqu’à la dernière colonne d’Excel (${columnLetter(width - 1)})\u00a0: ` +
      'une cellule remplie loin à droite élargit la feuille. Supprimez les colonnes vides à droite des données, enregistrez le fichier, puis importez-le de nouveau.'
    );
  }
  if (width > MAX_COLUMNS) {
    return (
      `La feuille «\u00a0${name}\u00a0» a ${formatCount(width)} colonnes\u00a0; l’import en lit ${formatCount(MAX_COLUMNS)} au plus. ` +
      'Supprimez les colonnes inutiles ou copiez les colonnes des leads dans une nouvelle feuille.'
    );
  }
  return null;
}

/**
 * Merged cells below the header: only the first cell of a merge holds the value, so the rows it
 * covers would import without it. Merges in the title area above the header are harmless.
 */
export function mergedCellsWarning(merges: readonly MergedRange[] | undefined, headerIndex: number): string | null {
  const below = (merges ?? []).filter((m) => m.endRow > headerIndex && (m.endRow > m.startRow || m.endColumn > m.startColumn));
  if (below.length === 0) return null;
  const listed = below
    .slice(0, MAX_LISTED_MERGES)
    .map((m) => `${columnLetter(m.startColumn)}${m.startRow + 1}:${columnLetter(m.endColumn)}${m.endRow + 1}`)
    .join(', ');
  const more = below.length > MAX_LISTED_MERGES ? ` et ${formatCount(below.length - MAX_LISTED_MERGES)} autres` : '';
  return (
    `Cellules fusionnées (${listed}${more})\u00a0: seule la première cellule d’une fusion porte la valeur, ` +
    'les autres lignes seront lues vides. Défusionnez ces cellules dans Excel et recopiez les valeurs si elles concernent plusieurs leads.'
  );
}
