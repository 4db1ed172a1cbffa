import type { Put, Task } from '../entities';
import { historyPut, touched } from './effects';
import type { MutationContext, State } from './types';

// A callback task says "call this person back". Once the lead is reached (a contact logged), booked,
// closed (a final status) or given a new callback, the old one is done: left open it would stay in
// "Mes rappels dus" forever and its reminder would fire for a lead already dealt with (issue 8).
// The mutators that do those things call this, with `openCallbacks: true` in their needs.

/** The open callback tasks of `leadId` among what `openCallbacks` loaded, in a stable order. */
export function openCallbacksOf(state: State, leadId: string): Task[] {
  return [...state.tasks.values()]
    .filter((t) => t.leadId === leadId && t.kind === 'callback' && t.completedAt === null && t.deletedAt === null)
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
}

/**
 * Completes every open callback task of the lead, each with its 'task_completed' history line
 * (as task.complete writes it), by the actor of the mutation that made it pointless.
 */
export function closeOpenCallback(state: State, leadId: string, ctx: MutationContext): Put[] {
  const puts: Put[] = [];
  for (const task of openCallbacksOf(state, leadId)) {
    puts.push(
      { table: 'tasks', row: touched(task, { completedAt: ctx.now, completedById: ctx.actor.id }, ctx) },
      historyPut(ctx, leadId, { kind: 'task_completed', after: { taskId: task.id, title: task.title } }),
    );
  }
  return puts;
}
