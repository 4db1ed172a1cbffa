import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encryptedXlsx, xlsxOf, zipOf } from '~node/testing/spreadsheet-files';
import type { ApiEvent, ChannelInput, ChannelOutput, SessionUser } from '~shared/contract/ipc';
import { PREVIEW_ERRORS, UPLOAD_PIECE_BYTES } from '~shared/contract/import';
import { USERS, lead as leadRow } from '~shared/testing/builders';
import { newId } from '~shared/ids';
import { Replica } from '../../db/replica';
import { rejectedRowsOf } from '../../db/repositories/rejected-rows';
import { newOffice, pullAll, pushAll } from '../../testing/sync-harness';
import { createServices, dispatch } from '../handlers';
import { MAX_BATCH } from '~shared/domain/mutations/args';
import { PHONE_READINGS_KEPT } from '~shared/domain/phone';
import { CHUNKS_PER_COMMIT, createImportService } from './import-service';

/**
 * Counts the import service's own lookups of duplicates among the replica's open leads
 * (state-loader's openLeadsByContact, known by its SQL) from now on; they still do their work.
 * The mutations look up the same way inside their transaction: those are not counted. The
 * statement is wrapped as the replica first prepares it, so call this before the first preview.
 */
function countContactLookups(replica: Replica): () => number {
  let count = 0;
  const prepare = replica.sqlite.prepare.bind(replica.sqlite);
  replica.sqlite.prepare = ((sql: string) => {
    const prepared = prepare(sql);
    if (!sql.includes('phone_e164 in (select value from json_each(?))')) return prepared;
    const all = prepared.all.bind(prepared);
    prepared.all = ((...params: unknown[]) => {
      if (!replica.sqlite.inTransaction) count += 1;
      return all(...params);
    }) as typeof prepared.all;
    return prepared;
  }) as typeof replica.sqlite.prepare;
  return () => count;
}

// The import wizard's channels over a real replica and a reference office (issue 10, points 1 to
// 6 and 9), called as the renderer calls them: through `dispatch`, raw payloads, answers as data.
// Every file is made here, as Excel or a careless script would make it.

const NOW = new Date('2026-03-10T15:00:00.000Z');
const asSession = (u: (typeof USERS)[keyof typeof USERS]): SessionUser => ({ id: u.id, name: u.name, email: u.email, role: u.role as SessionUser['role'] });

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const HEADERS = ['Prénom', 'Nom de famille', 'Adresse courriel', 'Cellulaire', 'Ville'];
const PEOPLE = [
  ['hélène', 'CÔTÉ', 'helene@exemple.ca', '514 555-0101', 'Montréal'],
  ['Marc', 'de la Roche', 'marc@exemple.ca', '438-555-0102 poste 12', 'Laval'],
  ['Ana', 'Silva', 'ana@exemple.ca', '', 'Québec'],
  ['Jean', 'Roy', '', '819 555 0104', ''],
  ['Sans', '', 'sansnom@exemple.ca', '', ''],
  ['Paul', 'Tremblay', 'pas-un-courriel', '', ''],
];

function setup(who: (typeof USERS)[keyof typeof USERS] = USERS.admin, chunkSize = 2, chunksPerCommit = 2) {
  const office = newOffice();
  const replica = Replica.open(':memory:', { clock: () => NOW });
  const dir = mkdtempSync(join(tmpdir(), 'bureau-import-test-'));
  const events: ApiEvent[] = [];
  let onEvent: (event: ApiEvent) => void = () => {};
  const service = createImportService({
    replica,
    session: () => asSession(who),
    clock: () => NOW,
    chunkSize,
    chunksPerCommit,
    emit: (event) => {
      events.push(event);
      onEvent(event);
    },
  });
  cleanups.push(
    () => replica.close(),
    () => office.close(),
    () => rmSync(dir, { recursive: true, force: true }),
    () => service.dispose(),
  );
  pullAll(replica, office, who.id);
  const call = async <C extends keyof ChannelOutput & `import:${string}`>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput[C]> => {
    const result = await dispatch(service.handlers, channel, input);
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value as ChannelOutput[C];
  };
  const refused = async <C extends keyof ChannelOutput & `import:${string}`>(channel: C, input: ChannelInput<C>) => {
    const result = await dispatch(service.handlers, channel, input);
    if (result.ok) throw new Error(`${channel} aurait dû être refusé`);
    return result.error;
  };
  const save = (name: string, bytes: Buffer | string) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  return { office, replica, service, events, call, refused, save, listen: (fn: (event: ApiEvent) => void) => (onEvent = fn) };
}

async function leadList(rows: (string | number)[][] = PEOPLE, title = true): Promise<Buffer> {
  return xlsxOf((workbook) => {
    const sheet = workbook.addWorksheet('Salon 2026');
    // A title and a blank line above the headers, as people make them.
    if (title) sheet.addRows([['Leads du salon de l’immigration'], []]);
    sheet.addRows([HEADERS, ...rows]);
  });
}

const leadsOf = (replica: Replica) =>
  replica.sqlite.prepare('select first_name as firstName, last_name as lastName, email, phone_e164 as phone, phone_raw as phoneRaw, source, import_batch_id as batch, duplicate_of_id as duplicateOf from leads order by created_at, last_name').all() as Array<Record<string, string | null>>;

describe('import: the phone readings handed to the commit', () => {
  // Each lead of a transaction's chunks is remembered by its typed text and its E.164 form before
  // the first chunk runs; forgotten before the mutations read them, they were parsed again.
  it('fit in the phone memory for a whole transaction of chunks', () => {
    expect(PHONE_READINGS_KEPT).toBeGreaterThanOrEqual(2 * MAX_BATCH * CHUNKS_PER_COMMIT);
  });
});

describe('import: a file read, previewed and committed as one batch', () => {
  it('reads a dropped file by its path: header under a title, mapping guessed, rows cleaned with French reasons', async () => {
    const { call, save } = setup();
    const view = await call('import:open', { importId: newId(), source: { kind: 'path', path: save('salon.xlsx', await leadList()) } });
    expect(view).toMatchObject({
      fileName: 'salon.xlsx',
      sheetNames: ['Salon 2026'],
      sheet: 'Salon 2026',
      headerRow: 3,
      headers: HEADERS,
      mapping: ['firstName', 'lastName', 'email', 'phone', 'city'],
      mappingProblems: [],
      rowCount: 4,
      errorCount: 2,
    });
    const preview = await call('import:preview', { importId: view.importId, choices: {} });
    expect(preview).toMatchObject({ toCreate: 4, skipped: 0, errorCount: 2, groupCount: 0, chunks: 2 });
    expect(preview.rows.map((r) => [r.row, r.firstName, r.lastName, r.phone, r.phoneTyped])).toEqual([
      [4, 'Hélène', 'Côté', '+15145550101', '514 555-0101'],
      [5, 'Marc', 'de la Roche', '+14385550102', '438-555-0102 poste 12'],
      [6, 'Ana', 'Silva', null, null],
      [7, 'Jean', 'Roy', '+18195550104', '819 555 0104'],
    ]);
    expect(preview.errors.map((e) => e.row)).toEqual([8, 9]);
    for (const error of preview.errors) expect(error.reason).toMatch(/^[A-ZÀ-Ý].+\.$/);
  });

  it('commits in lead.createMany chunks (one outbox entry each), one batch holding every row, one summary notification', async () => {
    const { call, save, replica, office } = setup();
    const view = await call('import:open', { importId: newId(), source: { kind: 'path', path: save('salon.xlsx', await leadList()) } });
    const outcome = await call('import:commit', { importId: view.importId, choices: {} });
    expect(outcome).toMatchObject({ created: 4, merged: 0, skipped: 0, errorCount: 2, chunksDone: 2, chunksTotal: 2, interrupted: null });
    expect(replica.pending().map((m) => m.name)).toEqual(['lead.createMany', 'lead.createMany']);
    expect(leadsOf(replica)).toHaveLength(4);
    expect(leadsOf(replica).every((l) => l.source === 'import' && l.batch === outcome.importBatchId)).toBe(true);
    // The extension is kept as typed beside the E.164 form.
    expect(leadsOf(replica).find((l) => l.lastName === 'de la Roche')).toMatchObject({ phone: '+14385550102', phoneRaw: '438-555-0102 poste 12' });

    // The office server accepts both chunks: one batch of 4 rows, one notification per manager.
    const results = pushAll(replica, office, { id: USERS.admin.id, role: 'admin' }, NOW.toISOString());
    expect(results).toEqual([]);
    pullAll(replica, office, USERS.admin.id);
    expect(replica.sqlite.prepare('select row_count as rows, rejected_count as rejected from import_batches').all()).toEqual([{ rows: 4, rejected: 2 }]);
    // The director is told (the admin who imported is not told of her own work).
    const notes = office.sqlite.prepare("select user_id as userId, count from notifications where kind = 'leads_imported'").all();
    expect(notes).toContainEqual({ userId: USERS.director.id, count: 4 });
    // The same import cannot be sent twice.
    await expect(call('import:commit', { importId: view.importId, choices: {} })).rejects.toThrow(/déjà été importé/);
  });

  it('the same file imported twice creates nothing the second time', async () => {
    const { call, save, replica } = setup();
    const path = save('salon.xlsx', await leadList());
    const first = await call('import:open', { importId: newId(), source: { kind: 'path', path } });
    await call('import:commit', { importId: first.importId, choices: {} });
    const queued = replica.pendingCount();

    const again = await call('import:open', { importId: newId(), source: { kind: 'path', path } });
    const preview = await call('import:preview', { importId: again.importId, choices: {} });
    expect(preview).toMatchObject({ toCreate: 0, skipped: 4, duplicates: { existing: 4, inFile: 0 }, groupCount: 4 });
    const outcome = await call('import:commit', { importId: again.importId, choices: {} });
    expect(outcome).toMatchObject({ importBatchId: null, created: 0, skipped: 4, chunksTotal: 0 });
    expect(leadsOf(replica)).toHaveLength(4);
    expect(replica.pendingCount()).toBe(queued);
  });

  it('the preview’s duplicates serve the commit while no lead changed, and are looked up again once one did', async () => {
    const { call, save, replica } = setup();
    const lookups = countContactLookups(replica);
    const view = await call('import:open', { importId: newId(), source: { kind: 'path', path: save('salon.xlsx', await leadList()) } });
    await call('import:preview', { importId: view.importId, choices: {} });
    await call('import:preview', { importId: view.importId, choices: { all: 'create' } });
    expect(lookups()).toBe(1);
    // Hélène typed in on this workstation after the preview: the commit must still see her.
    replica.runMutation({ id: USERS.admin.id, role: 'admin' }, 'lead.create', { id: newId(), firstName: 'Hélène', lastName: 'Côté', email: 'helene@exemple.ca', source: 'manual' }, NOW.toISOString());
    const outcome = await call('import:commit', { importId: view.importId, choices: {} });
    expect(lookups()).toBe(2);
    expect(outcome).toMatchObject({ created: 3, skipped: 1 });
    expect(leadsOf(replica).filter((l) => l.email === 'helene@exemple.ca')).toEqual([expect.objectContaining({ source: 'manual' })]);
  });

  it('a long file’s duplicates are looked up while it is read, batch by batch: the preview and the commit look up nothing more', async () => {
    const { call, save, replica } = setup(USERS.admin, MAX_BATCH, 1);
    const lookups = countContactLookups(replica);
    for (const email of ['premiere@exemple.ca', 'derniere@exemple.ca']) {
      replica.runMutation({ id: USERS.admin.id, role: 'admin' }, 'lead.create', { id: newId(), firstName: 'Déjà', lastName: 'Là', email, source: 'manual' }, NOW.toISOString());
    }
    // 12,000 rows: the cleaner hands them on in three batches; the known people are in the first and the last.
    const rows = Array.from({ length: 12_000 }, (_, i) => ['Prénom', `Nom${i}`, i === 10 ? 'premiere@exemple.ca' : i === 11_990 ? 'derniere@exemple.ca' : `p${i}@exemple.ca`, '', '']);
    const view = await call('import:open', { importId: newId(), source: { kind: 'path', path: save('long.xlsx', await leadList(rows, false)) } });
    const whileReading = lookups();
    expect(whileReading).toBeGreaterThan(1);
    expect(await call('import:preview', { importId: view.importId, choices: {} })).toMatchObject({ toCreate: 11_998, skipped: 2, duplicates: { existing: 2, inFile: 0 } });
    expect(await call('import:commit', { importId: view.importId, choices: {} })).toMatchObject({ created: 11_998, skipped: 2 });
    expect(lookups()).toBe(whileReading);
  });

  it('a lead brought by sync between the preview and the commit is a duplicate at the commit', async () => {
    const { call, save, replica, office } = setup();
    const view = await call('import:open', { importId: newId(), source: { kind: 'path', path: save('salon.xlsx', await leadList()) } });
    expect(await call('import:preview', { importId: view.importId, choices: {} })).toMatchObject({ toCreate: 4, skipped: 0 });
    // Typed in at another workstation, pulled here before the user clicks « Importer ».
    office.perform({ id: USERS.admin.id, role: 'admin' }, 'lead.create', { id: newId(), firstName: 'Marc', lastName: 'Roche', email: 'marc@exemple.ca', source: 'manual' }, NOW.toISOString());
    pullAll(replica, office, USERS.admin.id);
    const outcome = await call('import:commit', { importId: view.importId, choices: {} });
    expect(outcome).toMatchObject({ created: 3, skipped: 1 });
    expect(leadsOf(replica).filter((l) => l.email === 'marc@exemple.ca')).toEqual([expect.objectContaining({ source: 'manual' })]);
  });

  it('duplicates by group: merge fills the existing lead’s empty fields with a history line, create anyway flags and links, skip leaves it', async () => {
    const { call, save, replica } = setup();
    const seeded = leadRow({ firstName: 'Hélène', lastName: 'Côté' });
    replica.runMutation({ id: USERS.admin.id, role: 'admin' }, 'lead.create', { id: seeded.id, firstName: 'Hélène', lastName: 'Côté', email: 'helene@exemple.ca', source: 'manual' }, NOW.toISOString());
    // The file: Hélène again (existing), and Marc twice (inside the file).
    const rows = [PEOPLE[0]!, PEOPLE[1]!, ['Marc', 'Roche', 'marc@exemple.ca', '', 'Gatineau']];
    const view = await call('import:open', { importId: newId(), source: { kind: 'path', path: save('doublons.xlsx', await leadList(rows)) } });
    const preview = await call('import:preview', { importId: view.importId, choices: {} });
    expect(preview.groups.map((g) => [g.id, g.kind, g.rows.map((r) => r.row), g.choice])).toEqual([
      [`lead:${seeded.id}`, 'existing', [4], 'skip'],
      ['rows:5', 'inFile', [5, 6], 'skip'],
    ]);
    expect(preview.groups[0]?.existing).toMatchObject({ name: 'Hélène Côté', email: 'helene@exemple.ca' });

    const choices = { byGroup: { [`lead:${seeded.id}`]: 'merge', 'rows:5': 'create' } } as const;
    expect(await call('import:preview', { importId: view.importId, choices })).toMatchObject({ toCreate: 2, toMerge: 1, skipped: 0 });
    const outcome = await call('import:commit', { importId: view.importId, choices });
    expect(outcome).toMatchObject({ created: 2, merged: 1 });
    const helene = leadsOf(replica).filter((l) => l.email === 'helene@exemple.ca');
    expect(helene).toEqual([expect.objectContaining({ phone: '+15145550101', phoneRaw: '514 555-0101', source: 'manual' })]);
    const history = replica.sqlite.prepare("select note from history where lead_id = ? and kind = 'updated'").pluck().all(seeded.id);
    expect(history).toEqual(['Fusionné avec l’import (ligne 4).']);
    const marcs = replica.sqlite.prepare("select id, duplicate_of_id as duplicateOf from leads where email = 'marc@exemple.ca'").all() as Array<{ id: string; duplicateOf: string | null }>;
    expect(marcs).toHaveLength(2);
    const kept = marcs.find((m) => m.duplicateOf === null);
    expect(marcs.find((m) => m !== kept)?.duplicateOf).toBe(kept?.id);
  });

  it('a changed mapping reads the rows again; another sheet is guessed afresh', async () => {
    const { call, save } = setup();
    const bytes = await xlsxOf((workbook) => {
      workbook.addWorksheet('Vide');
      workbook.addWorksheet('Leads').addRows([HEADERS, PEOPLE[0]!, PEOPLE[1]!]);
      workbook.addWorksheet('Autres').addRows([['Name', 'E-mail'], ['Jo Lee', 'jo@exemple.ca']]);
    });
    const view = await call('import:open', { importId: newId(), source: { kind: 'path', path: save('deux.xlsx', bytes) } });
    expect(view).toMatchObject({ sheet: 'Leads', sheetNames: ['Vide', 'Leads', 'Autres'], rowCount: 2 });
    // The city column becomes the notes.
    const changed = await call('import:configure', { importId: view.importId, mapping: ['firstName', 'lastName', 'email', 'phone', 'notes'] });
    expect(changed.mapping[4]).toBe('notes');
    const preview = await call('import:preview', { importId: view.importId, choices: {} });
    expect(preview.rows[0]).toMatchObject({ city: null });
    const other = await call('import:configure', { importId: view.importId, sheet: 'Autres' });
    expect(other).toMatchObject({ sheet: 'Autres', mapping: ['fullName', 'email'], rowCount: 1 });
  });

  it('reports progress while reading, and the rejected rows come back as a real .xlsx with the reason per row', async () => {
    const { call, save, events } = setup();
    const view = await call('import:open', { importId: newId(), source: { kind: 'path', path: save('salon.csv', [HEADERS, ...PEOPLE].map((r) => r.join(';')).join('\r\n')) } });
    expect(events.some((e) => e.type === 'import' && e.phase === 'reading' && e.importId === view.importId)).toBe(true);
    const rejected = await call('import:rejected', { importId: view.importId });
    expect(rejected).toMatchObject({ fileName: 'salon - lignes refusées.xlsx', rows: 2 });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(rejected.base64, 'base64') as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const values = sheet.getSheetValues().slice(1).map((row) => (row as unknown[]).slice(1));
    expect(values[0]).toEqual(['Ligne', 'Motif', ...HEADERS]);
    expect(values[1]?.slice(0, 1)).toEqual([6]);
    expect(String(values[1]?.[1])).toMatch(/nom/i);
    // The cells as typed, an empty one left empty.
    expect(values[1]?.slice(2, 5)).toEqual(['Sans', undefined, 'sansnom@exemple.ca']);
    expect(values[2]?.[0]).toBe(7);
    expect(String(values[2]?.[1])).toMatch(/courriel/i);
  });
});

describe('import: the batch’s refused rows, from the Imports view', () => {
  it('the workstation that imported offers the wizard’s file; another director’s says where it is; a counselor is refused', async () => {
    const { call, save, replica, office } = setup();
    const view = await call('import:open', { importId: newId(), source: { kind: 'path', path: save('salon.xlsx', await leadList()) } });
    const fromWizard = await call('import:rejected', { importId: view.importId });
    const outcome = await call('import:commit', { importId: view.importId, choices: {} });
    await call('import:close', { importId: view.importId });
    expect(pushAll(replica, office, { id: USERS.admin.id, role: 'admin' }, NOW.toISOString())).toEqual([]);
    pullAll(replica, office, USERS.admin.id);

    // Here: the Imports view lists the batch with its file, the very bytes' content the wizard gave.
    const here = createServices({ replica, session: () => asSession(USERS.admin), clock: () => NOW });
    const listed = await dispatch(here, 'importBatches:list', {});
    expect(listed.ok && listed.value).toEqual([expect.objectContaining({ rejectedHere: true, batch: expect.objectContaining({ id: outcome.importBatchId, rejectedCount: 2 }) })]);
    const file = await dispatch(here, 'importBatches:rejected', { id: outcome.importBatchId });
    expect(file.ok && file.value).toMatchObject({ kind: 'download', fileName: 'salon - lignes refusées.xlsx' });
    const rowsOf = async (base64: string) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
      return workbook.worksheets[0]!.getSheetValues().slice(1).map((row) => (row as unknown[]).slice(1));
    };
    const saved = await rowsOf(file.ok && file.value.kind === 'download' ? file.value.base64 : '');
    expect(saved).toEqual(await rowsOf(fromWizard.base64));
    expect(saved.map((row) => row[0])).toEqual(['Ligne', 8, 9]);

    // The director's own workstation has the batch by sync, not its refused rows: it says so.
    const elsewhere = Replica.open(':memory:', { clock: () => NOW });
    cleanups.push(() => elsewhere.close());
    pullAll(elsewhere, office, USERS.director.id);
    const director = createServices({ replica: elsewhere, session: () => asSession(USERS.director), clock: () => NOW });
    const theirs = await dispatch(director, 'importBatches:list', {});
    expect(theirs.ok && theirs.value.map((b) => [b.batch.id, b.rejectedHere])).toEqual([[outcome.importBatchId, false]]);
    const refused = await dispatch(director, 'importBatches:rejected', { id: outcome.importBatchId });
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'not_found', message: expect.stringMatching(/resté(e)?s? sur le poste qui l’a fait/) });

    const counselor = createServices({ replica, session: () => asSession(USERS.counselor), clock: () => NOW });
    const forbidden = await dispatch(counselor, 'importBatches:rejected', { id: outcome.importBatchId });
    expect(forbidden.ok ? null : forbidden.error.code).toBe('forbidden');
  });

  it('a file refusing thousands of rows (several of the worker’s batches) keeps every one, in order, with its reason and cells', async () => {
    const { call, save, replica } = setup(USERS.admin, 1_000);
    const refused = 12_001;
    const rows = [PEOPLE[0]!, ...Array.from({ length: refused }, (_, i) => ['Sans', '', `sansnom${i}@exemple.ca`, '', '']), PEOPLE[1]!];
    const view = await call('import:open', { importId: newId(), source: { kind: 'path', path: save('gros.csv', [HEADERS, ...rows].map((r) => r.join(';')).join('\r\n')) } });
    expect(view).toMatchObject({ rowCount: 2, errorCount: refused });
    const preview = await call('import:preview', { importId: view.importId, choices: {} });
    expect(preview.errorCount).toBe(refused);
    expect(preview.errors).toHaveLength(PREVIEW_ERRORS);
    expect(preview.errors[0]).toEqual({ row: 3, reason: expect.stringMatching(/^Nom manquant/) });
    const outcome = await call('import:commit', { importId: view.importId, choices: {} });
    expect(outcome).toMatchObject({ created: 2, errorCount: refused });

    const kept = rejectedRowsOf(replica.sqlite, outcome.importBatchId ?? '');
    expect(kept?.headers).toEqual(HEADERS);
    expect(kept?.rows).toHaveLength(refused);
    expect(kept?.rows.map((r) => r.row)).toEqual(Array.from({ length: refused }, (_, i) => i + 3));
    for (const r of kept?.rows ?? []) expect(r.reason).toMatch(/^Nom manquant/);
    expect(kept?.rows.at(-1)?.cells).toEqual(['Sans', null, `sansnom${refused - 1}@exemple.ca`, null, null]);
  });

  it('a file without refused rows keeps nothing', async () => {
    const { call, save, replica } = setup();
    const view = await call('import:open', { importId: newId(), source: { kind: 'path', path: save('propre.xlsx', await leadList(PEOPLE.slice(0, 4))) } });
    await call('import:commit', { importId: view.importId, choices: {} });
    expect(replica.sqlite.prepare('select count(*) from import_rejected_rows').pluck().get()).toBe(0);
  });
});

describe('import: uploads from the development bridge, cancel, interrupted commits', () => {
  it('bytes uploaded in pieces are read exactly as the same file by its path', async () => {
    const { call, refused, save } = setup();
    // Pieces smaller than the bridge's, so that a small file still comes in several of them.
    const bytes = await leadList(Array.from({ length: 300 }, (_, n) => [`P${n}`, `Nom${n}`, `p${n}@exemple.ca`, '', `Ville ${n} ${'x'.repeat(200)}`]));
    const piece = UPLOAD_PIECE_BYTES / 256;
    expect(bytes.length).toBeGreaterThan(3 * piece);
    const uploadId = '0193a000-0000-7000-8000-000000000001';
    for (let offset = 0; offset < bytes.length; offset += piece) {
      await call('import:upload', { uploadId, fileName: 'gros.xlsx', size: bytes.length, offset, data: bytes.subarray(offset, offset + piece).toString('base64') });
    }
    const uploaded = await call('import:open', { importId: newId(), source: { kind: 'upload', uploadId } });
    const byPath = await call('import:open', { importId: newId(), source: { kind: 'path', path: save('gros.xlsx', bytes) } });
    expect({ ...uploaded, importId: null }).toEqual({ ...byPath, importId: null });
    // Taken once: the same upload cannot be opened again.
    expect((await refused('import:open', { importId: newId(), source: { kind: 'upload', uploadId } })).message).toMatch(/reçu en entier/);
    // A piece out of order spoils the upload.
    const broken = '0193a000-0000-7000-8000-000000000002';
    expect((await refused('import:upload', { uploadId: broken, fileName: 'x.xlsx', size: 10, offset: 5, data: 'AAAA' })).message).toMatch(/désordre/);
  });

  it('cancelling the reading stops the worker and keeps nothing open', async () => {
    const { call, refused, save, service } = setup();
    const path = save('long.xlsx', await leadList(Array.from({ length: 3000 }, (_, n) => [`P${n}`, `Nom${n}`, `p${n}@exemple.ca`, '', 'Laval'])));
    const importId = newId();
    let settled = false;
    const opening = dispatch(service.handlers, 'import:open', { importId, source: { kind: 'path', path } }).finally(() => (settled = true));
    let cancelled = false;
    // The import exists once its file is found; cancel as soon as it does, while the worker reads.
    while (!cancelled && !settled) {
      cancelled = (await call('import:cancel', { importId })).cancelled;
      if (!cancelled) await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(cancelled).toBe(true);
    expect(await opening).toMatchObject({ ok: false, error: { code: 'cancelled', message: 'Lecture annulée\u00a0: rien n’a été importé.' } });
    expect((await refused('import:preview', { importId, choices: {} })).code).toBe('unknown_import');
  });

  it('cancelling the commit between chunks keeps whole chunks only, and says how many', async () => {
    // Four chunks of one lead, two per transaction: the cancel is heard after the first two.
    const { call, save, replica, listen } = setup(USERS.admin, 1, 2);
    const view = await call('import:open', { importId: newId(), source: { kind: 'path', path: save('salon.xlsx', await leadList()) } });
    const progress: number[] = [];
    listen((event) => {
      if (event.type !== 'import' || event.phase !== 'committing') return;
      progress.push(event.done);
      if (event.done === 2) void call('import:cancel', { importId: view.importId });
    });
    const outcome = await call('import:commit', { importId: view.importId, choices: {} });
    expect(progress).toEqual([2]);
    expect(outcome).toMatchObject({ created: 2, chunksDone: 2, chunksTotal: 4, interrupted: { reason: 'cancelled' } });
    expect(outcome.interrupted?.message).toBe('Import annulé. Déjà enregistrés\u00a0: 2\u00a0leads (2\u00a0envois complets sur 4)\u00a0; le lot les contient, rien d’autre.');
    expect(leadsOf(replica)).toHaveLength(2);
    expect(replica.pendingCount()).toBe(2);
    expect(replica.sqlite.prepare('select row_count from import_batches').pluck().all()).toEqual([2]);
  });
});

describe('import: who may, and files refused with nothing half-done', () => {
  it('a counselor or the secretary is refused at the first step, in French', async () => {
    for (const who of [USERS.counselor, USERS.secretary]) {
      const { refused, save } = setup(who);
      const error = await refused('import:open', { importId: newId(), source: { kind: 'path', path: save('salon.xlsx', await leadList()) } });
      expect(error.code).toBe('forbidden');
      expect(error.message).toMatch(/importer un fichier Excel/);
    }
  });

  it('each bad file gets its French sentence and leaves nothing open or written', async () => {
    const { call, refused, save, replica } = setup();
    const whole = await leadList();
    const bomb = zipOf([
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(1000), declaredSize: 0xfffffff0 },
    ]);
    const cases: Array<[string, Buffer | string, RegExp]> = [
      ['coupe.xlsx', whole.subarray(0, Math.floor(whole.length * 0.6)), /^Le fichier est endommagé ou incomplet/],
      ['protege.xlsx', encryptedXlsx(), /^Le fichier est protégé par un mot de passe/],
      ['vide.csv', '', /^Le fichier est vide/],
      ['bombe.xlsx', bomb, /décompresse/],
      ['notes.txt', 'Nom;Courriel', /\.xlsx, \.xls, \.ods et \.csv/],
    ];
    for (const [name, bytes, message] of cases) {
      const error = await refused('import:open', { importId: newId(), source: { kind: 'path', path: save(name, bytes) } });
      expect(error.message, name).toMatch(message);
      expect(error.message, name).not.toMatch(/Error|undefined|\bat\b/);
    }
    expect((await refused('import:open', { importId: newId(), source: { kind: 'path', path: 'relatif.xlsx' } })).message).toMatch(/introuvable/);
    // Columns that name nothing: the mapping step says why, and nothing can be previewed until it is fixed.
    const unmapped = await call('import:open', { importId: newId(), source: { kind: 'path', path: save('sans-colonnes.csv', 'Couleur;Taille\r\nbleu;M') } });
    expect(unmapped.mappingProblems[0]).toMatch(/^Aucune colonne n’est associée au nom\u00a0: /);
    expect((await refused('import:preview', { importId: unmapped.importId, choices: {} })).message).toMatch(/Aucune colonne/);
    // An upload declaring 200 MB is refused at its first piece.
    const huge = await refused('import:upload', { uploadId: '0193a000-0000-7000-8000-000000000003', fileName: 'enorme.xlsx', size: 200 * 1024 * 1024, offset: 0, data: '' });
    expect(huge.message).toMatch(/^Le fichier pèse 200\u00a0Mo/);
    expect(replica.pendingCount()).toBe(0);
  });

  it('a Windows-1252 CSV with semicolons reads its accents', async () => {
    const { call, save } = setup();
    const text = ['Prénom;Nom;Courriel', 'Hélène;Côté;helene@exemple.ca', 'François;Bélanger;francois@exemple.ca'].join('\r\n');
    const view = await call('import:open', { importId: newId(), source: { kind: 'path', path: save('excel-fr.csv', Buffer.from(text, 'latin1')) } });
    expect(view).toMatchObject({ headers: ['Prénom', 'Nom', 'Courriel'], rowCount: 2, errorCount: 0 });
    const preview = await call('import:preview', { importId: view.importId, choices: {} });
    expect(preview.rows.map((r) => `${r.firstName} ${r.lastName}`)).toEqual(['Hélène Côté', 'François Bélanger']);
  });
});
