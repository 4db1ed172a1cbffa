import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, IcsWriter, localDateTime, paramValue, utcDateTime } from './ics';

// RFC 5545's rules for writing content lines: folding at 75 octets without ever cutting a UTF-8
// character, TEXT escaping, CRLF.

const fatal = new TextDecoder('utf-8', { fatal: true });

function physicalLines(folded: string): string[] {
  return folded.split('\r\n');
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

describe('foldLine', () => {
  it('keeps every physical line within 75 octets, never splits a character, and unfolds to the line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 600 }).filter((s) => !/[\r\n]/.test(s)), (line) => {
        const parts = physicalLines(foldLine(line));
        for (const [index, part] of parts.entries()) {
          const bytes = Buffer.from(part, 'utf8');
          expect(bytes.length).toBeLessThanOrEqual(75);
          // Each part alone is valid UTF-8: no character was cut in two.
          expect(fatal.decode(bytes)).toBe(part);
          if (index > 0) expect(part.startsWith(' ')).toBe(true);
        }
        expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
      }),
    );
  });

  it('fills lines to exactly 75 octets when the characters allow it', () => {
    const folded = foldLine(`SUMMARY:${'é'.repeat(100)}`);
    const [first, second] = physicalLines(folded);
    // "SUMMARY:" is 8 octets, then 33 "é" of 2 octets: 74, and the next would make 76.
    expect(Buffer.byteLength(first!)).toBe(74);
    expect(Buffer.byteLength(second!)).toBe(75);
    expect(foldLine('A'.repeat(75))).toBe('A'.repeat(75));
    expect(foldLine('A'.repeat(76))).toBe(`${'A'.repeat(75)}\r\n A`);
  });
});

describe('escapeText', () => {
  it('escapes backslash, semicolon, comma and newlines, and unescapes back to the text', () => {
    expect(escapeText('Côté, fils; a\\b\nligne 2\r\nligne 3')).toBe('Côté\\, fils\\; a\\\\b\\nligne 2\\nligne 3');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        // eslint-disable-next-line no-control-regex -- the control characters are the point
        const expected = text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');
        expect(unescapeText(escapeText(text))).toBe(expected);
      }),
    );
  });

  it('quotes parameter values that need it', () => {
    expect(paramValue('America/Toronto')).toBe('America/Toronto');
    expect(paramValue('Bureau: Montréal')).toBe('"Bureau: Montréal"');
    expect(paramValue('a"b')).toBe('ab');
  });
});

describe('dates', () => {
  it('writes instants in UTC and as the office clock reads them, on both sides of DST', () => {
    expect(utcDateTime('2026-03-09T14:00:00.000Z')).toBe('20260309T140000Z');
    expect(localDateTime('2026-03-09T14:00:00.000Z', 'America/Toronto')).toBe('20260309T100000');
    expect(localDateTime('2026-03-04T19:30:00.000Z', 'America/Toronto')).toBe('20260304T143000');
    expect(localDateTime('2026-11-01T06:30:00.000Z', 'America/Toronto')).toBe('20261101T013000');
  });
});

describe('IcsWriter', () => {
  it('ends every line with CRLF and folds long ones', () => {
    const text = new IcsWriter().begin('VEVENT').text('SUMMARY', 'x'.repeat(100)).prop('DTSTART', '20260309T100000', { TZID: 'America/Toronto' }).end('VEVENT').toString();
    expect(text).toBe(
      `BEGIN:VEVENT\r\nSUMMARY:${'x'.repeat(67)}\r\n ${'x'.repeat(33)}\r\nDTSTART;TZID=America/Toronto:20260309T100000\r\nEND:VEVENT\r\n`,
    );
  });
});
