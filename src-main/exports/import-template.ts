import type { Procedure } from '~shared/domain/entities';
import { IMPORT_FIELD_LABELS, type ImportField } from '~shared/domain/import';
import { LANGUAGE_LABELS } from '~shared/domain/labels';
import { writeStyledWorkbook, type StyledColumn } from '~node/spreadsheet';

// The import template (issue 10, point 8): one column per field the import's mapping recognises
// (src-shared/domain/import/mapping.ts), headed by the field's French name so that the mapping
// finds every column by itself, with drop-down lists for the language and the programme (the
// office's active procedures).

const FIELDS: readonly ImportField[] = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'city',
  'country',
  'language',
  'programOfInterest',
  'source',
  'date',
  'notes',
];

/** Blank rows that carry the drop-down lists. */
export const TEMPLATE_ROWS = 1_000;

export function importTemplateWorkbook(procedures: readonly Procedure[], timeZone: string): Promise<Buffer> {
  const programmes = procedures.filter((p) => p.active).map((p) => p.nameFr);
  const columns: StyledColumn[] = FIELDS.map((field) => {
    const header = IMPORT_FIELD_LABELS[field];
    if (field === 'language') return { header, kind: 'text', list: Object.values(LANGUAGE_LABELS) };
    if (field === 'programOfInterest') return { header, kind: 'text', list: programmes.length > 0 ? programmes : undefined, width: 30 };
    if (field === 'date') return { header, kind: 'date' };
    if (field === 'notes') return { header, kind: 'text', width: 40 };
    return { header, kind: 'text', width: field === 'email' ? 28 : 16 };
  });
  return writeStyledWorkbook({ timeZone, sheets: [{ name: 'Leads à importer', columns, rows: [], listRows: TEMPLATE_ROWS }] });
}
