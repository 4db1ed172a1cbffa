// Reading back what the user had sent in a refused change (the redo of issue 5). Refusal args are
// `unknown` on the wire: each field is taken only when it has the expected type.

export function argsOf(prefill: unknown): Record<string, unknown> {
  return prefill !== null && typeof prefill === 'object' ? (prefill as Record<string, unknown>) : {};
}

export function str(a: Record<string, unknown>, key: string): string | null {
  return typeof a[key] === 'string' ? (a[key] as string) : null;
}

export function oneOf<T extends string>(a: Record<string, unknown>, key: string, values: readonly T[], fallback: T): T {
  const v = a[key];
  return typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as T) : fallback;
}
