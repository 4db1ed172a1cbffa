import { and, isNull, notInArray, or, sql } from 'drizzle-orm';
import { basename } from 'node:path';
import { readSpreadsheet, SpreadsheetError } from '~node/spreadsheet';
import type { Lead } from '~shared/domain/entities';
import type { DryRunSummary, DuplicateChoice, ImportPlan, ReadSheet } from '~shared/domain/import';
import { applyChoices, findDuplicates, leadCreateInput, readWorkbook, summarise } from '~shared/domain/import';
import { MAX_BATCH } from '~shared/domain/mutations/args';
import { FINAL_STATUSES } from '~shared/domain/statuses';
import { newId } from '~shared/ids';
import type { DbExecutor, ServerDb } from '../db/connection';
import * as schema from '../db/schema';
import { runSystemMutation } from '../sync/execute';

// `npm run office -- import <file>` (issue 10): the file is read and checked before the database
// is opened; then the duplicates are looked for among the office's open leads, and, unless it is
// a dry run, the leads are created by lead.createMany in chunks of MAX_BATCH (one import batch,
// each chunk all or nothing) and the chosen merges made by lead.update — the same mutations, as
// the system, that the desktop's import sends.

export const DUPLICATE_CHOICES: readonly DuplicateChoice[] = ['skip', 'merge', 'create'];

/** A file that cannot be imported, with its French reason (exit code "refused"). */
export class ImportRefusedError extends Error {}

export interface ImportFile {
  fileName: string;
  read: ReadSheet;
}

/** Reads and checks the file: what the import would do does not depend on the database yet. */
export async function readImportFile(path: string, sheetName: string | undefined): Promise<ImportFile> {
  let spreadsheet;
  try {
    spreadsheet = await readSpreadsheet(path, { sheet: sheetName });
  } catch (error) {
    if (error instanceof SpreadsheetError) throw new ImportRefusedError(error.message);
    throw error;
  }
  const read = readWorkbook(spreadsheet.sheets, { sheetName, date1904: spreadsheet.date1904 });
  if (!read.ok) throw new ImportRefusedError(read.error);
  if (read.mappingProblems.length > 0) {
    throw new ImportRefusedError(`Colonnes de la feuille «\u00a0${read.sheet}\u00a0» (ligne d’en-têtes ${read.headerRow.rowNumber})\u00a0: ${read.mappingProblems.join(' ')}`);
  }
  return { fileName: basename(path), read };
}

/**
 * The open leads (not deleted, not final: domain.md, "Duplicates") sharing a phone or an e-mail
 * with a row of the file, in one query: the file's keys go as two JSON array parameters, however
 * many rows it has (no 65 535-parameter limit).
 */
export async function openLeadsMatching(db: DbExecutor, read: ReadSheet): Promise<Lead[]> {
  const phones = [...new Set(read.rows.flatMap((r) => (r.lead.phone ? [r.lead.phone] : [])))];
  const emails = [...new Set(read.rows.flatMap((r) => (r.lead.email ? [r.lead.email] : [])))];
  if (phones.length === 0 && emails.length === 0) return [];
  const rows = await db
    .select()
    .from(schema.leads)
    .where(
      and(
        isNull(schema.leads.deletedAt),
        notInArray(schema.leads.status, [...FINAL_STATUSES]),
        or(
          sql`${schema.leads.phoneE164} in (select jsonb_array_elements_text(${JSON.stringify(phones)}::jsonb))`,
          sql`${schema.leads.email} in (select jsonb_array_elements_text(${JSON.stringify(emails)}::jsonb))`,
        ),
      ),
    );
  return rows as Lead[];
}

export interface ImportPreview {
  plan: ImportPlan;
  summary: DryRunSummary;
}

export async function previewImport(db: ServerDb, file: ImportFile, duplicates: DuplicateChoice): Promise<ImportPreview> {
  const existing = await openLeadsMatching(db.db, file.read);
  const report = findDuplicates(file.read.rows, existing);
  const plan = applyChoices(report, { all: duplicates });
  return { plan, summary: summarise(file.read, report, plan) };
}

export interface ImportOutcome {
  importBatchId: string;
  created: number;
  merged: number;
  chunks: number;
  /** Set when a chunk or a merge was refused: what was committed before stays. */
  interrupted: { message: string; chunk?: number; mergeOf?: string } | null;
}

/** Writes the plan: lead.createMany chunk by chunk (`chunkSize` for tests), then lead.update per merge. */
export async function writeImport(db: ServerDb, file: ImportFile, plan: ImportPlan, now: Date, chunkSize = MAX_BATCH): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { importBatchId: newId(), created: 0, merged: 0, chunks: 0, interrupted: null };
  const fileName = file.fileName.slice(0, 255);
  for (let start = 0; start < plan.create.length; start += chunkSize) {
    const chunk = plan.create.slice(start, start + chunkSize);
    const leads = chunk.map(({ lead }) => leadCreateInput(lead, newId()));
    // The rows the file could not give (the Imports view's « lignes en erreur »), with every chunk.
    const rejectedCount = file.read.errors.length;
    const result = await runSystemMutation(db, 'lead.createMany', { importBatchId: outcome.importBatchId, fileName, leads, rejectedCount }, now);
    if (result.status === 'refused') {
      outcome.interrupted = { message: result.message, chunk: outcome.chunks + 1 };
      return outcome;
    }
    outcome.chunks += 1;
    outcome.created += chunk.length;
  }
  for (const merge of plan.merge) {
    // The note is the merge's history line, written even when nothing on the lead was empty.
    const result = await runSystemMutation(db, 'lead.update', { id: merge.leadId, patch: merge.patch, note: merge.note }, now);
    if (result.status === 'refused') {
      outcome.interrupted = { message: result.message, mergeOf: merge.leadId };
      return outcome;
    }
    outcome.merged += 1;
  }
  return outcome;
}
