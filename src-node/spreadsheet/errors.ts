import { MAX_CELLS, MAX_FILE_BYTES, MAX_ROWS, MAX_UNCOMPRESSED_BYTES } from '~shared/domain/import';

// Why a file cannot be read, as the import's callers show it (the desktop's import screen, the
// office server's `npm run office -- import`): a code to act on and a French sentence to show.
// Nothing is returned with it: a file is read whole or not at all.

export type SpreadsheetErrorCode =
  | 'too_large'
  | 'empty'
  | 'not_spreadsheet'
  | 'corrupt'
  | 'password'
  | 'zip_bomb'
  | 'too_many_rows'
  | 'too_many_cells'
  | 'no_such_sheet'
  | 'cancelled';

export class SpreadsheetError extends Error {
  constructor(
    readonly code: SpreadsheetErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    // The cause is for the log and the tests (which library error made the file "damaged"); the
    // person sees the message only.
    super(message, options);
    this.name = 'SpreadsheetError';
  }
}

const count = (n: number) => n.toLocaleString('fr-CA');
const megabytes = (bytes: number) => `${count(Math.round(bytes / (1024 * 1024)))}\u00a0Mo`;

export const refusals = {
  tooLarge: (bytes: number) =>
    new SpreadsheetError(
      'too_large',
      `Le fichier pèse ${megabytes(bytes)}\u00a0; l’import en lit ${megabytes(MAX_FILE_BYTES)} au plus. ` +
        'Enregistrez seulement la feuille des leads (sans images ni autres feuilles), ou coupez le fichier en plusieurs.',
    ),
  empty: () => new SpreadsheetError('empty', 'Le fichier est vide\u00a0: aucune de ses feuilles ne contient de données.'),
  notSpreadsheet: () =>
    new SpreadsheetError(
      'not_spreadsheet',
      'Ce fichier n’est pas un classeur\u00a0: l’import lit les fichiers Excel (.xlsx, .xls), OpenDocument (.ods) et CSV.',
    ),
  corrupt: (cause?: unknown) =>
    new SpreadsheetError(
      'corrupt',
      'Le fichier est endommagé ou incomplet\u00a0: ouvrez-le dans Excel, enregistrez-le de nouveau, puis importez-le.',
      { cause },
    ),
  password: () =>
    new SpreadsheetError(
      'password',
      'Le fichier est protégé par un mot de passe\u00a0: ouvrez-le dans Excel, retirez le mot de passe (Fichier > Informations > Protéger le classeur), enregistrez-le, puis importez-le.',
    ),
  zipBomb: () =>
    new SpreadsheetError(
      'zip_bomb',
      `Le fichier se décompresse en plus de ${megabytes(MAX_UNCOMPRESSED_BYTES)}\u00a0: ce n’est pas une liste de leads que l’import peut lire. ` +
        'Enregistrez seulement la feuille des leads dans un nouveau fichier.',
    ),
  tooManyRows: (sheet: string) =>
    new SpreadsheetError(
      'too_many_rows',
      `La feuille «\u00a0${sheet}\u00a0» dépasse ${count(MAX_ROWS)} lignes, la limite d’Excel\u00a0: le fichier n’a pas été fait par Excel ou il est endommagé.`,
    ),
  tooManyCells: (sheet: string) =>
    new SpreadsheetError(
      'too_many_cells',
      `La feuille «\u00a0${sheet}\u00a0» compte plus de ${count(MAX_CELLS)} cellules\u00a0; l’import en lit ${count(MAX_CELLS)} au plus. ` +
        'Supprimez les colonnes inutiles et les lignes vides à la fin, ou coupez la liste en plusieurs fichiers.',
    ),
  noSuchSheet: (sheet: string, names: readonly string[]) =>
    new SpreadsheetError(
      'no_such_sheet',
      `Le fichier n’a pas de feuille «\u00a0${sheet}\u00a0»${names.length > 0 ? `\u00a0; ses feuilles\u00a0: ${names.map((n) => `«\u00a0${n}\u00a0»`).join(', ')}` : ''}.`,
    ),
  cancelled: () => new SpreadsheetError('cancelled', 'Lecture du fichier annulée.'),
};
