import { planRevert } from '../import-revert';
import type { ImportBatch, Put } from '../entities';
import { formatOfficeDate } from '../office-time';
import { refuseUnless } from '../permissions';
import { importBatchRevertArgs } from './args';
import { fail, groupedNotificationPut, historyPut, live, recipients, touched } from './effects';
import { importGroupKey } from './lead-create';
import type { MutationContext, Mutator, Refusal, State } from './types';
import { applied } from './types';

// importBatch.revert (sync-protocol.md, catalogue; permissions.md; issue 16): an import undone.
// The batch's untouched leads get deletedAt, each with a history line (rows are never deleted);
// the worked ones stay (import-revert.ts says which); the batch records who, when, why and what.

export function importRevertGroupKey(batchId: string): string {
  return `import-revert:${batchId}`;
}

function alreadyReverted(state: State, batch: ImportBatch): Refusal {
  const by = batch.revertedById === null ? undefined : state.users.get(batch.revertedById);
  const when = batch.revertedAt === null ? '' : ` le ${formatOfficeDate(batch.revertedAt, state.settings.timeZone)}`;
  return {
    code: 'already_closed',
    message: `L’import «\u00a0${batch.fileName}\u00a0» a déjà été annulé${when}${by ? ` par ${by.name}` : ''}\u00a0: rien n’a changé.`,
  };
}

/**
 * Those who had received the removed leads are told, one notification each however many of theirs
 * went (domain.md, "Notifications"); the batch's own notification (the managers') says it was
 * undone and becomes unread again, except for the one who undid it.
 */
function notificationPuts(state: State, ctx: MutationContext, batch: ImportBatch, removedByAssignee: ReadonlyMap<string, number>): Put[] {
  const puts: Put[] = [];
  const groupKey = importGroupKey(batch.id);
  for (const notification of state.notifications.values()) {
    if (notification.groupKey !== groupKey || notification.deletedAt !== null) continue;
    const payload = { ...notification.payload, revertedAt: batch.revertedAt, removedCount: batch.removedCount, keptCount: batch.keptCount };
    const readAt = notification.userId === ctx.actor.id ? notification.readAt : null;
    puts.push({ table: 'notifications', row: { ...notification, payload, readAt } });
  }
  const told = recipients(state, ctx, { ids: [...removedByAssignee.keys()] });
  for (const userId of told) {
    puts.push(
      groupedNotificationPut(state, ctx, userId, importRevertGroupKey(batch.id), {
        kind: 'import_reverted',
        count: removedByAssignee.get(userId) ?? 0,
        payload: { importBatchId: batch.id, fileName: batch.fileName, reason: batch.revertReason },
      }),
    );
  }
  return puts;
}

export const importBatchRevert: Mutator<'importBatch.revert'> = {
  name: 'importBatch.revert',
  args: importBatchRevertArgs,
  needs: (args) => ({
    importBatches: [args.importBatchId],
    leadsOfImportBatches: [args.importBatchId],
    notificationsByGroup: [importGroupKey(args.importBatchId), importRevertGroupKey(args.importBatchId)],
  }),
  apply(state, ctx, args) {
    const forbidden = refuseUnless(ctx.actor, 'importBatch.revert');
    if (forbidden) return fail(forbidden);
    const batch = live(state.importBatches, args.importBatchId);
    if (!batch) return fail({ code: 'not_found', message: 'Cet import n’existe pas.' });
    // Twice is once: the second changes nothing and says when and by whom the first was done.
    if (batch.revertedAt !== null) return fail(alreadyReverted(state, batch));

    const plan = planRevert(state.leads.values(), state.workedLeadIds, batch.id);
    const reverted = touched(
      batch,
      {
        revertedAt: ctx.now,
        revertedById: ctx.actor.id,
        revertReason: args.reason,
        removedCount: plan.remove.length,
        keptCount: plan.keep.length,
      },
      ctx,
    );
    const puts: Put[] = [{ table: 'import_batches', row: reverted }];
    const removedByAssignee = new Map<string, number>();
    const note = `Import «\u00a0${batch.fileName}\u00a0» annulé\u00a0: ${args.reason}`;
    for (const lead of plan.remove) {
      puts.push(
        { table: 'leads', row: touched(lead, { deletedAt: ctx.now }, ctx) },
        historyPut(ctx, lead.id, { kind: 'removed_by_import_revert', note }),
      );
      if (lead.assigneeId !== null) removedByAssignee.set(lead.assigneeId, (removedByAssignee.get(lead.assigneeId) ?? 0) + 1);
    }
    puts.push(...notificationPuts(state, ctx, reverted, removedByAssignee));
    return applied(puts);
  },
};
