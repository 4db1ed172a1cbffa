import type Database from 'better-sqlite3';
import type { ImportBatchSummary, ImportRevertLead, ImportRevertPreview } from '~shared/contract/ipc';
import type { Lead } from '~shared/domain/entities';
import { planRevert } from '~shared/domain/import-revert';
import { mutationNeeds } from '~shared/domain/mutations/registry';
import type { Actor } from '~shared/domain/mutations/types';
import { rowStore } from '../rows';
import { loadLocalState } from '../state-loader';
import { batchesWithRejectedRows } from './rejected-rows';
import { statement } from '../statements';

// The Imports view (issue 16): each batch with what became of its leads, and the preview of a
// revert, computed by the very rule and loader the mutation runs with (import-revert.ts), so that
// what the confirmation names is what the replica's own revert does.

interface BatchCounts {
  batchId: string;
  assigneeId: string | null;
  n: number;
  duplicates: number;
  live: number;
}

export function listImportBatches(sqlite: Database.Database): ImportBatchSummary[] {
  const batches = rowStore(sqlite).all('import_batches', statement(sqlite, 'select * from import_batches where deleted_at is null order by created_at desc, id desc'));
  // One pass over the batches' leads by the import-batch index, counted per (batch, assignee).
  const counts = statement(
    sqlite,
    `select import_batch_id as batchId, assignee_id as assigneeId, count(*) as n,
       sum(duplicate_of_id is not null) as duplicates, sum(deleted_at is null) as live
     from leads where import_batch_id is not null group by import_batch_id, assignee_id`,
  ).all() as BatchCounts[];
  const rejectedHere = batchesWithRejectedRows(sqlite);
  const byBatch = new Map<string, BatchCounts[]>();
  for (const row of counts) byBatch.set(row.batchId, [...(byBatch.get(row.batchId) ?? []), row]);
  return batches.map((batch) => {
    const rows = byBatch.get(batch.id) ?? [];
    return {
      batch,
      duplicates: rows.reduce((sum, r) => sum + r.duplicates, 0),
      live: rows.reduce((sum, r) => sum + r.live, 0),
      distributed: rows
        .flatMap((r) => (r.assigneeId === null ? [] : [{ userId: r.assigneeId, count: r.n }]))
        .sort((a, b) => b.count - a.count || a.userId.localeCompare(b.userId)),
      rejectedHere: rejectedHere.has(batch.id),
    };
  });
}

function shown(lead: Lead): ImportRevertLead {
  return { id: lead.id, firstName: lead.firstName, lastName: lead.lastName, status: lead.status, assigneeId: lead.assigneeId };
}

const byName = (a: ImportRevertLead, b: ImportRevertLead) =>
  a.lastName.localeCompare(b.lastName, 'fr-CA') || a.firstName.localeCompare(b.firstName, 'fr-CA') || a.id.localeCompare(b.id);

export function previewImportRevert(sqlite: Database.Database, actor: Actor, batchId: string): ImportRevertPreview | null {
  const needs = mutationNeeds('importBatch.revert', { importBatchId: batchId, reason: '' }, actor);
  const state = loadLocalState(sqlite, needs);
  const batch = state.importBatches.get(batchId);
  if (!batch || batch.deletedAt !== null) return null;
  const plan = planRevert(state.leads.values(), state.workedLeadIds, batchId);
  return {
    remove: plan.remove.map(shown).sort(byName),
    keep: plan.keep.map(({ lead, reason }) => ({ ...shown(lead), reason })).sort(byName),
  };
}
