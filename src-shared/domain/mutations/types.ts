import type { z } from 'zod';
import type {
  Appointment,
  Client,
  ImportBatch,
  Lead,
  Notification,
  Procedure,
  Put,
  Settings,
  SmsTemplate,
  Task,
  User,
} from '../entities';
import type { Role } from '../roles';
import type { MutationArgs, MutationName } from './args';

// A mutator is the one pure function that both the desktop (optimistically, and again on every
// rebase) and the office server (with authority) run for a named mutation. It is split in two so
// that the server can load rows asynchronously, under its lock, before the pure part runs:
//   needs(args)               -> which rows to load
//   apply(state, ctx, args)   -> the rows to write, or a refusal in French
// Neither reads a clock, a random source or a database: `ctx` brings the time and new ids.

export interface Actor {
  readonly id: string;
  /** `system`: the office server acting on its own (web form, scheduler); history shows no author. */
  readonly role: Role | 'system';
}

export const SYSTEM_ACTOR: Actor = { id: '00000000-0000-4000-8000-000000000000', role: 'system' };

export interface MutationContext {
  readonly actor: Actor;
  /** ISO instant. The server's clock on the server; the mutation's clientTime on the desktop. */
  readonly now: string;
  /**
   * Makes ids for rows the mutator creates on its own (history, notifications, …). Deterministic
   * on the desktop (derived from clientId and mutation id) so that a replay writes the same rows.
   */
  readonly newId: () => string;
}

export const REFUSAL_CODES = [
  'invalid_args',
  'forbidden',
  'not_found',
  'invalid_transition',
  'reason_required',
  'callback_required',
  'procedure_required',
  'secretary_rule',
  'owner_not_counselor',
  'payment_required',
  'conflict',
  'inactive_user',
  'invalid_time',
  'already_closed',
  'unknown_mutation',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface Refusal {
  readonly code: RefusalCode;
  /** Plain French, naming the rule, shown to the user as it is. */
  readonly message: string;
  /**
   * French messages by field, keyed by the path the form names it by ('email', 'leads.3.email'),
   * when the refusal is about what was typed: the form shows each under its input.
   */
  readonly fields?: Readonly<Record<string, string>>;
}

export type MutatorResult = { ok: true; puts: Put[] } | { ok: false; refusal: Refusal };

/** What a mutator needs loaded, by id or by query. Users and settings are always loaded. */
export interface Needs {
  leads?: readonly string[];
  appointments?: readonly string[];
  tasks?: readonly string[];
  clients?: readonly string[];
  notifications?: readonly string[];
  /** Notifications (of every user) whose groupKey is one of these: grouped notifications grow. */
  notificationsByGroup?: readonly string[];
  procedures?: readonly string[];
  smsTemplates?: readonly string[];
  importBatches?: readonly string[];
  /**
   * Every lead (deleted ones included) of these import batches, into `leads`, and which of them
   * were worked since the import, into `workedLeadIds` (importBatch.revert).
   */
  leadsOfImportBatches?: readonly string[];
  /** Open (not final, not deleted) leads whose normalised phone or e-mail is one of these. */
  leadsByContact?: { readonly phones: readonly string[]; readonly emails: readonly string[] };
  /** Appointments (any state) of these leads. */
  appointmentsOfLeads?: readonly string[];
  /** The leads of these appointments, into `leads` (mutations that name only the appointment). */
  leadsOfAppointments?: readonly string[];
  /** The leads of these tasks, into `leads` (task.reschedule moves the lead's callback date too). */
  leadsOfTasks?: readonly string[];
  /** Client records of these leads. */
  clientsOfLeads?: readonly string[];
  /**
   * The open callback tasks (kind 'callback', not completed, not deleted) of every lead loaded
   * into `leads` (by id or by `leadsOfAppointments`), into `tasks`: see close-callback.ts.
   */
  openCallbacks?: boolean;
  /** The year whose highest client file number is needed (lead.convert). */
  fileNumberYear?: number;
  /**
   * Ids the caller chose (in the args) for rows the mutation creates. Each must be new to the
   * whole office: the loaders say in `takenIds` which ones a row of any synced table already has.
   */
  newIds?: readonly string[];
}

/** The rows a mutator reads. Maps hold what `needs` named and was found (deleted rows included). */
export interface State {
  readonly users: ReadonlyMap<string, User>;
  readonly settings: Settings;
  readonly leads: ReadonlyMap<string, Lead>;
  readonly appointments: ReadonlyMap<string, Appointment>;
  readonly tasks: ReadonlyMap<string, Task>;
  readonly clients: ReadonlyMap<string, Client>;
  /** By id: what `notifications` and `notificationsByGroup` named. */
  readonly notifications: ReadonlyMap<string, Notification>;
  readonly procedures: ReadonlyMap<string, Procedure>;
  readonly smsTemplates: ReadonlyMap<string, SmsTemplate>;
  readonly importBatches: ReadonlyMap<string, ImportBatch>;
  /**
   * Of the leads `leadsOfImportBatches` loaded, those whose history holds an entry of a kind that
   * is work (import-revert.ts, WORK_FREE_HISTORY_KINDS says which kinds are not).
   */
  readonly workedLeadIds: ReadonlySet<string>;
  /** Result of `leadsByContact`. */
  readonly contactMatches: readonly Lead[];
  /** Highest sequence already used in `fileNumberYear` (0 when none); deleted clients count. */
  readonly lastFileNumber: number;
  /** Those of `newIds` that a row of some synced table already has (deleted rows included). */
  readonly takenIds: ReadonlySet<string>;
}

/**
 * When the mutation runs, for the needs that depend on the date: lead.convert's file number is
 * numbered in the office-local year of `now` (ctx.now), so its loader must know that year.
 */
export interface NeedsTime {
  readonly now: string;
  /** settings.timeZone. */
  readonly timeZone: string;
}

export interface Mutator<N extends MutationName> {
  readonly name: N;
  readonly args: z.ZodType<MutationArgs<N>, unknown>;
  /** Pass `at` (the ctx.now apply will get, and the office's time zone) whenever it is known. */
  needs(args: MutationArgs<N>, actor: Actor, at?: NeedsTime): Needs;
  apply(state: State, ctx: MutationContext, args: MutationArgs<N>): MutatorResult;
}

export function refuse(code: RefusalCode, message: string): MutatorResult {
  return { ok: false, refusal: { code, message } };
}

export function applied(puts: Put[]): MutatorResult {
  return { ok: true, puts };
}
