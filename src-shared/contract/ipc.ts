import { z } from 'zod';
import {
  LEAD_SOURCES,
  instant,
  uuid,
  type Appointment,
  type Client,
  type ContactAttempt,
  type Evaluation,
  type HistoryEntry,
  type ImportBatch,
  type Lead,
  type Notification,
  type Payment,
  type Procedure,
  type Settings,
  type SmsMessage,
  type SmsTemplate,
  type SyncedTable,
  type Task,
  type User,
} from '../domain/entities';
import { LEAD_STATUSES, type LeadStatus } from '../domain/statuses';
import type { KeptReason } from '../domain/import-revert';
import { MUTATION_NAMES, type MutationName } from '../domain/mutations/args';
import { exportTableInput, type ExportedFile } from './exports';
import { PRIVACY_CONTRACT, type PrivacyOutput } from './privacy';
import { reportInput, type Report } from './reports';
import { accountPatchFields, adminUserCreateBody, loginBody, type DemoOfficeAnswer, type SessionUser } from './auth';
import { IMPORT_CONTRACT, type ImportOutput, type ImportProgressEvent } from './import';
import { OFFICE_CONTRACT, type OfficeOutput } from './office';
import { REPLICA_CONTRACT, type ReplicaOutput, type ReplicaStatus } from './replica';
import { TLS_CONTRACT, type TlsOutput } from './tls';
import { SECURITY_CONTRACT, type SecurityOutput } from './security';
import { ACCOUNTABILITY_CONTRACT, type AccountabilityOutput } from './accountability';

// The one typed contract between the renderer and the main process (style.md points 2, 3 and 6).
// Channel → zod input → output type. The main process parses every payload with `input`; the
// renderer is typed through `Api`. Errors cross as data: `{ ok: false, error: { code, message } }`.

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };
export interface IpcError {
  code: string;
  /** French, shown to the user as it is. */
  message: string;
  /** Field errors of a refused form, by field name. */
  fields?: Record<string, string>;
}

export const LEAD_SORTS = ['created_desc', 'created_asc', 'name_asc', 'status', 'callback_asc', 'appointment_asc', 'updated_desc'] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];

export const leadFiltersSchema = z.object({
  statuses: z.array(z.enum(LEAD_STATUSES)).max(LEAD_STATUSES.length).optional(),
  assigneeId: uuid.optional(),
  unassigned: z.boolean().optional(),
  sources: z.array(z.enum(LEAD_SOURCES)).optional(),
  createdFrom: instant.optional(),
  createdTo: instant.optional(),
  /** Callback due at or before this instant. */
  callbackDueBefore: instant.optional(),
  duplicatesOnly: z.boolean().optional(),
  importBatchId: uuid.optional(),
  /** These leads only: a grouped notification's (« 3 leads vous ont été attribués »). */
  ids: z.array(uuid).max(1000).optional(),
  /** Free text: FTS5 over names, e-mail, phone and notes; prefix match as you type. */
  search: z.string().max(200).optional(),
});
export type LeadFilters = z.infer<typeof leadFiltersSchema>;

export const leadListInput = z.object({
  filters: leadFiltersSchema.default({}),
  sort: z.enum(LEAD_SORTS).default('created_desc'),
  /** Opaque keyset cursor from the previous page. */
  after: z.string().max(500).nullish(),
  limit: z.number().int().min(1).max(1000).default(200),
});

export interface LeadListItem {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phoneE164: string | null;
  phoneRaw: string | null;
  status: LeadStatus;
  assigneeId: string | null;
  source: Lead['source'];
  createdAt: string;
  updatedAt: string;
  callbackAt: string | null;
  /** The start of the lead's earliest appointment still scheduled (next, or over and not closed). */
  nextAppointmentAt: string | null;
  duplicateOfId: string | null;
  /** True while a change to this lead waits in the outbox. */
  pending: boolean;
}

export interface LeadListPage {
  rows: LeadListItem[];
  /** Cursor for the next page, null at the end. */
  next: string | null;
  /** How many leads match the filters in all. */
  total: number;
}

export interface LeadSheet {
  lead: Lead;
  history: HistoryEntry[];
  contactAttempts: ContactAttempt[];
  appointments: Appointment[];
  tasks: Task[];
  evaluations: Evaluation[];
  client: Client | null;
  payments: Payment[];
  smsMessages: SmsMessage[];
  duplicateOf: Lead | null;
}

export interface Dashboard {
  callbacksDue: Task[];
  /** Whose appointments today's and tomorrow's lists hold: the office's for admins and directors. */
  appointmentsScope: 'mine' | 'office';
  appointmentsToday: Appointment[];
  appointmentsTomorrow: Appointment[];
  /** Whose consultations « à clôturer » holds: the office's for admins, directors and the secretary. */
  toCloseScope: 'mine' | 'office';
  /** Consultations over and still scheduled (never marked held or missed), oldest first. */
  toClose: Appointment[];
  /**
   * The leads of the callbacks and appointments above, named (one read for all: the screen does
   * not ask for each lead, which with an office's day of appointments was hundreds of questions).
   */
  leads: CalendarLead[];
  /** Leads a secretary consulted and still holds (her own; every such lead for admins). */
  toDispatch: LeadListItem[];
  unreadNotifications: number;
  myLeadsByStatus: Record<LeadStatus, number>;
  /** Admins and directors only, else null. */
  newUnassigned: LeadListItem[] | null;
  officeByStatus: Record<LeadStatus, number> | null;
}

export type SyncPhase =
  | 'signed_out'
  | 'first_sync'
  | 'idle'
  | 'pushing'
  | 'pulling'
  | 'offline'
  | 'session_ended'
  | 'update_required'
  /** The office server presents another certificate than the pinned one: refused until an admin accepts it. */
  | 'certificate_changed'
  /** The office revoked this workstation; its replica is being deleted (issue 14, point 4). */
  | 'workstation_wiped';

export interface SyncStatus {
  phase: SyncPhase;
  online: boolean;
  /** Changes waiting in the outbox. */
  pending: number;
  /** Refusals the user has not dismissed. */
  refusals: number;
  lastSyncedAt: string | null;
  /** First sync: rows received so far and an estimate of the total (null when unknown). */
  progress: { received: number; total: number | null } | null;
  /** French explanation of the last failure, when there is one. */
  message: string | null;
}

export type { SessionUser, ExportedFile };

export interface Session {
  user: SessionUser | null;
  serverUrl: string | null;
  /**
   * The office revoked this workstation (or deactivated its user): the replica and the token were
   * deleted here, and the interface says so before the sign-in screen (issue 14, point 4).
   */
  wiped?: boolean;
  /** Signed in with a token that reaches only the set-up of a second factor the office requires. */
  twoFactorSetup?: boolean;
}

/** A demo office's accounts and their shared password (`seed:demo`); a real office has none. */
export type DemoOffice = DemoOfficeAnswer;

export interface Refusal {
  mutationId: number;
  name: MutationName;
  args: unknown;
  code: string;
  message: string;
  refusedAt: string;
}

/** A lead as the calendar names and colours it. */
export interface CalendarLead {
  id: string;
  firstName: string;
  lastName: string;
  status: LeadStatus;
  /** Who may move its appointments (permissions.md, "own leads"). */
  assigneeId: string | null;
}

/** One import batch as the Imports view shows it (issue 16). */
export interface ImportBatchSummary {
  batch: ImportBatch;
  /** Leads of the batch flagged as possible duplicates when imported. */
  duplicates: number;
  /** Leads of the batch still in the office (not removed by a revert). */
  live: number;
  /** To whom the batch's leads were distributed (live or removed), most first; ties by id. */
  distributed: Array<{ userId: string; count: number }>;
  /** Whether this workstation holds the batch's refused rows (only the one that imported does). */
  rejectedHere: boolean;
}

/** A lead of the batch as the revert's preview lists it. */
export interface ImportRevertLead {
  id: string;
  firstName: string;
  lastName: string;
  status: LeadStatus;
  assigneeId: string | null;
}

/** What « Annuler l’import » would do now, on this workstation's replica (import-revert.ts). */
export interface ImportRevertPreview {
  remove: ImportRevertLead[];
  keep: Array<ImportRevertLead & { reason: KeptReason }>;
}

/**
 * An appointment as the calendar and the tray read it. Not the whole row: a busy week is 2,000 of
 * them, copied to the window on every change of period (JSON over the development bridge,
 * structured clone over Electron's IPC), so the columns nobody reads on the grid (stamps,
 * version, who booked it, how it closed, its reminder, its place and note) stay in the replica.
 */
export type CalendarAppointment = Pick<Appointment, 'id' | 'leadId' | 'hostId' | 'startsAt' | 'endsAt' | 'kind' | 'state'>;

/** A task as the calendar and the tray read it (see CalendarAppointment). */
export type CalendarTask = Pick<Task, 'id' | 'leadId' | 'ownerId' | 'kind' | 'title' | 'dueAt' | 'completedAt'>;

export interface CalendarRange {
  appointments: CalendarAppointment[];
  tasks: CalendarTask[];
  /** The leads of those appointments and tasks. */
  leads: CalendarLead[];
}

/** The signed-in user's calendar subscription address (server-api.md, "Calendar feeds"). */
export interface CalendarFeed {
  url: string;
}

export const CONTRACT = {
  'session:get': { input: z.object({}).default({}) },
  'session:login': {
    // The server's own login body (contract/auth.ts), and the server to ask.
    input: loginBody.extend({ serverUrl: z.string().url({ message: 'Adresse du serveur invalide.' }).max(300) }),
  },
  'session:logout': { input: z.object({}).default({}) },
  /** The demo office's accounts for the sign-in screen (server-api.md, GET /api/auth/demo). */
  'session:demo': { input: z.object({ serverUrl: z.string().max(300) }) },
  'sync:status': { input: z.object({}).default({}) },
  'sync:now': { input: z.object({}).default({}) },
  'mutations:run': {
    input: z.object({ name: z.enum(MUTATION_NAMES as [MutationName, ...MutationName[]]), args: z.unknown() }),
  },
  'leads:list': { input: leadListInput },
  'leads:counts': { input: z.object({ filters: leadFiltersSchema.default({}) }) },
  /**
   * `open`: the lead's sheet is being shown to the user (not a name or a preview elsewhere): the
   * office's access log records it (issue 14, point 6).
   */
  'leads:get': { input: z.object({ id: uuid, open: z.boolean().default(false) }) },
  'leads:duplicates': {
    input: z.object({ email: z.string().max(254).nullish(), phone: z.string().max(40).nullish(), excludeId: uuid.nullish() }),
  },
  /** "All that match", in the list's order (a distribution's "nᵒˢ 1 à 10" follow it). */
  'leads:ids': {
    input: z.object({ filters: leadFiltersSchema.default({}), sort: z.enum(LEAD_SORTS).default('created_desc'), max: z.number().int().min(1).max(200_000).default(100_000) }),
  },
  'dashboard:get': { input: z.object({}).default({}) },
  'calendar:range': { input: z.object({ from: instant, to: instant, userId: uuid.nullish() }) },
  /** The user's own feed address, and a new one replacing it; both need the office server. */
  'calendarFeed:get': { input: z.object({}).default({}) },
  'calendarFeed:reset': { input: z.object({}).default({}) },
  'clients:list': {
    input: z.object({ search: z.string().max(200).optional(), ownerId: uuid.optional(), limit: z.number().int().min(1).max(1000).default(500) }),
  },
  /** `open`: the client's sheet is shown (the access log records it, as for `leads:get`). */
  'clients:get': { input: z.object({ id: uuid, open: z.boolean().default(false) }) },
  'notifications:list': { input: z.object({ unreadOnly: z.boolean().default(false), limit: z.number().int().min(1).max(500).default(100) }) },
  'users:list': { input: z.object({}).default({}) },
  /**
   * Accounts live on the office server (server-api.md, /api/admin/users): these need it online.
   * Checked here by the server's own rules (contract/auth.ts) before the request leaves.
   */
  'users:create': { input: adminUserCreateBody },
  'users:update': { input: z.object({ id: uuid, ...accountPatchFields }) },
  'procedures:list': { input: z.object({}).default({}) },
  'smsTemplates:list': { input: z.object({}).default({}) },
  'settings:get': { input: z.object({}).default({}) },
  /** The office's import batches, newest first, for the Imports view. */
  'importBatches:list': { input: z.object({}).default({}) },
  /** Which leads a revert of this batch would remove and keep, now. */
  'importBatches:preview': { input: z.object({ id: uuid }) },
  /** The batch's refused rows as the wizard's .xlsx, from the workstation that imported it. */
  'importBatches:rejected': { input: z.object({ id: uuid }) },
  'refusals:list': { input: z.object({}).default({}) },
  'refusals:dismiss': { input: z.object({ mutationId: z.number().int().positive() }) },
  /** The lead list as the Leads screen shows it (filters and sort), as a styled .xlsx (permission `export`). */
  'export:leads': { input: z.object({ filters: leadFiltersSchema.default({}), sort: z.enum(LEAD_SORTS).default('created_desc') }) },
  /** The import template: the columns the import recognises, with drop-down lists (permission `lead.import`). */
  'export:importTemplate': { input: z.object({}).default({}) },
  /** One report of « Rapports » over a period, scoped by who asks (contract/reports.ts). */
  'reports:run': { input: reportInput },
  /** The workstation's own settings, kept by the operating system (src-main/desktop). */
  'desktop:preferences:get': { input: z.object({}).default({}) },
  'desktop:preferences:set': { input: z.object({ launchAtLogin: z.boolean() }) },
  /** Spreadsheets opened with Bureau (double-click, « Ouvrir avec », dropped on its icon), handed once. */
  'desktop:openedFiles:take': { input: z.object({}).default({}) },
  /** Tables as shown (a report's), as a styled .xlsx (permission `export`). */
  'export:table': { input: exportTableInput },
  ...IMPORT_CONTRACT,
  ...OFFICE_CONTRACT,
  ...REPLICA_CONTRACT,
  ...TLS_CONTRACT,
  ...SECURITY_CONTRACT,
  ...PRIVACY_CONTRACT,
  ...ACCOUNTABILITY_CONTRACT,
} as const;

export type Channel = keyof typeof CONTRACT;
export type ChannelInput<C extends Channel> = z.input<(typeof CONTRACT)[C]['input']>;
export type ChannelArgs<C extends Channel> = z.output<(typeof CONTRACT)[C]['input']>;

/** What each channel answers (inside `IpcResult`). */
export interface ChannelOutput extends ImportOutput, OfficeOutput, ReplicaOutput, TlsOutput, SecurityOutput, PrivacyOutput, AccountabilityOutput {
  'session:get': Session;
  'session:login': Session;
  'session:logout': Session;
  /** Null for a real office, an address that is not one, or a server that does not answer. */
  'session:demo': DemoOffice | null;
  'sync:status': SyncStatus;
  'sync:now': SyncStatus;
  /** The mutation was applied locally and queued as `mutationId`. */
  'mutations:run': { mutationId: number };
  'leads:list': LeadListPage;
  'leads:counts': Record<LeadStatus, number>;
  'leads:get': LeadSheet | null;
  'leads:duplicates': Lead[];
  'leads:ids': string[];
  'dashboard:get': Dashboard;
  'calendar:range': CalendarRange;
  'calendarFeed:get': CalendarFeed;
  'calendarFeed:reset': CalendarFeed;
  'clients:list': Array<{ client: Client; lead: Lead }>;
  'clients:get': { client: Client; lead: Lead; payments: Payment[] } | null;
  'notifications:list': { items: Notification[]; unread: number };
  'users:list': User[];
  /** The account's id; its row arrives by sync a moment later. */
  'users:create': { id: string };
  'users:update': { id: string };
  'procedures:list': Procedure[];
  'smsTemplates:list': SmsTemplate[];
  'settings:get': Settings | null;
  'importBatches:list': ImportBatchSummary[];
  /** Null when the batch is not (or no longer) in the replica. */
  'importBatches:preview': ImportRevertPreview | null;
  'importBatches:rejected': ExportedFile;
  'refusals:list': Refusal[];
  'refusals:dismiss': Refusal[];
  'export:leads': ExportedFile;
  'export:importTemplate': ExportedFile;
  'export:table': ExportedFile;
  'reports:run': Report;
  'desktop:preferences:get': DesktopPreferences;
  'desktop:preferences:set': DesktopPreferences;
  /** Absolute paths, oldest first; empty in the browser (development bridge). */
  'desktop:openedFiles:take': string[];
}

/** What the user's menu offers about this workstation. */
export interface DesktopPreferences {
  /** Bureau opens when the user signs in to the computer. */
  launchAtLogin: boolean;
  /** False in the browser (development bridge) and where the system offers no such setting. */
  launchAtLoginAvailable: boolean;
}

/** Pushed from the main process to the renderer. */
export type ApiEvent =
  | { type: 'changed'; tables: SyncedTable[] }
  | { type: 'sync'; status: SyncStatus }
  | { type: 'session'; session: Session }
  | { type: 'refused'; refusal: Refusal }
  /** The user clicked a desktop notification of this lead: show its sheet (src-main/notifications). */
  | { type: 'open'; leadId: string }
  /** A spreadsheet was opened with Bureau: take it with desktop:openedFiles:take (the import). */
  | { type: 'openedFiles' }
  /** The signed-in user's replica cannot be opened, or opens again (contract/replica.ts). */
  | { type: 'replica'; status: ReplicaStatus }
  /** A file of the import wizard being read or committed (contract/import.ts). */
  | ImportProgressEvent;

/** What `window.api` offers the renderer, in the app (preload) and in the development bridge. */
export interface Api {
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<IpcResult<ChannelOutput[C]>>;
  /** Subscribes to events; returns the unsubscribe function. */
  on(listener: (event: ApiEvent) => void): () => void;
  /**
   * Electron only (the preload, with webUtils): the path of a file dropped or picked in the page,
   * which the import reads from the disk. The development bridge has none: the page sends the
   * bytes instead (import:upload). Typed loosely because src-shared knows no DOM `File`.
   */
  pathForFile?: (file: object) => string;
}
