import { setImmediate as nextTurn } from 'node:timers/promises';
import { stat } from 'node:fs/promises';
import { basename, extname, isAbsolute } from 'node:path';
import { rejectedRowsFileName, rejectedRowsXlsx } from '~node/spreadsheet/rejected-rows';
import type { ChannelArgs, ApiEvent, SessionUser } from '~shared/contract/ipc';
import type { ImportDuplicateGroup, ImportOutcome, ImportPreview, ImportView } from '~shared/contract/import';
import { PREVIEW_ERRORS, PREVIEW_GROUPS, PREVIEW_ROWS } from '~shared/contract/import';
import type { DuplicateChoices, DuplicateReport, ImportField, ImportPlan } from '~shared/domain/import';
import { applyChoices, duplicateCounts, findDuplicates, leadCreateInput, mappingKey, rememberLeadPhones, savedLead } from '~shared/domain/import';
import { leadName } from '~shared/domain/mutations/effects';
import { MAX_BATCH } from '~shared/domain/mutations/args';
import { refuseUnless } from '~shared/domain/permissions';
import { newId } from '~shared/ids';
import type { Replica } from '../../db/replica';
import { keepRejectedRows } from '../../db/repositories/rejected-rows';
import { loadSettings, openLeadsByContact } from '../../db/state-loader';
import { SIGNED_OUT_MESSAGE, ServiceError, type ServiceMap } from '../handlers';
import { ExistingContacts, contactsOf } from './existing-contacts';
import { ReadCancelled, ReadRefused, readInWorker, type Reading } from './read-file';
import type { FileRead } from './read-protocol';
import { rejectedRowsJson, rejectedRowsOfBatches } from './rejected-batches';
import { Uploads, type UploadedFile } from './uploads';

// The import wizard's side in the main process (issue 10, points 1 to 6): a file, by its path
// (Electron) or uploaded (the development bridge), is read in a worker; what was read stays here
// under an import id while the user maps columns and settles duplicates; the commit sends the plan
// through the replica as lead.createMany chunks (each one outbox entry, all or nothing; four to a
// transaction) and lead.update merges, which sync then pushes like any other change.

const EXTENSIONS = new Set(['.xlsx', '.xls', '.ods', '.csv']);
const NOT_A_SPREADSHEET_NAME = 'L’import lit les fichiers .xlsx, .xls, .ods et .csv\u00a0: enregistrez la liste dans l’un de ces formats.';
const UNKNOWN_IMPORT = 'Cet import n’est plus ouvert\u00a0: déposez le fichier de nouveau.';
const BUSY = 'Le fichier est encore en lecture ou en cours d’enregistrement\u00a0: attendez la fin ou annulez.';
const ALREADY_COMMITTED = 'Ce fichier a déjà été importé\u00a0: fermez l’assistant pour en importer un autre.';
const NO_FILE = 'Le fichier est introuvable ou illisible\u00a0: vérifiez qu’il existe encore, puis déposez-le de nouveau.';

/**
 * lead.createMany chunks written in one transaction (Replica.runMutations): each stays one outbox
 * entry, whole or absent, and a cancel is heard between two such commits (a few seconds apart on a
 * modest PC). Committing 100,000 rows took 12.2–13.0 s of processor four chunks a transaction
 * against 12.4–17.2 s one chunk a transaction, with 13 % fewer pages written (docs/benchmarks.md,
 * eighth session); eight a transaction saved little more and the progress bar would move thrice.
 */
export const CHUNKS_PER_COMMIT = 4;

export interface ImportServiceOptions {
  replica: Replica;
  session: () => SessionUser | null;
  clock?: () => Date;
  emit: (event: ApiEvent) => void;
  /** Leads per lead.createMany (tests use small chunks to see several). */
  chunkSize?: number;
  /** lead.createMany chunks per transaction (tests use fewer than the files' chunks, to see several). */
  chunksPerCommit?: number;
}

interface OpenImport {
  id: string;
  path: string;
  fileName: string;
  upload: UploadedFile | null;
  sheet: string | undefined;
  mapping: ImportField[] | undefined;
  file: FileRead | null;
  reading: Reading | null;
  committing: { cancelled: boolean } | null;
  committed: boolean;
  /** The last duplicates report, of this file against the replica's leads at `leadsVersion`. */
  duplicates: { file: FileRead; leadsVersion: number; report: DuplicateReport } | null;
  /** The open leads sharing a contact with `file`'s rows, looked up while it was read. */
  existing: ExistingContacts | null;
}

export type ImportChannel = `import:${string}`;

export interface ImportService {
  handlers: ServiceMap;
  dispose(): Promise<void>;
}

export function createImportService({ replica, session, clock = () => new Date(), emit, chunkSize = MAX_BATCH, chunksPerCommit = CHUNKS_PER_COMMIT }: ImportServiceOptions): ImportService {
  const uploads = new Uploads();
  const imports = new Map<string, OpenImport>();

  /** permissions.md: importing is for administrators and directors; asked at every step. */
  const importer = (): SessionUser => {
    const user = session();
    if (!user) throw new ServiceError('not_signed_in', SIGNED_OUT_MESSAGE);
    const forbidden = refuseUnless({ id: user.id, role: user.role }, 'lead.import');
    if (forbidden) throw new ServiceError(forbidden.code, forbidden.message);
    return user;
  };

  const find = (importId: string): OpenImport => {
    const found = imports.get(importId);
    if (!found) throw new ServiceError('unknown_import', UNKNOWN_IMPORT);
    return found;
  };

  const idle = (open: OpenImport): void => {
    if (open.reading !== null || open.committing !== null) throw new ServiceError('busy', BUSY);
  };

  async function read(open: OpenImport): Promise<ImportView> {
    const existing = new ExistingContacts(replica);
    const reading = readInWorker(
      { path: open.path, sheet: open.sheet, mapping: open.mapping },
      (done, total) => emit({ type: 'import', importId: open.id, phase: 'reading', done, total }),
      { onRows: (rows) => existing.add(rows) },
    );
    open.reading = reading;
    open.duplicates = null;
    open.existing = null;
    try {
      open.file = await reading.result;
      open.existing = existing;
    } catch (error) {
      if (error instanceof ReadRefused) throw new ServiceError('file_refused', error.message);
      if (error instanceof ReadCancelled) throw new ServiceError('cancelled', 'Lecture annulée\u00a0: rien n’a été importé.');
      throw error;
    } finally {
      open.reading = null;
    }
    return view(open, open.file);
  }

  function view(open: OpenImport, file: FileRead): ImportView {
    const { read: sheet } = file;
    return {
      importId: open.id,
      fileName: open.fileName,
      sheetNames: file.sheetNames,
      sheet: sheet.sheet,
      headerRow: sheet.headerRow.rowNumber,
      headers: sheet.headers,
      mapping: [...sheet.mapping],
      mappingKey: mappingKey(sheet.headers),
      mappingProblems: sheet.mappingProblems,
      warnings: sheet.warnings,
      rowCount: sheet.rows.length,
      errorCount: file.errorCount,
    };
  }

  /** The file read, once its mapping can import (`read.errors` holds only the first errors: see FileRead). */
  function readFile(open: OpenImport): FileRead {
    if (open.file === null) throw new ServiceError('busy', BUSY);
    if (open.file.read.mappingProblems.length > 0) throw new ServiceError('mapping', open.file.read.mappingProblems.join(' '));
    return open.file;
  }

  /**
   * The duplicates against the open leads of the replica now (domain.md, "Duplicates"). The
   * preview's report serves the commit again when no lead has changed since (no sync, no other
   * import, no edit): looking them up again among 100,000 leads took more than a second. The first
   * report takes the leads looked up while the file was read (existing-contacts.ts), unless a lead
   * changed since.
   */
  function duplicates(open: OpenImport, file: FileRead): DuplicateReport {
    const leadsVersion = replica.leadsVersion();
    const kept = open.duplicates;
    if (kept !== null && kept.file === file && kept.leadsVersion === leadsVersion) return kept.report;
    const { rows } = file.read;
    const report = findDuplicates(rows, open.existing?.leads() ?? openLeadsByContact(replica.sqlite, contactsOf(rows)));
    open.duplicates = { file, leadsVersion, report };
    return report;
  }

  function preview(open: OpenImport, choices: DuplicateChoices): ImportPreview {
    const file = readFile(open);
    const { read: sheet, errorCount } = file;
    const report = duplicates(open, file);
    const plan = applyChoices(report, choices);
    const choiceOf = (id: string) => choices.byGroup?.[id] ?? choices.all ?? 'skip';
    const groups: ImportDuplicateGroup[] = report.groups.slice(0, PREVIEW_GROUPS).map((group) => ({
      id: group.id,
      kind: group.kind,
      existing: group.existing && {
        id: group.existing.id,
        name: leadName(group.existing),
        email: group.existing.email,
        phone: group.existing.phoneRaw ?? group.existing.phoneE164,
        status: group.existing.status,
      },
      rows: group.rows.map(({ row, lead }) => ({ row, name: leadName(lead), email: lead.email, phone: lead.phoneTyped ?? lead.phone })),
      choice: choiceOf(group.id),
    }));
    return {
      toCreate: plan.create.length,
      toMerge: plan.merge.length,
      mergedRows: plan.merge.reduce((n, m) => n + m.rows.length, 0) + plan.create.reduce((n, c) => n + c.mergedRows.length, 0),
      skipped: plan.skip.length,
      errorCount,
      duplicates: duplicateCounts(report),
      groupCount: report.groups.length,
      groups,
      rows: plan.create.slice(0, PREVIEW_ROWS).map(({ row, lead, duplicateOf }) => ({ row, ...savedLead(lead), duplicate: duplicateOf !== null })),
      errors: sheet.errors.slice(0, PREVIEW_ERRORS),
      chunks: Math.ceil(plan.create.length / chunkSize),
    };
  }

  async function commit(open: OpenImport, user: SessionUser, choices: DuplicateChoices): Promise<ImportOutcome> {
    const file = readFile(open);
    const { read: sheet, errorCount } = file;
    const plan: ImportPlan = applyChoices(duplicates(open, file), choices);
    const chunksTotal = Math.ceil(plan.create.length / chunkSize);
    const outcome: ImportOutcome = {
      importBatchId: plan.create.length > 0 ? newId() : null,
      created: 0,
      merged: 0,
      skipped: plan.skip.length,
      errorCount,
      chunksDone: 0,
      chunksTotal,
      interrupted: null,
    };
    const control = { cancelled: false };
    open.committing = control;
    const actor = { id: user.id, role: user.role };
    const fileName = open.fileName.slice(0, 255);
    const steps = chunksTotal + plan.merge.length;
    const progress = (done: number) => emit({ type: 'import', importId: open.id, phase: 'committing', done, total: steps });
    try {
      for (let start = 0; start < plan.create.length; start += chunkSize * chunksPerCommit) {
        // Between two commits, so that a cancel (another IPC call) is heard and the window stays live.
        await nextTurn();
        if (control.cancelled) return stopped(outcome, 'cancelled', cancelledMessage(outcome));
        const chunks: ImportPlan['create'][] = [];
        for (let at = start; at < Math.min(plan.create.length, start + chunkSize * chunksPerCommit); at += chunkSize) {
          chunks.push(plan.create.slice(at, at + chunkSize));
        }
        const clientTime = clock().toISOString();
        const mutations = chunks.map((chunk) => {
          const leads = chunk.map(({ lead }) => {
            // The worker read these numbers already: the mutation finds its readings instead of parsing again.
            rememberLeadPhones(lead);
            return leadCreateInput(lead, newId());
          });
          // The batch keeps how many rows of the file were refused (the Imports view shows it).
          return { name: 'lead.createMany', args: { importBatchId: outcome.importBatchId, fileName, leads, rejectedCount: errorCount }, clientTime };
        });
        const results = replica.runMutations(actor, mutations);
        for (const [index, result] of results.entries()) {
          if (!result.ok) return stopped(outcome, 'refused', `${result.refusal.message} ${savedSoFar(outcome)}`);
          outcome.chunksDone += 1;
          outcome.created += chunks[index]!.length;
          // The batch exists now: its refused rows stay on this workstation for the Imports view.
          if (outcome.chunksDone === 1 && errorCount > 0 && outcome.importBatchId !== null) {
            const rows = rejectedRowsJson(file.rejected, sheet.headers.length);
            keepRejectedRows(replica.sqlite, { importBatchId: outcome.importBatchId, fileName, headers: [...sheet.headers], rows }, clock().toISOString());
          }
        }
        progress(outcome.chunksDone);
      }
      for (const merge of plan.merge) {
        await nextTurn();
        if (control.cancelled) return stopped(outcome, 'cancelled', cancelledMessage(outcome));
        const result = replica.runMutation(actor, 'lead.update', { id: merge.leadId, patch: merge.patch, note: merge.note }, clock().toISOString());
        if (!result.ok) return stopped(outcome, 'refused', `${result.refusal.message} ${savedSoFar(outcome)}`);
        outcome.merged += 1;
        progress(outcome.chunksDone + outcome.merged);
      }
      return outcome;
    } finally {
      open.committing = null;
      // Even a stopped commit has written whole chunks: the same plan must not be sent twice.
      open.committed = outcome.chunksDone > 0 || outcome.merged > 0 || outcome.interrupted === null;
    }
  }

  async function close(open: OpenImport): Promise<void> {
    open.reading?.cancel();
    if (open.committing) open.committing.cancelled = true;
    imports.delete(open.id);
    await open.upload?.remove();
  }

  const handlers: ServiceMap = {
    'import:upload': (input) => {
      importer();
      return uploads.receive(input);
    },
    'import:open': async ({ importId, source }: ChannelArgs<'import:open'>) => {
      importer();
      if (imports.has(importId)) throw new ServiceError('conflict', 'Cet import est déjà ouvert.');
      let open: OpenImport;
      if (source.kind === 'upload') {
        const upload = uploads.take(source.uploadId);
        open = blank(importId, upload.path, upload.fileName, upload);
      } else {
        // A path from the page is only ever read as a spreadsheet, and only a spreadsheet's name is accepted.
        if (!isAbsolute(source.path)) throw new ServiceError('file_refused', NO_FILE);
        if (!EXTENSIONS.has(extname(source.path).toLowerCase())) throw new ServiceError('file_refused', NOT_A_SPREADSHEET_NAME);
        const found = await stat(source.path).catch(() => null);
        if (found === null || !found.isFile()) throw new ServiceError('file_refused', NO_FILE);
        open = blank(importId, source.path, basename(source.path), null);
      }
      imports.set(open.id, open);
      try {
        return await read(open);
      } catch (error) {
        await close(open);
        throw error;
      }
    },
    'import:configure': ({ importId, sheet, mapping }: ChannelArgs<'import:configure'>) => {
      importer();
      const open = find(importId);
      idle(open);
      if (open.committed) throw new ServiceError('committed', ALREADY_COMMITTED);
      // Another sheet has other columns: its mapping is guessed afresh unless one is given.
      if (sheet !== undefined && sheet !== open.sheet) open.mapping = undefined;
      if (sheet !== undefined) open.sheet = sheet;
      if (mapping !== undefined) open.mapping = mapping;
      return read(open);
    },
    'import:preview': ({ importId, choices }: ChannelArgs<'import:preview'>) => {
      importer();
      const open = find(importId);
      idle(open);
      return preview(open, choices);
    },
    'import:commit': ({ importId, choices }: ChannelArgs<'import:commit'>) => {
      const user = importer();
      const open = find(importId);
      idle(open);
      if (open.committed) throw new ServiceError('committed', ALREADY_COMMITTED);
      // Many commits in a row (chunks, merges): the replica's log is folded into its file after them, not after each.
      return replica.writeInBulk(() => commit(open, user, choices));
    },
    'import:cancel': ({ importId }: ChannelArgs<'import:cancel'>) => {
      importer();
      const open = imports.get(importId);
      if (!open) return { cancelled: false };
      if (open.reading) {
        open.reading.cancel();
        return { cancelled: true };
      }
      if (open.committing) {
        open.committing.cancelled = true;
        return { cancelled: true };
      }
      return { cancelled: false };
    },
    'import:close': async ({ importId }: ChannelArgs<'import:close'>) => {
      const open = imports.get(importId);
      if (!open) return { closed: false };
      await close(open);
      return { closed: true };
    },
    'import:rejected': async ({ importId }: ChannelArgs<'import:rejected'>) => {
      importer();
      const open = find(importId);
      if (open.file === null) throw new ServiceError('busy', BUSY);
      const rows = rejectedRowsOfBatches(open.file.rejected, open.file.read.headers.length);
      const bytes = await rejectedRowsXlsx(open.file.read.headers, rows, loadSettings(replica.sqlite).timeZone);
      return { fileName: rejectedRowsFileName(open.fileName), base64: bytes.toString('base64'), rows: rows.length };
    },
  };

  return {
    handlers,
    async dispose() {
      await Promise.all([...imports.values()].map(close));
      await uploads.dispose();
    },
  };
}

function blank(id: string, path: string, fileName: string, upload: UploadedFile | null): OpenImport {
  return { id, path, fileName, upload, sheet: undefined, mapping: undefined, file: null, reading: null, committing: null, committed: false, duplicates: null, existing: null };
}

function savedSoFar(outcome: ImportOutcome): string {
  if (outcome.chunksDone === 0 && outcome.merged === 0) return 'Rien n’a été enregistré.';
  const plural = (n: number, word: string) => `${n.toLocaleString('fr-CA')}\u00a0${word}${n > 1 ? 's' : ''}`;
  const merges = outcome.merged > 0 ? ` et ${plural(outcome.merged, 'fusion')}` : '';
  return `Déjà enregistrés\u00a0: ${plural(outcome.created, 'lead')} (${plural(outcome.chunksDone, 'envoi')} complet${outcome.chunksDone > 1 ? 's' : ''} sur ${outcome.chunksTotal})${merges}\u00a0; le lot les contient, rien d’autre.`;
}

function cancelledMessage(outcome: ImportOutcome): string {
  return `Import annulé. ${savedSoFar(outcome)}`;
}

function stopped(outcome: ImportOutcome, reason: 'cancelled' | 'refused', message: string): ImportOutcome {
  outcome.interrupted = { reason, message };
  return outcome;
}
