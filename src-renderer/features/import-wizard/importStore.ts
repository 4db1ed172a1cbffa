import { useSyncExternalStore } from 'react';

// The file waiting to be imported: a drop anywhere on the window and the Leads screen's
// « Importer… » button both put it here, and the one wizard (ImportWizard, in the shell) opens on it.

let pending: File | null = null;
const subscribers = new Set<() => void>();

function subscribe(fn: () => void) {
  subscribers.add(fn);
  return () => subscribers.delete(fn);
}

export function startImport(file: File): void {
  pending = file;
  for (const fn of subscribers) fn();
}

export function clearImport(): void {
  pending = null;
  for (const fn of subscribers) fn();
}

export function usePendingImport(): File | null {
  return useSyncExternalStore(subscribe, () => pending);
}
