import type { Put, Task } from '../entities';
import { isManager } from '../roles';
import { taskCompleteArgs, taskCreateArgs, taskRescheduleArgs } from './args';
import { created, fail, findActiveUser, findLead, historyPut, invalidTime, isPast, live, takenIdRefusal, touched } from './effects';
import type { Actor, Mutator } from './types';
import { applied, refuse } from './types';

// task.create / task.complete: callbacks and to-dos in the calendar (sync-protocol.md, catalogue).
// permissions.md has no row for tasks; the rule taken: anyone plans for themselves; admin,
// director and the secretary (who keeps the calendar) for anyone; a counselor for herself only.
// Completing and moving belong to the task's owner, or to an admin or director.

function mayPlanFor(actor: Actor, ownerId: string): boolean {
  if (actor.id === ownerId || actor.role === 'system' || actor.role === 'secretary') return true;
  return isManager(actor.role);
}

/** Who may tick a task done or move it: its owner, admins and directors (and the server itself). */
export function mayHandleTask(actor: Actor, task: Pick<Task, 'ownerId'>): boolean {
  return actor.id === task.ownerId || actor.role === 'system' || isManager(actor.role);
}

export const taskCreate: Mutator<'task.create'> = {
  name: 'task.create',
  args: taskCreateArgs,
  needs: (args) => ({ leads: args.leadId ? [args.leadId] : [], newIds: [args.id] }),
  apply(state, ctx, args) {
    const taken = takenIdRefusal(state, [args.id]);
    if (taken) return fail(taken);
    const owner = findActiveUser(state, args.ownerId);
    if (!owner.ok) return fail(owner.refusal);
    if (!mayPlanFor(ctx.actor, args.ownerId)) {
      return refuse('forbidden', 'Une conseillère ne crée des tâches que pour elle-même.');
    }
    if (args.leadId !== null) {
      const lead = findLead(state, args.leadId);
      if (!lead.ok) return fail(lead.refusal);
    }

    const task: Task = {
      id: args.id,
      ...created(ctx),
      leadId: args.leadId,
      ownerId: args.ownerId,
      kind: 'todo',
      title: args.title,
      dueAt: args.dueAt,
      completedAt: null,
      completedById: null,
      reminderSentAt: null,
    };
    const puts: Put[] = [{ table: 'tasks', row: task }];
    if (args.leadId !== null) {
      puts.push(
        historyPut(ctx, args.leadId, {
          kind: 'task_created',
          after: { taskId: task.id, title: task.title, dueAt: task.dueAt, ownerId: task.ownerId },
        }),
      );
    }
    return applied(puts);
  },
};

export const taskComplete: Mutator<'task.complete'> = {
  name: 'task.complete',
  args: taskCompleteArgs,
  needs: (args) => ({ tasks: [args.id] }),
  apply(state, ctx, args) {
    const task = live(state.tasks, args.id);
    if (!task) return refuse('not_found', 'Cette tâche n’existe pas ou a été supprimée.');
    const { actor } = ctx;
    if (!mayHandleTask(actor, task)) {
      return refuse('forbidden', 'Seuls la personne à qui la tâche revient, l’administrateur et le directeur peuvent la terminer.');
    }
    // Two people ticking the same task offline: the second changes nothing.
    if (task.completedAt !== null) return applied([]);

    const puts: Put[] = [{ table: 'tasks', row: touched(task, { completedAt: ctx.now, completedById: actor.id }, ctx) }];
    if (task.leadId !== null) {
      puts.push(historyPut(ctx, task.leadId, { kind: 'task_completed', after: { taskId: task.id, title: task.title } }));
    }
    return applied(puts);
  },
};

/**
 * task.reschedule (beyond the catalogue, docs/decisions.md): "not today, Thursday". The reminder
 * belongs to the old time, so it is sent again for the new one; a callback moves its lead's
 * callback date with it while the lead waits in to_recontact, so the list and the task agree.
 */
export const taskReschedule: Mutator<'task.reschedule'> = {
  name: 'task.reschedule',
  args: taskRescheduleArgs,
  needs: (args) => ({ tasks: [args.id], leadsOfTasks: [args.id] }),
  apply(state, ctx, args) {
    const task = live(state.tasks, args.id);
    if (!task) return refuse('not_found', 'Cette tâche n’existe pas ou a été supprimée.');
    if (!mayHandleTask(ctx.actor, task)) {
      return refuse('forbidden', 'Seuls la personne à qui la tâche revient, l’administrateur et le directeur peuvent la déplacer.');
    }
    if (task.completedAt !== null) return refuse('already_closed', 'Cette tâche est déjà terminée : elle ne se déplace plus.');
    if (isPast(args.dueAt, ctx)) return fail(invalidTime('La nouvelle échéance doit être dans le futur.'));
    if (task.dueAt === args.dueAt) return applied([]);

    const puts: Put[] = [{ table: 'tasks', row: touched(task, { dueAt: args.dueAt, reminderSentAt: null }, ctx) }];
    const lead = live(state.leads, task.leadId);
    if (lead) {
      if (task.kind === 'callback' && lead.status === 'to_recontact') {
        puts.push({ table: 'leads', row: touched(lead, { callbackAt: args.dueAt }, ctx) });
      }
      puts.push(
        historyPut(ctx, lead.id, {
          kind: 'task_rescheduled',
          before: { dueAt: task.dueAt },
          after: { taskId: task.id, title: task.title, dueAt: args.dueAt },
        }),
      );
    }
    return applied(puts);
  },
};
