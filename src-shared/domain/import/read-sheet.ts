import type { SheetInput } from './cell';
import type { ReadOptions, ReadSheetResult, SheetStreamEnd, SheetStreamOptions } from './sheet-stream';
import { SheetStream } from './sheet-stream';
import { pickSheet } from './sheet';

// A sheet held whole (SheetJS's formats, small files, tests) read through the same SheetStream as
// a streamed one: the header row found, the mapping guessed (or the user's), every row below
// cleaned (issue 10, points 3, 4 and 9). What the preview and the dry run show.

/** Reads one sheet; a sheet that cannot be imported gives its French reason. */
export function readSheet(sheet: SheetInput, options: ReadOptions = {}): ReadSheetResult {
  return streamSheet(sheet, options).result;
}

/** readSheet, with the rejected rows' cells and the cleaned rows handed on as SheetStream does. */
export function streamSheet(sheet: SheetInput, options: Omit<SheetStreamOptions, 'name' | 'merges'> = {}): SheetStreamEnd {
  const stream = new SheetStream({ ...options, name: sheet.name, merges: sheet.merges });
  sheet.rows.forEach((cells, index) => stream.push(index, cells));
  return stream.end();
}

/** The chosen sheet, or the first non-empty one; else why there is none. */
export function chooseSheet<S extends SheetInput>(sheets: readonly S[], sheetName?: string): { ok: true; sheet: S } | { ok: false; error: string } {
  if (sheetName !== undefined) {
    const chosen = sheets.find((s) => s.name === sheetName);
    return chosen ? { ok: true, sheet: chosen } : { ok: false, error: `Le fichier n’a pas de feuille «\u00a0${sheetName}\u00a0».` };
  }
  const sheet = pickSheet(sheets);
  return sheet ? { ok: true, sheet } : { ok: false, error: 'Le fichier est vide\u00a0: aucune de ses feuilles ne contient de données.' };
}

/** Reads the chosen sheet, or the first non-empty one. */
export function readWorkbook(
  sheets: readonly SheetInput[],
  options: ReadOptions & { sheetName?: string } = {},
): ReadSheetResult {
  const chosen = chooseSheet(sheets, options.sheetName);
  return chosen.ok ? readSheet(chosen.sheet, options) : chosen;
}
