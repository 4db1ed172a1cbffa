import { derivedId } from '../../ids';
import type {
  Client,
  HistoryEntry,
  Lead,
  Notification,
  Put,
  Task,
  User,
} from '../entities';
import { can, permissionMessage } from '../permissions';
import type { Role } from '../roles';
import type { LeadStatus } from '../statuses';
import type { MutationContext, MutatorResult, Refusal, State } from './types';

// Builders shared by the mutators: new and touched rows, history entries, notifications and the
// lookups every mutator starts with. Rules (sync-protocol.md, "Identities and counters"):
// - a new row has version 0 and no deletedAt; the writer (server or replica) assigns versions;
// - a touched row is a spread copy with updatedAt = now, its version untouched;
// - ids of rows a mutator makes on its own come from ctx.newId(), except grouped notifications,
//   whose id is derived from (groupKey, user) so that a later mutation finds and grows the row.

export function fail(refusal: Refusal): MutatorResult {
  return { ok: false, refusal };
}

export type Found<T> = { ok: true; row: T } | { ok: false; refusal: Refusal };

/** `version`, `deletedAt` and both stamps of a row created now. */
export function created(ctx: MutationContext) {
  return { version: 0, deletedAt: null, createdAt: ctx.now, updatedAt: ctx.now } as const;
}

/** A spread copy of `row` with `patch` applied and updatedAt = now (version untouched). */
export function touched<T extends { updatedAt: string }>(row: T, patch: Partial<T>, ctx: MutationContext): T {
  return { ...row, ...patch, updatedAt: ctx.now };
}

/** A deleted row is, for every mutation, a row that does not exist. */
export function live<T extends { deletedAt: string | null }>(
  rows: ReadonlyMap<string, T>,
  id: string | null | undefined,
): T | undefined {
  if (id == null) return undefined;
  const row = rows.get(id);
  return row && row.deletedAt === null ? row : undefined;
}

export function leadName(lead: Pick<Lead, 'firstName' | 'lastName'>): string {
  return `${lead.firstName} ${lead.lastName}`.trim();
}

export function findLead(state: State, id: string): Found<Lead> {
  const lead = live(state.leads, id);
  if (lead) return { ok: true, row: lead };
  const removed = state.leads.get(id);
  // An import undone while someone worked offline: she is told why her change could not land.
  if (removed && removed.importBatchId !== null) {
    return {
      ok: false,
      refusal: {
        code: 'not_found',
        message: `${leadName(removed)} a été retiré du bureau par l’annulation de son import\u00a0: votre changement n’a pas été enregistré.`,
      },
    };
  }
  return { ok: false, refusal: { code: 'not_found', message: 'Ce lead n’existe pas ou a été archivé.' } };
}

/** The client record of a lead (state.clients holds what `clientsOfLeads` loaded). */
export function clientOfLead(state: State, leadId: string): Client | undefined {
  for (const client of state.clients.values()) {
    if (client.leadId === leadId && client.deletedAt === null) return client;
  }
  return undefined;
}

/** A user a mutation names (assignee, host, owner) must exist and be active. */
export function findActiveUser(state: State, id: string): Found<User> {
  const user = live(state.users, id);
  if (!user) return { ok: false, refusal: { code: 'not_found', message: 'Cet utilisateur n’existe pas.' } };
  if (!user.active) {
    return {
      ok: false,
      refusal: {
        code: 'inactive_user',
        message: `Le compte de ${user.name} est désactivé : choisissez un utilisateur actif.`,
      },
    };
  }
  return { ok: true, row: user };
}

/** History shows no author for what the office server did on its own (web form, scheduler). */
export function actorUserId(ctx: MutationContext): string | null {
  return ctx.actor.role === 'system' ? null : ctx.actor.id;
}

export function isPast(instant: string, ctx: MutationContext): boolean {
  return Date.parse(instant) <= Date.parse(ctx.now);
}

// ---- history ---------------------------------------------------------------------------------

export interface HistoryInput {
  kind: HistoryEntry['kind'];
  /** Only the fields that changed, as they were. */
  before?: Record<string, unknown> | null;
  /** Only the fields that changed, as they are now. */
  after?: Record<string, unknown> | null;
  /** The reason, comment or note the user wrote. */
  note?: string | null;
}

/** domain.md: every change is appended to the lead's history (who, when, what, before/after). */
export function historyPut(ctx: MutationContext, leadId: string, input: HistoryInput): Put {
  return {
    table: 'history',
    row: {
      id: ctx.newId(),
      version: 0,
      deletedAt: null,
      leadId,
      at: ctx.now,
      actorId: actorUserId(ctx),
      kind: input.kind,
      before: input.before ?? null,
      after: input.after ?? null,
      note: input.note ?? null,
    },
  };
}

// ---- status ----------------------------------------------------------------------------------

export interface StatusChange {
  lead: Lead;
  puts: Put[];
}

/**
 * Moves a lead to `to`. Every status change gets its own 'status_changed' history entry, beside
 * the entry of the action that caused it (contact, appointment, evaluation, conversion), so that
 * the status timeline of a lead is one kind of entry. Leaving to_recontact clears the callback
 * date; entering it sets the one given.
 */
export function changeStatus(
  lead: Lead,
  to: LeadStatus,
  ctx: MutationContext,
  options: { callbackAt?: string | null; note?: string | null; forced?: boolean } = {},
): StatusChange {
  const callbackAt = to === 'to_recontact' ? (options.callbackAt ?? lead.callbackAt) : lead.status === 'to_recontact' ? null : lead.callbackAt;
  const next: Lead = { ...lead, status: to, statusChangedAt: ctx.now, callbackAt, updatedAt: ctx.now };
  const after: Record<string, unknown> = { status: to };
  if (to === 'to_recontact') after['callbackAt'] = callbackAt;
  if (options.forced) after['forced'] = true;
  const entry = historyPut(ctx, lead.id, {
    kind: 'status_changed',
    before: { status: lead.status },
    after,
    note: options.note ?? null,
  });
  return { lead: next, puts: [entry] };
}

/**
 * A callback in the calendar (domain.md: "to_recontact carries a callback date; the callback
 * appears in the calendar and raises a reminder when due"). It goes to the lead's assignee when
 * that person is active, else to whoever recorded it.
 */
export function callbackTask(state: State, ctx: MutationContext, lead: Lead, dueAt: string): Task {
  const assignee = live(state.users, lead.assigneeId);
  return {
    id: ctx.newId(),
    ...created(ctx),
    leadId: lead.id,
    ownerId: assignee?.active ? assignee.id : ctx.actor.id,
    kind: 'callback',
    title: `Rappeler ${leadName(lead)}`,
    dueAt,
    completedAt: null,
    completedById: null,
    reminderSentAt: null,
  };
}

// ---- notifications ---------------------------------------------------------------------------

/**
 * Active users among `ids` and of `roles`, without the actor (nobody is told about what they
 * just did), each once, sorted by id so that desktop and server write the same rows in the same
 * order whatever order the users were loaded in.
 */
export function recipients(
  state: State,
  ctx: MutationContext,
  spec: { roles?: readonly Role[]; ids?: readonly (string | null)[]; includeActor?: boolean },
): string[] {
  const chosen = new Set<string>();
  for (const user of state.users.values()) {
    if (user.deletedAt !== null || !user.active) continue;
    if (spec.roles?.includes(user.role) || spec.ids?.includes(user.id)) chosen.add(user.id);
  }
  if (!spec.includeActor) chosen.delete(ctx.actor.id);
  return [...chosen].sort();
}

export const MANAGERS: readonly Role[] = ['admin', 'director'];

export interface NotificationInput {
  kind: Notification['kind'];
  leadId?: string | null;
  count?: number;
  payload?: Record<string, unknown>;
}

/** One notification row per recipient (read state is per user). */
export function notifyPuts(ctx: MutationContext, userIds: readonly string[], input: NotificationInput): Put[] {
  return userIds.map((userId) => ({
    table: 'notifications',
    row: {
      id: ctx.newId(),
      version: 0,
      deletedAt: null,
      createdAt: ctx.now,
      userId,
      kind: input.kind,
      leadId: input.leadId ?? null,
      count: input.count ?? 1,
      groupKey: null,
      payload: input.payload ?? {},
      readAt: null,
    },
  }));
}

export function groupedNotificationId(groupKey: string, userId: string): string {
  return derivedId('notification', `${groupKey}:${userId}`);
}

/**
 * The one notification of `userId` for `groupKey` (an import batch, a dispatch alert). With
 * `grow`, an existing row (state.notifications, loaded by `notificationsByGroup`) has its count
 * increased and becomes unread again; otherwise the row is written afresh under the same id.
 */
export function groupedNotificationPut(
  state: State,
  ctx: MutationContext,
  userId: string,
  groupKey: string,
  input: NotificationInput & { grow?: boolean },
): Put {
  const id = groupedNotificationId(groupKey, userId);
  const existing = live(state.notifications, id);
  const count = input.count ?? 1;
  if (existing && input.grow) {
    return {
      table: 'notifications',
      row: { ...existing, count: existing.count + count, payload: input.payload ?? existing.payload, readAt: null },
    };
  }
  return {
    table: 'notifications',
    row: {
      id,
      version: 0,
      deletedAt: null,
      createdAt: ctx.now,
      userId,
      kind: input.kind,
      leadId: input.leadId ?? null,
      count,
      groupKey,
      payload: input.payload ?? {},
      readAt: null,
    },
  };
}

export function dispatchGroupKey(leadId: string): string {
  return `dispatch:${leadId}`;
}

/**
 * domain.md, "The secretary rule": the dispatch alert stays "until it is done". Handing the lead
 * to a counselor is doing it, so its alerts are marked read for everyone (kept, as every
 * notification is). Needs `notificationsByGroup: [dispatchGroupKey(leadId)]`.
 */
export function resolveDispatchPuts(state: State, ctx: MutationContext, leadId: string): Put[] {
  const key = dispatchGroupKey(leadId);
  const puts: Put[] = [];
  for (const notification of state.notifications.values()) {
    if (notification.groupKey === key && notification.deletedAt === null && notification.readAt === null) {
      puts.push({ table: 'notifications', row: { ...notification, readAt: ctx.now } });
    }
  }
  return puts;
}

// ---- refusal messages shared by several mutators ---------------------------------------------

/**
 * An id the caller chose for a row the mutation creates, already used by some row of the office:
 * a resent or forged request. Writing the row would replace another one (someone else's task,
 * client file, payment…), so nothing is written. Ids are UUIDs, so this never happens by chance.
 */
export const ID_TAKEN: Refusal = {
  code: 'conflict',
  message: 'Un enregistrement porte déjà cet identifiant\u00a0: rien n’a été créé ni modifié.',
};

/**
 * The refusal when one of `ids` (the new rows' ids the args gave, listed in `needs.newIds`) is
 * already taken, in whatever synced table: an id names one row of the office.
 */
export function takenIdRefusal(state: State, ids: readonly (string | null | undefined)[]): Refusal | null {
  return ids.some((id) => id != null && state.takenIds.has(id)) ? ID_TAKEN : null;
}

/**
 * The lead a mutation adds rows to, once the new rows' ids are known to be free: the two refusals
 * every "new row on a lead" mutator starts with, in the order the office expects (a resent request
 * is told its ids are taken before anything else).
 */
export function findLeadForNewRows(state: State, newIds: readonly (string | null | undefined)[], leadId: string): Found<Lead> {
  const taken = takenIdRefusal(state, newIds);
  return taken ? { ok: false, refusal: taken } : findLead(state, leadId);
}

export function invalidTime(message: string): Refusal {
  return { code: 'invalid_time', message };
}

export function futureCallback(callbackAt: string | null, ctx: MutationContext): Refusal | null {
  if (callbackAt === null) {
    return {
      code: 'callback_required',
      message: '« À recontacter » exige une date de rappel : indiquez quand rappeler la personne.',
    };
  }
  if (isPast(callbackAt, ctx)) {
    return invalidTime('La date de rappel doit être dans le futur.');
  }
  return null;
}

/**
 * domain.md, "The secretary rule": a client is owned by a counselor, never by a secretary (nor
 * by an admin or director, who are not counselors). Asked of the would-be owner.
 */
export function clientOwnerRefusal(owner: User): Refusal | null {
  const asActor = { id: owner.id, role: owner.role };
  if (can(asActor, 'client.own')) return null;
  return {
    code: owner.role === 'secretary' ? 'secretary_rule' : 'owner_not_counselor',
    message: `${owner.name} ne peut pas recevoir ce client. ${permissionMessage(asActor, 'client.own')}`,
  };
}
