import { columnLetter } from './cell';
import type { ImportPlan } from './choices';
import type { DuplicateReport } from './duplicate-groups';
import { duplicateCounts } from './duplicate-groups';
import type { ImportField } from './mapping';
import type { ImportedLead } from './clean-row';
import type { ReadSheet, RowError } from './sheet-stream';

// The dry run's report (issue 10, point 7): exactly the object `--dry-run --json` prints.

export interface DryRunRow {
  firstName: string;
  lastName: string;
  email: string | null;
  /** E.164. */
  phone: string | null;
  phoneTyped: string | null;
  city: string | null;
  language: string | null;
  program: string | null;
  notes: string | null;
}

export interface DryRunSummary {
  sheet: string;
  /** 1-based. */
  headerRow: number;
  /** Column header → field. */
  mapping: Record<string, ImportField>;
  toCreate: number;
  duplicates: { inFile: number; existing: number };
  errors: RowError[];
  rows: DryRunRow[];
}

/**
 * The mapping keyed by header. A column without a header is named by its letter, and a header
 * repeated is followed by its letter, so that no column hides another.
 */
export function mappingByHeader(headers: readonly (string | null)[], mapping: readonly ImportField[]): Record<string, ImportField> {
  const counts = new Map<string, number>();
  for (const h of headers) if (h) counts.set(h, (counts.get(h) ?? 0) + 1);
  const out: Record<string, ImportField> = {};
  mapping.forEach((field, column) => {
    const header = headers[column] ?? null;
    const name = header === null ? `Colonne ${columnLetter(column)}` : (counts.get(header) ?? 0) > 1 ? `${header} (${columnLetter(column)})` : header;
    out[name] = field;
  });
  return out;
}

export function summarise(read: ReadSheet, report: DuplicateReport, plan: ImportPlan): DryRunSummary {
  return {
    sheet: read.sheet,
    headerRow: read.headerRow.rowNumber,
    mapping: mappingByHeader(read.headers, read.mapping),
    toCreate: plan.create.length,
    duplicates: duplicateCounts(report),
    errors: read.errors.map(({ row, reason }) => ({ row, reason })),
    rows: plan.create.map(({ lead }) => ({ ...savedLead(lead), notes: lead.notes })),
  };
}

/** A lead as it will be saved, as the dry run and the desktop's preview show it (notes aside). */
export function savedLead(lead: ImportedLead): Omit<DryRunRow, 'notes'> {
  return {
    firstName: lead.firstName,
    lastName: lead.lastName,
    email: lead.email,
    phone: lead.phone,
    phoneTyped: lead.phoneTyped,
    city: lead.city,
    language: lead.language,
    program: lead.programOfInterest,
  };
}
