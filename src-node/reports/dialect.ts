// The two SQL engines the reports run on (issue 13, point 3): the desktop's SQLite replica and the
// office server's PostgreSQL (or PGlite). Each report's SQL is written once (reports/queries.ts); only
// what the two spell differently goes through here:
// - instants are ISO text in SQLite and `timestamptz` in PostgreSQL, so a difference of two
//   instants in whole seconds is `unixepoch` on one and `extract(epoch …)` on the other (whole
//   seconds on both: `julianday` arithmetic differs from PostgreSQL's in the last digits);
// - a bound instant that PostgreSQL cannot type from a column beside it (a week's bounds in a
//   VALUES list) needs a cast there, and none in SQLite;
// - parameters are `?` in SQLite and `$1, $2…` in PostgreSQL (rewritten from `?`).

export interface SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  /** Whole seconds from `earlier` to `later` (each instant truncated to its second), two instant expressions. */
  seconds(later: string, earlier: string): string;
  /** A bound instant parameter where nothing else gives it its type. */
  instantParam(): string;
}

export const SQLITE: SqlDialect = {
  name: 'sqlite',
  seconds: (later, earlier) => `(unixepoch(${later}) - unixepoch(${earlier}))`,
  instantParam: () => '?',
};

export const POSTGRES: SqlDialect = {
  name: 'postgres',
  seconds: (later, earlier) => `(floor(extract(epoch from ${later})) - floor(extract(epoch from ${earlier})))`,
  instantParam: () => 'cast(? as timestamptz)',
};

/** `?` → `$1, $2…` for PostgreSQL; the reports' SQL has no `?` inside a string literal. */
export function numberedParams(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** Runs one statement and answers its rows (better-sqlite3 or PostgreSQL). */
export type RunSql = (text: string, params: readonly unknown[]) => Promise<Array<Record<string, unknown>>> | Array<Record<string, unknown>>;
