import { useSyncExternalStore } from 'react';

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

let pending: PendingImport | null = null;
const subscribers = new Set<() => void>();

function subscribe(fn: () => void) {
  subscribers.add(fn);
  return () => subscribers.delete(fn);
}

export function startImport(file: PendingImport): void {
  pending = file;
  for (const fn of subscribers) fn();
}

export function clearImport(): void {
  pending = null;
  for (const fn of subscribers) fn();
}

export function usePendingImport(): PendingImport | null {
  return useSyncExternalStore(subscribe, () => pending);
}
