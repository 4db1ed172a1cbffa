/**
 * What a log may say of an error: its name and code, never its message, which may hold a
 * person's data or a file's path.
 */
export function errorLabel(error: unknown): string {
  const name = error instanceof Error ? error.name : typeof error;
  const code = error instanceof Error && 'code' in error ? ` (${String((error as { code: unknown }).code)})` : '';
  return `${name}${code}`;
}
