// A whole column of rows goes to PostgreSQL as one array parameter (puts.ts, the push's state
// loader). node-postgres turns a JavaScript array into PostgreSQL's array text itself, but runs two
// regular expressions over every element to escape it: for a pushed group's rows (over a thousand
// values) that cost more of the server's time than building the rows. The same text is built here,
// escaping only the elements that hold a quote or a backslash.

const NEEDS_ESCAPE = /[\\"]/;
const ESCAPED = /[\\"]/g;

/**
 * The array literal PostgreSQL reads for `values` (`{"a","b \"c\"",NULL}`), to be cast by the
 * statement (`$1::text[]`, `$1::uuid[]`). Every element is quoted, so `NULL` only ever means null.
 */
export function arrayParam(values: ReadonlyArray<string | null | undefined>): string {
  let text = '{';
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i > 0) text += ',';
    if (value === null || value === undefined) text += 'NULL';
    else text += NEEDS_ESCAPE.test(value) ? `"${value.replace(ESCAPED, '\\$&')}"` : `"${value}"`;
  }
  return `${text}}`;
}
