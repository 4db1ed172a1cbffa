import type { Cell } from '~shared/domain/import';

// CSV as Excel and Québec offices write it: UTF-8 (with or without BOM) or Windows-1252 (Excel's
// "CSV" on a French Windows), UTF-16 for Excel's "Unicode text"; `;` between fields when the comma
// is the decimal separator, `,` elsewhere, tabs from "Unicode text".
//
// Parsed here rather than by SheetJS: its CSV reader guesses numbers and month-first dates
// ("05/01/2026" becomes 1 May) and takes a file beginning with "ID" for SYLK; here every field
// stays the text the file holds, and the import's core reads dates day first and phones as typed.

/** The file's text: UTF-8 when it is valid UTF-8, else Windows-1252. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

const SEPARATORS = [';', ',', '\t'] as const;
export type Separator = (typeof SEPARATORS)[number];

/** Separators outside quotes on one line. */
function countOutsideQuotes(line: string, separator: string): number {
  let n = 0;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === separator && !quoted) n += 1;
  }
  return n;
}

/**
 * The separator of the first lines: the one found the same number of times on most of them (a
 * title line may have none), the most frequent on a tie; `;` when there is nothing to tell.
 */
export function detectSeparator(text: string): Separator {
  const declared = /^sep=(.)\r?\n/i.exec(text);
  if (declared && (SEPARATORS as readonly string[]).includes(declared[1] ?? '')) return declared[1] as Separator;
  const lines = text.split(/\r\n|\n|\r/, 20).filter((l) => l.trim() !== '');
  let best: { separator: Separator; lines: number; count: number } = { separator: ';', lines: 0, count: 0 };
  for (const separator of SEPARATORS) {
    const counts = lines.map((line) => countOutsideQuotes(line, separator)).filter((n) => n > 0);
    const byCount = new Map<number, number>();
    for (const n of counts) byCount.set(n, (byCount.get(n) ?? 0) + 1);
    for (const [count, many] of byCount) {
      if (many > best.lines || (many === best.lines && count > best.count)) best = { separator, lines: many, count };
    }
  }
  return best.separator;
}

/** RFC 4180 rows: quoted fields may hold the separator, quotes ("") and line breaks. */
export function parseCsv(text: string, separator: Separator, onRow?: (rows: number) => void): string[][] {
  const body = text.replace(/^sep=.\r?\n/i, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endRow = () => {
    row.push(field);
    rows.push(row);
    row = [];
    field = '';
    if (onRow && rows.length % 1000 === 0) onRow(rows.length);
  };
  while (i < body.length) {
    const char = body[i] as string;
    if (quoted) {
      if (char === '"') {
        if (body[i + 1] === '"') {
          field += '"';
          i += 1;
        } else quoted = false;
      } else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === separator) {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && body[i + 1] === '\n') i += 1;
      endRow();
    } else field += char;
    i += 1;
  }
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

/** Text cells; an empty field is an empty cell. */
export function csvCells(rows: string[][]): Cell[][] {
  return rows.map((row) => row.map((field) => (field === '' ? undefined : field)));
}
