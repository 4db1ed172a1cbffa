/**
 * Whether a module runs from its TypeScript source (tsx, vitest) rather than from out/main's
 * bundle, by its `import.meta.url`. tsx's `tsImport` (scripts/start.mjs) adds a query to that URL
 * (`?tsx-namespace=…`): only the path counts.
 */
export function runsFromSource(moduleUrl: string): boolean {
  return new URL(moduleUrl).pathname.endsWith('.ts');
}
