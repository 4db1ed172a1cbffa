import type { Lead } from '../entities';
import { leadName } from '../mutations/effects';
import type { ImportedLead } from './clean-row';
import { phoneArgument } from './create-input';
import type { DuplicateGroup, DuplicateReport } from './duplicate-groups';

// What the user chose for each group of duplicates (issue 10, point 5), turned into what to
// create, what to merge and what to skip. Nothing is written here: creating goes through
// lead.createMany, merging through lead.update plus a history line.

export type DuplicateChoice = 'skip' | 'merge' | 'create';

export interface DuplicateChoices {
  /** For every group without its own choice. Skipping is the default: it changes nothing. */
  all?: DuplicateChoice;
  /** By group id. */
  byGroup?: Readonly<Record<string, DuplicateChoice>>;
}

export interface PlannedCreate {
  row: number;
  lead: ImportedLead;
  /** "Create anyway": the lead is flagged and linked, as lead.create does for the web form. */
  duplicateOf: { leadId: string } | { row: number } | null;
  /** Later rows of the file merged into this one before it is created. */
  mergedRows: number[];
}

/**
 * The fields of lead.update's patch that a merge may fill, ready to send: `phone` is what
 * lead.update should read (`phoneArgument`), the typed text when it reads it as the import did.
 */
export type MergePatch = Partial<
  Pick<ImportedLead, 'firstName' | 'email' | 'phone' | 'language' | 'city' | 'country' | 'programOfInterest' | 'notes'>
>;

export interface PlannedMerge {
  leadId: string;
  rows: number[];
  /** Only the fields empty on the existing lead; may be empty (the history line is still written). */
  patch: MergePatch;
  /** What was typed for the phone put in the patch, if one is. */
  phoneTyped: string | null;
  /** The history line, in French. */
  note: string;
}

export interface PlannedSkip {
  row: number;
  reason: string;
}

export interface ImportPlan {
  create: PlannedCreate[];
  merge: PlannedMerge[];
  skip: PlannedSkip[];
}

const FILLABLE = ['firstName', 'email', 'language', 'city', 'country', 'programOfInterest', 'notes'] as const;

function isBlank(value: string | null | undefined): boolean {
  return value === null || value === undefined || value === '';
}

function rowList(rows: readonly number[]): string {
  return rows.length === 1 ? `ligne ${rows[0]}` : `lignes ${rows.join(', ')}`;
}

/** The patch that fills the existing lead's empty fields from the rows, earliest row first. */
function mergePatch(existing: Lead, leads: readonly ImportedLead[]): { patch: MergePatch; phoneTyped: string | null } {
  const patch: MergePatch = {};
  let phoneTyped: string | null = null;
  for (const field of FILLABLE) {
    if (!isBlank(existing[field])) continue;
    const source = leads.find((lead) => !isBlank(lead[field]));
    if (source) Object.assign(patch, { [field]: source[field] });
  }
  if (existing.phoneE164 === null && isBlank(existing.phoneRaw)) {
    const source = leads.find((lead) => lead.phone !== null);
    if (source) {
      patch.phone = phoneArgument(source);
      phoneTyped = source.phoneTyped;
    }
  }
  return { patch, phoneTyped };
}

/** The first row's lead with its empty fields filled from the later rows of its group. */
function mergeRows(leads: readonly ImportedLead[]): ImportedLead {
  const [head, ...rest] = leads as [ImportedLead, ...ImportedLead[]];
  const merged: ImportedLead = { ...head };
  for (const field of [...FILLABLE, 'utmSource', 'date'] as const) {
    if (!isBlank(merged[field])) continue;
    const source = rest.find((lead) => !isBlank(lead[field]));
    if (source) Object.assign(merged, { [field]: source[field] });
  }
  if (merged.phone === null) {
    const source = rest.find((lead) => lead.phone !== null);
    if (source) {
      merged.phone = source.phone;
      merged.phoneTyped = source.phoneTyped;
      if (source.phoneTypedReads === undefined) delete merged.phoneTypedReads;
      else merged.phoneTypedReads = source.phoneTypedReads;
    }
  }
  return merged;
}

function planGroup(group: DuplicateGroup, choice: DuplicateChoice, plan: ImportPlan): void {
  const rows = group.rows;
  const numbers = rows.map((r) => r.row);
  if (group.existing) {
    const target = group.existing;
    if (choice === 'skip') {
      for (const r of rows) {
        plan.skip.push({ row: r.row, reason: `Doublon de ${leadName(target)}, déjà enregistré (même téléphone ou courriel).` });
      }
    } else if (choice === 'create') {
      for (const r of rows) plan.create.push({ row: r.row, lead: r.lead, duplicateOf: { leadId: target.id }, mergedRows: [] });
    } else {
      const { patch, phoneTyped } = mergePatch(target, rows.map((r) => r.lead));
      plan.merge.push({
        leadId: target.id,
        rows: numbers,
        patch,
        phoneTyped,
        note: `Fusionné avec l’import (${rowList(numbers)})${Object.keys(patch).length === 0 ? '\u00a0: aucun champ vide à remplir.' : '.'}`,
      });
    }
    return;
  }
  const [kept, ...others] = rows;
  if (!kept) return;
  if (choice === 'skip') {
    plan.create.push({ row: kept.row, lead: kept.lead, duplicateOf: null, mergedRows: [] });
    for (const r of others) plan.skip.push({ row: r.row, reason: `Doublon de la ligne ${kept.row} (même téléphone ou courriel).` });
  } else if (choice === 'create') {
    plan.create.push({ row: kept.row, lead: kept.lead, duplicateOf: null, mergedRows: [] });
    for (const r of others) plan.create.push({ row: r.row, lead: r.lead, duplicateOf: { row: kept.row }, mergedRows: [] });
  } else {
    plan.create.push({ row: kept.row, lead: mergeRows(rows.map((r) => r.lead)), duplicateOf: null, mergedRows: others.map((r) => r.row) });
  }
}

/** The plan of the import once every group has its choice. Rows keep the sheet's order. */
export function applyChoices(report: DuplicateReport, choices: DuplicateChoices = {}): ImportPlan {
  const plan: ImportPlan = { create: [], merge: [], skip: [] };
  for (const row of report.singles) plan.create.push({ row: row.row, lead: row.lead, duplicateOf: null, mergedRows: [] });
  for (const group of report.groups) planGroup(group, choices.byGroup?.[group.id] ?? choices.all ?? 'skip', plan);
  plan.create.sort((a, b) => a.row - b.row);
  plan.skip.sort((a, b) => a.row - b.row);
  return plan;
}
