import { IMPORT_FIELDS, type ImportField } from '~shared/domain/import';

// A mapping the user chose is remembered for files with the same headers (issue 10, point 3), on
// this workstation (localStorage), under the key the core derives from the headers (mappingKey).

export function rememberedMapping(key: string, width: number): ImportField[] | null {
  try {
    const saved: unknown = JSON.parse(window.localStorage.getItem(key) ?? 'null');
    if (!Array.isArray(saved) || saved.length !== width) return null;
    return saved.every((field) => (IMPORT_FIELDS as readonly unknown[]).includes(field)) ? (saved as ImportField[]) : null;
  } catch {
    return null;
  }
}

export function rememberMapping(key: string, mapping: readonly ImportField[]): void {
  try {
    window.localStorage.setItem(key, JSON.stringify(mapping));
  } catch {
    // A full or disabled storage only costs the user choosing again next time.
  }
}
