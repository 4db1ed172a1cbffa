import type { ExportedFile } from '~shared/contract/exports';

// Where an exported file goes (issue 10, point 8). In Electron the user picks the place in the
// system's save dialog and the main process writes the file there (main.ts gives `dialogSaver`);
// in the development bridge there is no dialog, so the bytes go back to the page, which offers
// them as a download. Either way the file is written by the main process.

export interface FileToSave {
  /** Suggested name, with its extension. */
  fileName: string;
  bytes: Buffer;
}

export type SaveFile = (file: FileToSave) => Promise<ExportedFile>;

/** The bridge's (and the tests') way: the page offers the bytes as a download. */
export const downloadSaver: SaveFile = async ({ fileName, bytes }) => ({ kind: 'download', fileName, base64: bytes.toString('base64') });

export interface SaveDialog {
  /** Electron's dialog.showSaveDialog for our window, narrowed to what is used. */
  showSaveDialog(options: { defaultPath: string; filters: Array<{ name: string; extensions: string[] }> }): Promise<{ canceled: boolean; filePath?: string }>;
}

/** Electron's way: the save dialog, then the file written where the user chose. */
export function dialogSaver(dialog: SaveDialog, defaultFolder: string, write: (path: string, bytes: Buffer) => Promise<void>): SaveFile {
  return async ({ fileName, bytes }) => {
    // A person's export may be JSON (issue 14, point 5); every other export is a workbook.
    const ext = fileName.toLowerCase().endsWith('.json') ? 'json' : 'xlsx';
    const chosen = await dialog.showSaveDialog({
      defaultPath: `${defaultFolder}/${fileName}`,
      filters: [ext === 'json' ? { name: 'Fichier JSON', extensions: ['json'] } : { name: 'Classeur Excel', extensions: ['xlsx'] }],
    });
    if (chosen.canceled || !chosen.filePath) return { kind: 'cancelled' };
    const path = chosen.filePath.toLowerCase().endsWith(`.${ext}`) ? chosen.filePath : `${chosen.filePath}.${ext}`;
    await write(path, bytes);
    return { kind: 'saved', fileName: path.split(/[\\/]/).at(-1) ?? fileName, path };
  };
}
