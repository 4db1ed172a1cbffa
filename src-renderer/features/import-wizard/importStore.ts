import { createExternalStore } from '../../lib/external-store';

// The file waiting to be imported: a drop anywhere on the window, the Leads screen's « Importer… »
// button and a spreadsheet opened with Bureau (useOpenedFiles) all put it here, and the one wizard
// (ImportWizard, in the shell) opens on it.

/** A spreadsheet opened with the desktop application: the main process gave its path. */
export interface OpenedFile {
  kind: 'opened';
  path: string;
  name: string;
}

export type PendingImport = File | OpenedFile;

export function isOpenedFile(file: PendingImport): file is OpenedFile {
  return (file as Partial<OpenedFile>).kind === 'opened';
}

const pending = createExternalStore<PendingImport | null>(null);

export function startImport(file: PendingImport): void {
  pending.set(file);
}

export function clearImport(): void {
  pending.set(null);
}

export function usePendingImport(): PendingImport | null {
  return pending.use();
}
