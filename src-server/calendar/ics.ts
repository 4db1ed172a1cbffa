import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

// Writing iCalendar (RFC 5545): content lines `NAME;PARAM=value:value`, folded at 75 octets
// (3.1: a longer line is split, each continuation starting with one space; the split never falls
// inside a multi-octet UTF-8 character), TEXT values escaped (3.3.11: backslash, semicolon, comma,
// newline), lines ended by CRLF.

export const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** A TEXT value (3.3.11): `\` `;` `,` escaped, newlines as `\n`, other control characters as spaces. */
export function escapeText(value: string): string {
  return withoutControls(value.replace(/\r\n?/g, '\n'), '\n').replace(/[\\;,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** Control characters (never allowed in a value) as spaces, but tab and those in `keep`. */
function withoutControls(value: string, keep = ''): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    out += (code < 0x20 || code === 0x7f) && char !== '\t' && !keep.includes(char) ? ' ' : char;
  }
  return out;
}

/**
 * A parameter value (3.2): quoted when it holds `:` `;` or `,`; double quotes and control
 * characters cannot appear in one (they are dropped, or become spaces).
 */
export function paramValue(value: string): string {
  const clean = withoutControls(value).replace(/["\t]/g, '');
  return /[:;,]/.test(clean) ? `"${clean}"` : clean;
}

function octets(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** One logical line folded into physical lines of at most 75 octets each, joined by CRLF + space. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let used = 0;
  for (const char of line) {
    const size = octets(char.codePointAt(0)!);
    if (used + size > MAX_OCTETS) {
      parts.push(current);
      // The continuation's leading space is one of its 75 octets.
      current = ' ';
      used = 1;
    }
    current += char;
    used += size;
  }
  parts.push(current);
  return parts.join(CRLF);
}

/** `20260309T140000Z`: an instant as a UTC DATE-TIME. */
export function utcDateTime(instant: string): string {
  return new Date(instant).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** `20260309T100000`: the office clock's reading of an instant, for `DTSTART;TZID=…`. */
export function localDateTime(instant: string, timeZone: string): string {
  return format(new TZDate(Date.parse(instant), timeZone), "yyyyMMdd'T'HHmmss");
}

/** Builds a calendar line by line; `toString()` folds and ends every line with CRLF. */
export class IcsWriter {
  private readonly lines: string[] = [];

  begin(component: string): this {
    return this.raw(`BEGIN:${component}`);
  }

  end(component: string): this {
    return this.raw(`END:${component}`);
  }

  /** A property whose value is already in its iCalendar form (dates, numbers, enumerations). */
  prop(name: string, value: string | number, params: Record<string, string> = {}): this {
    const head = Object.entries(params)
      .map(([key, param]) => `;${key}=${paramValue(param)}`)
      .join('');
    return this.raw(`${name}${head}:${value}`);
  }

  /** A TEXT property, escaped. */
  text(name: string, value: string, params: Record<string, string> = {}): this {
    return this.prop(name, escapeText(value), params);
  }

  raw(line: string): this {
    this.lines.push(line);
    return this;
  }

  /** The logical lines so far, unfolded. */
  rawLines(): string[] {
    return [...this.lines];
  }

  toString(): string {
    return this.lines.map((line) => foldLine(line) + CRLF).join('');
  }
}
