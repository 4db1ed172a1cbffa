/** node-postgres answers `{ rows }`, PGlite too; drizzle passes either through `execute`. */
export function rowsOf<R>(result: unknown): R[] {
  return ((result as { rows?: R[] }).rows ?? (result as R[])) as R[];
}
