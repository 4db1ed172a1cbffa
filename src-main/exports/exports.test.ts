import * as XLSX from '@e965/xlsx';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportedFile } from '~shared/contract/exports';
import type { SessionUser } from '~shared/contract/ipc';
import { guessMapping } from '~shared/domain/import';
import { USERS, lead, procedure, testId } from '~shared/testing/builders';
import { STATUS_INFO } from '~shared/domain/statuses';
import { Replica } from '../db/replica';
import { newOffice, pullAll } from '../testing/sync-harness';
import { createServices, dispatch } from '../services/handlers';
import { dialogSaver } from './save-file';

// Issue 10, point 8: the lead list exported as the Leads screen shows it, the import template,
// a report's table; through `dispatch`, as the renderer calls them, files read back.

const NOW = new Date('2026-03-10T15:00:00.000Z');
const asSession = (u: (typeof USERS)[keyof typeof USERS]): SessionUser => ({ id: u.id, name: u.name, email: u.email, role: u.role as SessionUser['role'] });

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function setup(user: SessionUser) {
  const office = newOffice();
  office.write([
    { table: 'leads', row: lead({ id: testId('lead', 1), lastName: 'Tremblay', firstName: 'Hélène', source: 'manual', createdAt: '2026-03-01T04:30:00.000Z' }) },
    { table: 'leads', row: lead({ id: testId('lead', 2), lastName: 'Bouchard', firstName: '=HYPERLINK("http://x.example","clic")', source: 'web_form', status: 'contacted', assigneeId: USERS.counselor.id, utmCampaign: '@campagne' }) },
    { table: 'leads', row: lead({ id: testId('lead', 3), lastName: 'Côté', firstName: 'Luc', source: 'manual', status: 'client', notes: '+1 514 555 0199' }) },
    { table: 'leads', row: lead({ id: testId('lead', 4), lastName: 'Archivé', deletedAt: '2026-03-02T00:00:00.000Z' }) },
    { table: 'procedures', row: procedure({ id: testId('procedure', 1), nameFr: 'Entrée express' }) },
    { table: 'procedures', row: procedure({ id: testId('procedure', 2), nameFr: 'Parrainage familial', sortOrder: 2 }) },
    { table: 'procedures', row: procedure({ id: testId('procedure', 3), nameFr: 'Ancienne procédure', active: false, sortOrder: 3 }) },
  ]);
  const replica = Replica.open(':memory:', { clock: () => NOW });
  cleanups.push(() => replica.close(), () => office.close());
  pullAll(replica, office, user.id);
  return createServices({ replica, session: () => user, clock: () => NOW });
}

async function downloaded(result: Awaited<ReturnType<typeof dispatch>>): Promise<{ fileName: string; bytes: Buffer }> {
  expect(result.ok).toBe(true);
  const file = (result as { ok: true; value: ExportedFile }).value;
  if (file.kind !== 'download') throw new Error(`download attendu, ${file.kind} reçu`);
  return { fileName: file.fileName, bytes: Buffer.from(file.base64, 'base64') };
}

async function workbookOf(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

describe('export:leads', () => {
  it('writes the list with its filters and sort, archived leads left out, names never formulas', async () => {
    const services = setup(asSession(USERS.director));
    const { fileName, bytes } = await downloaded(await dispatch(services, 'export:leads', { filters: { sources: ['manual', 'web_form'] }, sort: 'name_asc' }));
    expect(fileName).toBe('Leads 2026-03-10.xlsx');
    const sheet = XLSX.read(bytes, { type: 'buffer', cellFormula: true, cellDates: false }).Sheets['Leads']!;
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(sheet, { raw: true });
    expect(rows.map((r) => r['Nom'])).toEqual(['Bouchard', 'Côté', 'Tremblay']);
    expect(rows[0]).toMatchObject({ Prénom: '=HYPERLINK("http://x.example","clic")', Statut: 'Contacté', Source: 'Formulaire web', Campagne: '@campagne', 'Attribué à': USERS.counselor.name });
    expect(Object.values(sheet).some((cell) => typeof cell === 'object' && cell !== null && 'f' in cell)).toBe(false);
    // Created 04:30 UTC on 1 March: 23:30 on 28 February in Montréal, a real date.
    expect(sheet['M4']).toMatchObject({ t: 'n' });
    expect(XLSX.SSF.format('yyyy-mm-dd hh:mm', sheet['M4']!.v as number)).toBe('2026-02-28 23:30');

    const filtered = await downloaded(await dispatch(services, 'export:leads', { filters: { statuses: ['client'] } }));
    const styled = (await workbookOf(filtered.bytes)).getWorksheet('Leads')!;
    expect(styled.rowCount).toBe(2);
    expect(styled.getCell('C2').value).toBe('Client');
    expect(styled.getCell('C2').fill).toMatchObject({ fgColor: { argb: `FF${STATUS_INFO.client.hex.slice(1).toUpperCase()}` } });
    expect(styled.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(styled.autoFilter).toBe('A1:O1');
  });

  it('is refused to a counselor and a secretary, in French, whatever the page sends', async () => {
    for (const who of [USERS.counselor, USERS.secretary]) {
      const result = await dispatch(setup(asSession(who)), 'export:leads', {});
      expect(result).toEqual({ ok: false, error: { code: 'forbidden', message: "Seuls l'administrateur et le directeur peuvent exporter vers Excel." } });
    }
    const table = await dispatch(setup(asSession(USERS.counselor)), 'export:table', { fileName: 'Entonnoir', sheets: [{ name: 'x', columns: [{ header: 'a', kind: 'text' }], rows: [] }] });
    expect(table).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('export:importTemplate', () => {
  it('has the columns the import recognises and drop-down lists of languages and active procedures', async () => {
    const { fileName, bytes } = await downloaded(await dispatch(setup(asSession(USERS.admin)), 'export:importTemplate', {}));
    expect(fileName).toBe('Modèle d’import 2026-03-10.xlsx');
    const workbook = await workbookOf(bytes);
    const sheet = workbook.getWorksheet('Leads à importer')!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    expect(guessMapping(headers)).toEqual(['firstName', 'lastName', 'email', 'phone', 'city', 'country', 'language', 'programOfInterest', 'source', 'date', 'notes']);
    const lists = workbook.getWorksheet('Listes')!;
    expect(sheet.getCell('G2').dataValidation).toMatchObject({ type: 'list', formulae: ["'Listes'!$A$1:$A$5"] });
    expect(sheet.getCell('H2').dataValidation).toMatchObject({ type: 'list', formulae: ["'Listes'!$B$1:$B$2"] });
    expect(lists.getColumn(1).values.slice(1)).toEqual(['Français', 'Anglais', 'Espagnol', 'Arabe', 'Autre']);
    expect(lists.getColumn(2).values.slice(1)).toEqual(['Entrée express', 'Parrainage familial']);
  });

  it('is for those who import', async () => {
    const result = await dispatch(setup(asSession(USERS.secretary)), 'export:importTemplate', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/importer/) } });
  });
});

describe('export:table', () => {
  it('writes the tables sent, typed, under a name that cannot leave the folder', async () => {
    const services = setup(asSession(USERS.director));
    const { fileName, bytes } = await downloaded(
      await dispatch(services, 'export:table', {
        fileName: '../Paiements: mars',
        sheets: [{ name: 'Paiements', columns: [{ header: 'Mode', kind: 'text' }, { header: 'Somme', kind: 'money' }], rows: [['Carte', 1500], ['=1+1', 0]] }],
      }),
    );
    expect(fileName).toBe('..-Paiements- mars 2026-03-10.xlsx');
    const sheet = XLSX.read(bytes, { type: 'buffer', cellFormula: true }).Sheets['Paiements']!;
    expect(sheet['B2']).toMatchObject({ t: 'n', v: 1500 });
    expect(sheet['A3']).toMatchObject({ t: 's', v: '=1+1' });
    expect(sheet['A3']!.f).toBeUndefined();
  });

  it('refuses a table too big or malformed before writing anything', async () => {
    const services = setup(asSession(USERS.director));
    const huge = await dispatch(services, 'export:table', { fileName: 'x', sheets: [{ name: 'x', columns: [{ header: 'a', kind: 'text' }], rows: Array.from({ length: 20_001 }, () => ['a']) }] });
    expect(huge).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const formula = await dispatch(services, 'export:table', { fileName: 'x', sheets: [{ name: 'x', columns: [{ header: 'a', kind: 'text' }], rows: [[{ formula: 'A1' }]] }] });
    expect(formula).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

describe('dialogSaver', () => {
  it('writes where the user chose, adds .xlsx, and writes nothing when the dialog is closed', async () => {
    const written: Array<[string, number]> = [];
    const answers = [{ canceled: false, filePath: '/home/marie/Documents/leads' }, { canceled: true }];
    const asked: string[] = [];
    const save = dialogSaver(
      { showSaveDialog: async (options) => (asked.push(options.defaultPath), answers.shift()!) },
      '/home/marie/Téléchargements',
      async (path, bytes) => void written.push([path, bytes.length]),
    );
    expect(await save({ fileName: 'Leads 2026-03-10.xlsx', bytes: Buffer.from('abc') })).toEqual({ kind: 'saved', fileName: 'leads.xlsx', path: '/home/marie/Documents/leads.xlsx' });
    expect(await save({ fileName: 'Leads 2026-03-10.xlsx', bytes: Buffer.from('abc') })).toEqual({ kind: 'cancelled' });
    expect(asked[0]).toBe('/home/marie/Téléchargements/Leads 2026-03-10.xlsx');
    expect(written).toEqual([['/home/marie/Documents/leads.xlsx', 3]]);
  });
});
