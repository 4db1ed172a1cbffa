import type Database from 'better-sqlite3';
import type { LeadFilters, LeadSort } from '~shared/contract/ipc';
import { LANGUAGE_LABELS, SOURCE_LABELS } from '~shared/domain/labels';
import { writeStyledWorkbook, type StyledColumn, type StyledValue } from '~node/spreadsheet';
import { keyColumns, orderBy } from '../db/repositories/keyset';
import { leadWhere } from '../db/repositories/lead-filters';
import { SORTS } from '../db/repositories/leads';
import { statement } from '../db/statements';

// The Leads screen's list, filters and sort applied, as a styled .xlsx (issue 10, point 8): the
// same WHERE and ORDER BY as the screen (repositories/lead-filters.ts, leads.ts), every match.

/** The whole office is 200,000 leads at most in the benches; an export stops there. */
export const MAX_EXPORTED_LEADS = 200_000;

const COLUMNS: StyledColumn[] = [
  { header: 'Nom', kind: 'text' },
  { header: 'Prénom', kind: 'text' },
  { header: 'Statut', kind: 'status' },
  { header: 'Courriel', kind: 'text' },
  { header: 'Téléphone', kind: 'text' },
  { header: 'Ville', kind: 'text' },
  { header: 'Pays', kind: 'text' },
  { header: 'Langue', kind: 'text' },
  { header: 'Programme', kind: 'text' },
  { header: 'Source', kind: 'text' },
  { header: 'Campagne', kind: 'text' },
  { header: 'Attribué à', kind: 'text' },
  { header: 'Créé le', kind: 'dateTime' },
  { header: 'Rappel', kind: 'dateTime' },
  { header: 'Notes', kind: 'text', width: 50 },
];

interface ExportRow {
  lastName: string;
  firstName: string;
  status: string;
  email: string | null;
  phone: string | null;
  city: string | null;
  country: string | null;
  language: keyof typeof LANGUAGE_LABELS | null;
  program: string | null;
  source: keyof typeof SOURCE_LABELS;
  campaign: string | null;
  assignee: string | null;
  createdAt: string;
  callbackAt: string | null;
  notes: string | null;
}

/** The matching leads in the screen's order, as the export's rows. */
export function leadExportRows(sqlite: Database.Database, filters: LeadFilters, sort: LeadSort, max = MAX_EXPORTED_LEADS): StyledValue[][] {
  const where = leadWhere(sqlite, filters);
  if (where.empty) return [];
  const keys = SORTS[sort];
  // Sorted from the index first, then the rows of those leads only (as leads.ts does for a page).
  const sql = `select l.last_name as lastName, l.first_name as firstName, l.status, l.email,
      coalesce(l.phone_raw, l.phone_e164) as phone, l.city, l.country, l.language, l.program_of_interest as program,
      l.source, l.utm_campaign as campaign, u.name as assignee, l.created_at as createdAt, l.callback_at as callbackAt, l.notes
    from (select l.rowid as rid, ${keyColumns(keys)} from ${where.from} where ${where.sql} order by ${orderBy(keys)} limit ?) p
    join leads l on l.rowid = p.rid
    left join users u on u.id = l.assignee_id
    order by ${orderBy(keys, 'p')}`;
  return (statement(sqlite, sql).all(...where.params, max) as ExportRow[]).map((row) => [
    row.lastName,
    row.firstName,
    row.status,
    row.email,
    row.phone,
    row.city,
    row.country,
    row.language === null ? null : LANGUAGE_LABELS[row.language],
    row.program,
    SOURCE_LABELS[row.source],
    row.campaign,
    row.assignee,
    row.createdAt,
    row.callbackAt,
    row.notes,
  ]);
}

export function leadExportWorkbook(rows: StyledValue[][], timeZone: string): Promise<Buffer> {
  return writeStyledWorkbook({ timeZone, sheets: [{ name: 'Leads', columns: COLUMNS, rows }] });
}
