import { eq } from 'drizzle-orm';
import { writeStyledWorkbook, type StyledSheet, type StyledValue } from '~node/spreadsheet';
import type { DbExecutor } from '../db/connection';
import { smsOptOuts } from '../db/schema';
import { loadPerson, type PersonRows } from './person';

// A person's export (Loi 25, s. 27: "in a structured, commonly used technological format"): every
// row of PersonRows as JSON, or the same as an .xlsx with one sheet per kind of row and one column
// per field. Nothing else is read: what is about another person never has this lead's id.

export const PERSON_EXPORT_FORMAT = 'bureau.person-export';

/** The sections, in the file's order, with the sheet name each gets in the .xlsx. */
const SECTIONS = [
  ['lead', 'Lead'],
  ['history', 'Historique'],
  ['contactAttempts', 'Tentatives de contact'],
  ['appointments', 'Rendez-vous'],
  ['evaluations', 'Évaluations'],
  ['smsMessages', 'SMS'],
  ['clients', 'Dossier client'],
  ['payments', 'Paiements'],
  ['tasks', 'Tâches'],
  ['notifications', 'Notifications'],
  ['smsDispatch', 'Envoi des SMS'],
  ['smsOptOut', 'Refus des SMS'],
  ['legalHold', 'Conservation légale'],
  ['anonymisation', 'Anonymisation'],
] as const;

export type PersonExport = { format: typeof PERSON_EXPORT_FORMAT; version: 1; exportedAt: string; leadId: string } & PersonRows & {
    smsOptOut: (typeof smsOptOuts.$inferSelect) | null;
  };

/** The person's whole record, or null when no lead has this id. */
export async function personExport(db: DbExecutor, leadId: string, at: Date): Promise<PersonExport | null> {
  const rows = await loadPerson(db, leadId);
  if (rows === null) return null;
  const phone = rows.lead.phoneE164;
  const [optOut] = phone === null ? [] : await db.select().from(smsOptOuts).where(eq(smsOptOuts.phoneE164, phone));
  return { format: PERSON_EXPORT_FORMAT, version: 1, exportedAt: at.toISOString(), leadId, ...rows, smsOptOut: optOut ?? null };
}

function cell(value: unknown): StyledValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  return JSON.stringify(value);
}

/** One sheet per section; a single row (the lead, the hold) is a sheet of one line. */
export function personExportXlsx(data: PersonExport, timeZone: string): Promise<Buffer> {
  const sheets: StyledSheet[] = SECTIONS.map(([key, name]) => {
    const value = data[key];
    const rows = (Array.isArray(value) ? value : value === null ? [] : [value]) as Array<Record<string, unknown>>;
    const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))];
    return {
      name,
      columns: (keys.length === 0 ? ['(aucune donnée)'] : keys).map((header) => ({ header, kind: 'text' as const })),
      rows: rows.map((row) => keys.map((k) => cell(row[k]))),
    };
  });
  return writeStyledWorkbook({ sheets, timeZone, now: new Date(data.exportedAt) });
}

/** `personne-<8 first characters of the id>-<date>.<ext>`: no name in a file name that may be mailed. */
export function personExportFileName(leadId: string, at: Date, ext: 'json' | 'xlsx'): string {
  return `personne-${leadId.slice(0, 8)}-${at.toISOString().slice(0, 10)}.${ext}`;
}
