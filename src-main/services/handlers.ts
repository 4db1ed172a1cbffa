import type { z } from 'zod';
import { fieldErrors, parseInFrench } from '~shared/contract/field-errors';
import {
  CONTRACT,
  type Channel,
  type ChannelArgs,
  type ChannelOutput,
  type IpcError,
  type IpcResult,
  type SessionUser,
} from '~shared/contract/ipc';
import { calendarRange } from '../db/repositories/calendar';
import { getClient, listClients } from '../db/repositories/clients';
import { dashboard } from '../db/repositories/dashboard';
import { listImportBatches, previewImportRevert } from '../db/repositories/import-batches';
import { rejectedRowsOf } from '../db/repositories/rejected-rows';
import { rejectedRowsFileName, rejectedRowsXlsx } from '~node/spreadsheet/rejected-rows';
import { InvalidCursorError } from '../db/repositories/keyset';
import { leadSheet } from '../db/repositories/lead-sheet';
import { countLeadsByStatus, findDuplicateLeads, leadIds, listLeads } from '../db/repositories/leads';
import { listNotifications } from '../db/repositories/notifications';
import { getSettings, listProcedures, listSmsTemplates, listUsers } from '../db/repositories/office';
import type { Replica } from '../db/replica';
import { replicaReport } from '../db/repositories/reports';
import { reportScope } from '~shared/domain/report-scope';
import { leadExportRows, leadExportWorkbook } from '../exports/lead-export';
import { importTemplateWorkbook } from '../exports/import-template';
import { downloadSaver, type SaveFile } from '../exports/save-file';
import { tableWorkbook } from '../exports/table-export';
import { refuseUnless, type Action } from '~shared/domain/permissions';
import { ACCESS_DETAIL_MAX_LENGTH } from '~shared/contract/accountability';
import type { ExportedFile } from '~shared/contract/exports';
import type { AccessEvents } from '../db/access-events';
import { errorLabel } from '../error-label';
import { DEFAULT_TIME_ZONE, officeDate } from '~shared/domain/office-time';

// The main process's answers to the renderer (style.md, points 2, 3 and 6): one handler per data
// channel of src-shared/contract/ipc.ts over the signed-in user's replica, and `dispatch`, which
// checks a payload against the contract, runs the handler and turns every outcome into data:
// `{ ok: true, value }` or `{ ok: false, error: { code, message } }` with a French message.
// The session:*, sync:* and account (users:create, users:update) channels belong to the session
// manager (services/session).

export type Handler<C extends Channel> = (args: ChannelArgs<C>) => ChannelOutput[C] | Promise<ChannelOutput[C]>;

/** Any set of handlers; the session manager merges its own with these. */
export type ServiceMap = { [C in Channel]?: Handler<C> };

/**
 * Channels the session manager answers itself: signing in, sync, the accounts on the server, the
 * calendar subscription, the replica's state, and the import wizard's (services/import, which holds files and worker
 * threads for the session).
 */
export type SessionChannel =
  | `session:${string}`
  | `sync:${string}`
  | `calendarFeed:${string}`
  /** The office server's certificate as pinned here (services/tls). */
  | `tls:${string}`
  | 'users:create'
  | 'users:update'
  | `import:${string}`
  /** The replica that cannot be opened, and a fresh start from the server (issue 14, point 1). */
  | `replica:${string}`
  /** A person's rights (admins): asked of the office server at once (session.ts). */
  | `privacy:${string}`
  /** Which office this workstation belongs to (services/office). */
  | `office:${string}`
  /** A second factor, the office's security, its workstations (session/security.ts). */
  | `twoFactor:${string}`
  | `security:${string}`
  | `workstations:${string}`
  /** The access log and the incident register, on the office server (issue 14, point 6). */
  | `accessLog:${string}`
  | `incidents:${string}`;
/** Channels of the workstation itself, answered by the main process around the host (src-main/desktop). */
export type DesktopChannel = `desktop:${string}`;
export type DataChannel = Exclude<Channel, SessionChannel | DesktopChannel>;
export type Services = { [C in DataChannel]: Handler<C> };

/** A failure the user can understand: `message` is French and names the rule. */
const REJECTED_ELSEWHERE =
  'Les lignes refusées de cet import sont restées sur le poste qui l’a fait\u00a0: ouvrez la vue Imports sur ce poste pour enregistrer le fichier.';

export class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export const SIGNED_OUT_MESSAGE = 'Votre session est terminée : reconnectez-vous pour continuer.';
export const UNEXPECTED_MESSAGE = 'Une erreur inattendue est survenue. Réessayez ; si elle revient, prévenez l’administrateur.';

export interface ServicesOptions {
  replica: Replica;
  /** The user signed in now, or null (after sign-out or a session that ended). */
  session: () => SessionUser | null;
  clock?: () => Date;
  /** Where exported files go: the save dialog in Electron, a download in the bridge (exports/save-file.ts). */
  saveFile?: SaveFile;
  /** The queue of the office's access log: sheets opened, files exported (issue 14, point 6). */
  access?: AccessEvents;
}

export function createServices({ replica, session, clock = () => new Date(), saveFile = downloadSaver, access }: ServicesOptions): Services {
  const { sqlite } = replica;
  const signedIn = (): SessionUser => {
    const user = session();
    if (!user) throw new ServiceError('not_signed_in', SIGNED_OUT_MESSAGE);
    return user;
  };
  /** Reads need a signed-in user too: the replica is that user's (sync-protocol.md). */
  const read =
    <C extends DataChannel>(fn: (args: ChannelArgs<C>, user: SessionUser) => ChannelOutput[C]): Handler<C> =>
    (args) =>
      fn(args, signedIn());

  /** The permission checked here as the server checks a mutation's (permissions.md): the UI only hides the button. */
  const allowed = (action: Action): SessionUser => {
    const user = signedIn();
    const refusal = refuseUnless({ id: user.id, role: user.role }, action);
    if (refusal) throw new ServiceError(refusal.code, refusal.message);
    return user;
  };
  const timeZone = () => getSettings(sqlite)?.timeZone ?? DEFAULT_TIME_ZONE;
  /** « Leads 2026-12-06.xlsx »: the office's date, so that two exports of a day sort together. */
  /**
   * Sheets are logged here, where the replica answers and where a closed window cannot lose the
   * event, when the page says it shows the sheet (`open`): the same lead is also read for its name
   * in lists, notifications and previews, which are no opening (issue 14, point 6).
   */
  const opened = <T>(kind: 'lead.open' | 'client.open', id: string, open: boolean, sheet: T | null): T | null => {
    if (open && sheet !== null) access?.record({ kind, subjectId: id });
    return sheet;
  };
  /** An export is logged once the file is written or handed over; a cancelled dialog wrote nothing. */
  const exported = (detail: string) => (file: ExportedFile): ExportedFile => {
    if (file.kind !== 'cancelled') access?.record({ kind: 'export', detail: detail.slice(0, ACCESS_DETAIL_MAX_LENGTH) });
    return file;
  };
  const save = (name: string, bytes: Buffer) => {
    // A name from the page never carries a folder or a character a file system refuses.
    const safe = [...name].map((c) => (c < ' ' || '\\/:*?"<>|'.includes(c) ? '-' : c)).join('').trim() || 'Export';
    return saveFile({ fileName: `${safe} ${officeDate(clock().toISOString(), timeZone())}.xlsx`, bytes });
  };

  return {
    'mutations:run': ({ name, args }) => {
      const user = signedIn();
      const result = replica.runMutation({ id: user.id, role: user.role }, name, args, clock().toISOString());
      // A refusal of the rules may name its fields (a malformed e-mail): the form shows each under its input.
      if (!result.ok) throw new ServiceError(result.refusal.code, result.refusal.message, refusalFields(result.refusal));
      return { mutationId: result.mutationId };
    },
    'leads:list': read<'leads:list'>((args) => listLeads(sqlite, args)),
    'leads:counts': read<'leads:counts'>(({ filters }) => countLeadsByStatus(sqlite, filters)),
    'leads:get': read<'leads:get'>(({ id, open }) => opened('lead.open', id, open, leadSheet(sqlite, id))),
    'leads:duplicates': read<'leads:duplicates'>((args) => findDuplicateLeads(sqlite, args)),
    'leads:ids': read<'leads:ids'>(({ filters, sort, max }) => leadIds(sqlite, filters, max, sort)),
    'dashboard:get': read<'dashboard:get'>((_args, user) => dashboard(sqlite, user, clock())),
    'calendar:range': read<'calendar:range'>((args) => calendarRange(sqlite, args)),
    'clients:list': read<'clients:list'>((args) => listClients(sqlite, args)),
    'clients:get': read<'clients:get'>(({ id, open }) => opened('client.open', id, open, getClient(sqlite, id))),
    'notifications:list': read<'notifications:list'>((args, user) => listNotifications(sqlite, user.id, args)),
    'users:list': read<'users:list'>(() => listUsers(sqlite)),
    'procedures:list': read<'procedures:list'>(() => listProcedures(sqlite)),
    'smsTemplates:list': read<'smsTemplates:list'>(() => listSmsTemplates(sqlite)),
    'settings:get': read<'settings:get'>(() => getSettings(sqlite)),
    'importBatches:list': read<'importBatches:list'>(() => listImportBatches(sqlite)),
    'importBatches:preview': read<'importBatches:preview'>(({ id }, user) => previewImportRevert(sqlite, { id: user.id, role: user.role }, id)),
    'importBatches:rejected': async ({ id }) => {
      allowed('importBatch.revert');
      const kept = rejectedRowsOf(sqlite, id);
      if (!kept) throw new ServiceError('not_found', REJECTED_ELSEWHERE);
      const file = await saveFile({ fileName: rejectedRowsFileName(kept.fileName), bytes: await rejectedRowsXlsx(kept.headers, kept.rows, timeZone()) });
      return exported(`Lignes refusées de l’import « ${kept.fileName} » (${kept.rows.length})`)(file);
    },
    'refusals:list': read<'refusals:list'>(() => replica.refusals()),
    'refusals:dismiss': read<'refusals:dismiss'>(({ mutationId }) => replica.dismissRefusal(mutationId)),
    'reports:run': async ({ report, from, to, waitingDays }) => {
      const user = signedIn();
      const answer = reportScope({ id: user.id, role: user.role }, report);
      if (!answer.ok) throw new ServiceError('forbidden', answer.message);
      return replicaReport(sqlite, { report, from, to, waitingDays, now: clock().toISOString(), timeZone: timeZone(), scope: answer.scope });
    },
    'export:leads': async ({ filters, sort }) => {
      allowed('export');
      const rows = leadExportRows(sqlite, filters, sort);
      return exported(`Liste des leads (${rows.length} lignes)`)(await save('Leads', await leadExportWorkbook(rows, timeZone())));
    },
    'export:importTemplate': async () => {
      allowed('lead.import');
      return save('Modèle d’import', await importTemplateWorkbook(listProcedures(sqlite), timeZone()));
    },
    'export:table': async ({ fileName, sheets }) => {
      allowed('export');
      return exported(`Tableau « ${fileName} »`)(await save(fileName, await tableWorkbook(sheets, timeZone())));
    },
  };
}

function fail(code: string, message: string, fields?: Record<string, string>): { ok: false; error: IpcError } {
  return { ok: false, error: fields ? { code, message, fields } : { code, message } };
}

/** The refusal's French messages by field (src-shared/domain/mutations/types.ts, Refusal.fields), if any. */
function refusalFields(refusal: { code: string; message: string; fields?: Readonly<Record<string, string>> }): Record<string, string> | undefined {
  return refusal.fields === undefined ? undefined : { ...refusal.fields };
}

/** Logs what failed without the payload or the message, which may hold a person's data. */
function logFailure(channel: string, error: unknown): void {
  const frames = error instanceof Error && error.stack ? `\n${error.stack.split('\n').slice(1, 8).join('\n')}` : '';
  console.error(`[services] ${channel} : ${errorLabel(error)}${frames}`);
}

/**
 * Runs one call from the renderer: the input checked against the contract, then the handler; every
 * failure comes back as data with a French message, never as a stack trace.
 */
export async function dispatch<C extends Channel>(
  services: ServiceMap,
  channel: C,
  rawInput: unknown,
  log: (channel: string, error: unknown) => void = logFailure,
): Promise<IpcResult<ChannelOutput[C]>> {
  const contract = Object.hasOwn(CONTRACT, channel) ? CONTRACT[channel] : undefined;
  const handler = Object.hasOwn(services, channel) ? (services[channel] as Handler<C> | undefined) : undefined;
  if (!contract || !handler) return fail('unknown_channel', 'Cette action n’existe pas dans cette version de l’application.');

  const parsed = parseInFrench(contract.input as z.ZodType, rawInput);
  if (!parsed.success) {
    const { message, fields } = fieldErrors(parsed.error);
    return fail('invalid_input', `Saisie invalide. ${message}`, fields);
  }

  try {
    return { ok: true, value: await handler(parsed.data as ChannelArgs<C>) };
  } catch (error) {
    if (error instanceof ServiceError) return fail(error.code, error.message, error.fields);
    if (error instanceof InvalidCursorError) return fail(error.code, error.message);
    log(channel, error);
    return fail('internal_error', UNEXPECTED_MESSAGE);
  }
}
