import { buildDuplicateIndex, duplicateKeys, findDuplicateInIndex, olderFirst } from '../duplicates';
import type { Lead } from '../entities';
import type { ImportRow } from './sheet-stream';

// Duplicates of an import, by group (issue 10, point 5), by the domain's rule (domain.md,
// "Duplicates"): a row whose normalised phone (E.164) or e-mail matches an open lead, or another
// row of the file, is a duplicate. Rows linked by any shared phone or e-mail form one group, so
// each person is one choice on screen.

export interface DuplicateGroup {
  /** Stable within one reading: `lead:<id>` for an existing lead, `rows:<first row>` otherwise. */
  id: string;
  kind: 'existing' | 'inFile';
  /** The oldest open lead the rows match (kind 'existing'); null for a group of the file only. */
  existing: Lead | null;
  /** The rows of the group in sheet order; for 'inFile', the first is the one kept. */
  rows: ImportRow[];
}

export interface DuplicateReport {
  groups: DuplicateGroup[];
  /** Rows that duplicate nothing. */
  singles: ImportRow[];
}

/** Groups the accepted rows of an import with each other and with the existing leads. */
export function findDuplicates(rows: readonly ImportRow[], existingLeads: readonly Lead[]): DuplicateReport {
  const index = buildDuplicateIndex(existingLeads);
  // Union-find over row positions: rows sharing a key, or the same existing lead, are one group.
  const parent = rows.map((_, i) => i);
  const root = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] as number;
    while (parent[i] !== r) {
      const next = parent[i] as number;
      parent[i] = r;
      i = next;
    }
    return r;
  };
  const union = (a: number, b: number) => {
    const ra = root(a);
    const rb = root(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };

  const firstWithKey = new Map<string, number>();
  const matches: (Lead | null)[] = rows.map((row, i) => {
    const contact = { email: row.lead.email, phoneE164: row.lead.phone };
    const match = findDuplicateInIndex(contact, index);
    const keys = duplicateKeys(contact);
    if (match) keys.push(`lead:${match.id}`);
    for (const key of keys) {
      const seen = firstWithKey.get(key);
      if (seen === undefined) firstWithKey.set(key, i);
      else union(seen, i);
    }
    return match;
  });

  const members = new Map<number, number[]>();
  rows.forEach((_, i) => {
    const r = root(i);
    const list = members.get(r);
    if (list) list.push(i);
    else members.set(r, [i]);
  });

  const groups: DuplicateGroup[] = [];
  const singles: ImportRow[] = [];
  for (const positions of [...members.values()].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0))) {
    const existing = positions
      .map((i) => matches[i] ?? null)
      .filter((m): m is Lead => m !== null)
      .sort(olderFirst)[0];
    const groupRows = positions.map((i) => rows[i] as ImportRow);
    if (!existing && groupRows.length === 1) {
      singles.push(groupRows[0] as ImportRow);
      continue;
    }
    groups.push({
      id: existing ? `lead:${existing.id}` : `rows:${groupRows[0]?.row ?? 0}`,
      kind: existing ? 'existing' : 'inFile',
      existing: existing ?? null,
      rows: groupRows,
    });
  }
  return { groups, singles };
}

/**
 * Counts of duplicate rows, as the dry run reports them: `existing`, rows matching an open lead;
 * `inFile`, rows repeating an earlier row of the file (the first of each group is not counted).
 */
export function duplicateCounts(report: DuplicateReport): { inFile: number; existing: number } {
  let inFile = 0;
  let existing = 0;
  for (const group of report.groups) {
    if (group.kind === 'existing') existing += group.rows.length;
    else inFile += group.rows.length - 1;
  }
  return { inFile, existing };
}
