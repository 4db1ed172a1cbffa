import type { HistoryEntry, Lead } from './entities';

// Undoing an import batch (issue 16; domain.md, "Undoing an import"; docs/decisions.md): which of
// the batch's leads go and which stay. One rule, used by the mutator (importBatch.revert), by the
// desktop's preview of the revert and by the loaders that say which leads were worked.

/**
 * The history kinds that are not work on a lead: the import itself wrote `created`, and handing
 * the lead to someone (distribution) is not working it (sync-protocol.md: "an assignment alone
 * does not count as touched"). Any other entry — a contact, a status change, an edit, an
 * appointment, an evaluation, an SMS, a task — is someone's work, and the lead is kept.
 */
export const WORK_FREE_HISTORY_KINDS: readonly HistoryEntry['kind'][] = ['created', 'assigned'];

/** Whether a history entry of this kind makes its lead worked. */
export function isWork(kind: HistoryEntry['kind']): boolean {
  return !WORK_FREE_HISTORY_KINDS.includes(kind);
}

/** Why a lead of the batch is kept, as the Imports view and the batch's record say it. */
export type KeptReason = 'status' | 'worked';

export interface RevertPlan {
  /** Untouched since the import: they get deletedAt. */
  readonly remove: readonly Lead[];
  /** Worked since the import: they stay, each with why. */
  readonly keep: ReadonlyArray<{ readonly lead: Lead; readonly reason: KeptReason }>;
}

/**
 * Splits the live imported leads of `batchId` among `leads` (already removed ones, and leads typed
 * by hand that merely name the batch, are neither): a lead is
 * untouched when its status is still `new` and its history holds nothing but work-free entries
 * (`workedLeadIds`, from the loaders). The status is asked too because it says "worked" on its
 * own, whatever history a row brought. In id order (plain, no locale), so that the desktop and the
 * server write the same rows in the same order; a list shown to people sorts by name itself.
 */
export function planRevert(leads: Iterable<Lead>, workedLeadIds: ReadonlySet<string>, batchId: string): RevertPlan {
  const remove: Lead[] = [];
  const keep: Array<{ lead: Lead; reason: KeptReason }> = [];
  for (const lead of leads) {
    // lead.create takes an importBatchId from anyone: only what the import made belongs to it.
    if (lead.importBatchId !== batchId || lead.source !== 'import' || lead.deletedAt !== null) continue;
    if (lead.status !== 'new') keep.push({ lead, reason: 'status' });
    else if (workedLeadIds.has(lead.id)) keep.push({ lead, reason: 'worked' });
    else remove.push(lead);
  }
  remove.sort(byId);
  keep.sort((a, b) => byId(a.lead, b.lead));
  return { remove, keep };
}

function byId(a: Lead, b: Lead): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
