import type { ZipFacts } from './zip';

// What an .xlsx's workbook part says: its sheets in order (name → worksheet part) and whether it
// counts dates from 1904. Read from the text inspectZip kept; tiny regular expressions suffice
// for these two machine-written parts.

export interface WorkbookSheet {
  name: string;
  /** The worksheet part, e.g. `xl/worksheets/sheet1.xml`; null when the relation is missing. */
  part: string | null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name] ?? whole;
  });
}

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name.replace(':', '\\:')}="([^"]*)"`).exec(tag);
  return match ? unescapeXml(match[1] ?? '') : null;
}

function partPath(target: string): string {
  const clean = target.replace(/^\//, '');
  return clean.startsWith('xl/') ? clean : `xl/${clean}`;
}

function relationships(facts: ZipFacts): { id: string; type: string; part: string }[] {
  const rels = facts.texts.get('xl/_rels/workbook.xml.rels') ?? '';
  const found: { id: string; type: string; part: string }[] = [];
  for (const [tag] of rels.matchAll(/<(?:\w+:)?Relationship\s[^>]*>/g)) {
    const id = attribute(tag, 'Id');
    const target = attribute(tag, 'Target');
    if (id && target) found.push({ id, type: attribute(tag, 'Type') ?? '', part: partPath(target) });
  }
  return found;
}

export function workbookSheets(facts: ZipFacts): WorkbookSheet[] {
  const workbook = facts.texts.get('xl/workbook.xml') ?? '';
  const targets = new Map(relationships(facts).map((r) => [r.id, r.part]));
  const sheets: WorkbookSheet[] = [];
  for (const [tag] of workbook.matchAll(/<(?:\w+:)?sheet\s[^>]*>/g)) {
    const name = attribute(tag, 'name');
    const rel = attribute(tag, 'r:id');
    if (name !== null) sheets.push({ name, part: rel === null ? null : (targets.get(rel) ?? null) });
  }
  return sheets;
}

/** The shared strings part the workbook names, if it has one (most do; some writers put every text in its cell). */
export function sharedStringsPart(facts: ZipFacts): string | null {
  const part = relationships(facts).find((r) => r.type.endsWith('/sharedStrings'))?.part ?? null;
  return part !== null && facts.entries.has(part) ? part : null;
}

export function isDate1904(facts: ZipFacts): boolean {
  const tag = /<(?:\w+:)?workbookPr\s[^>]*>/.exec(facts.texts.get('xl/workbook.xml') ?? '')?.[0] ?? '';
  const value = attribute(tag, 'date1904');
  return value === '1' || value === 'true';
}
