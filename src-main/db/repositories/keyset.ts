// Keyset paging: a page starts strictly after the last row of the previous one in the sort order,
// so paging stays exact and cheap however deep it goes. Every sort ends with the row's id, which
// makes the order total even when the visible key (a status, a name, a date) repeats.

export interface SortKey {
  /** SQL expression over the query's rows; its value goes into the cursor. */
  readonly expr: string;
  readonly dir: 'asc' | 'desc';
  /** How the key compares, when not as plain bytes. */
  readonly collate?: 'nocase';
}

/** The key as it is compared: with its collation, wherever it appears (ORDER BY, cursor). */
export function keyExpr(key: SortKey, expr: string = key.expr): string {
  return key.collate ? `${expr} collate ${key.collate}` : expr;
}

export class InvalidCursorError extends Error {
  readonly code = 'invalid_cursor';
  constructor() {
    super('La page demandée n’est plus valide : rechargez la liste.');
  }
}

/** ORDER BY over the keys; `alias` reads them from a subquery's k0, k1, … columns instead. */
export function orderBy(keys: readonly SortKey[], alias?: string): string {
  return keys.map((k, i) => `${keyExpr(k, alias ? `${alias}.k${i}` : k.expr)} ${k.dir}`).join(', ');
}

/** The columns that carry the sort keys of each row, aliased k0, k1, … */
export function keyColumns(keys: readonly SortKey[]): string {
  return keys.map((k, i) => `${keyExpr(k)} as k${i}`).join(', ');
}

export function keyValues(keys: readonly SortKey[], row: Record<string, unknown>): unknown[] {
  return keys.map((_, i) => row[`k${i}`]);
}

/** "After the cursor's row", as SQL with its parameters. */
export function afterClause(keys: readonly SortKey[], values: readonly unknown[]): { sql: string; params: unknown[] } {
  const first = keys[0];
  if (first && keys.every((k) => k.dir === first.dir)) {
    // One direction: a row-value comparison, which SQLite can answer from an index.
    const op = first.dir === 'asc' ? '>' : '<';
    return { sql: `(${keys.map((k) => keyExpr(k)).join(', ')}) ${op} (${keys.map(() => '?').join(', ')})`, params: [...values] };
  }
  // Mixed directions: k0 beyond, or k0 equal and k1 beyond, …
  const ors: string[] = [];
  const params: unknown[] = [];
  keys.forEach((key, i) => {
    const parts: string[] = [];
    for (let j = 0; j < i; j += 1) {
      const previous = keys[j];
      if (previous) parts.push(`${keyExpr(previous)} = ?`);
      params.push(values[j]);
    }
    parts.push(`${keyExpr(key)} ${key.dir === 'asc' ? '>' : '<'} ?`);
    params.push(values[i]);
    ors.push(`(${parts.join(' and ')})`);
  });
  return { sql: `(${ors.join(' or ')})`, params };
}

/** An opaque cursor; `sort` names the order it belongs to, so it cannot be reused with another. */
export function encodeCursor(sort: string, values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify([sort, ...values]), 'utf8').toString('base64url');
}

/** The key values of a cursor made by `encodeCursor` for the same sort; anything else throws. */
export function decodeCursor(cursor: string, sort: string, keys: readonly SortKey[]): unknown[] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const scalar = (v: unknown) => v === null || typeof v === 'string' || typeof v === 'number';
  if (!Array.isArray(decoded) || decoded[0] !== sort) throw new InvalidCursorError();
  const values = decoded.slice(1);
  if (values.length !== keys.length || !values.every(scalar)) throw new InvalidCursorError();
  return values;
}
