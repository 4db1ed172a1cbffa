import type ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportRow, ReadSheet } from '~shared/domain/import';
import { MAX_FILE_BYTES, mergedCellsWarning, readWorkbook, SheetStream, sheetRefusal } from '~shared/domain/import';
import type { ReadProgress } from './progress';
import { readSpreadsheet, SpreadsheetError } from './index';
import { encryptedXlsx, sheetJsOf, xlsxOf, zipOf } from '../testing/spreadsheet-files';
import { bufferSource } from './source';
import { workbookSheets } from './xlsx-parts';
import { readXlsxStreaming } from './xlsx-stream';
import { inspectZip, storedBytes } from './zip';

// Issue 10: real files, made here with exceljs and SheetJS, read into the core's cells and then
// through the core (readWorkbook), as the desktop and `npm run office -- import` will.

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'bureau-import-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function save(name: string, bytes: Buffer | string): string {
  const path = join(folder, name);
  writeFileSync(path, bytes);
  return path;
}

async function refusal(file: string | Uint8Array, options = {}): Promise<SpreadsheetError> {
  const error = await readSpreadsheet(file, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SpreadsheetError);
  return error as SpreadsheetError;
}

async function readLeads(file: string | Uint8Array, options: { streamFromBytes?: number; sheet?: string } = {}): Promise<ReadSheet> {
  const read = await readSpreadsheet(file, options);
  const result = readWorkbook(read.sheets, { date1904: read.date1904, sheetName: options.sheet });
  if (!result.ok) throw new Error(result.error);
  return result;
}

/** A lead list as an office keeps it: a title, French headers, a date, a formula, a merge. */
function leadList(workbook: ExcelJS.Workbook) {
  workbook.addWorksheet('Notes').addRow(['Liste du salon de Montréal']);
  const sheet = workbook.addWorksheet('Leads');
  sheet.addRow(['Salon de l’immigration — janvier 2026']);
  sheet.mergeCells('A1:E1');
  sheet.addRow(['Prénom', 'Nom', 'Courriel', 'Téléphone', 'Date']);
  sheet.addRow(['marie', 'TREMBLAY', 'marie@exemple.ca', '514 555-0101', new Date(Date.UTC(2026, 0, 5))]);
  sheet.addRow(['Jean', 'Roy', 'jean@exemple.ca', 5145550102, '12/01/2026']);
  sheet.addRow([{ formula: '"Lu"&"cie"', result: 'Lucie' }, 'Gagnon', 'lucie@exemple.ca', null, null]);
  sheet.addRow([{ formula: 'A4&"x"' }, 'Sans Valeur', 'sv@exemple.ca', null, null]);
  sheet.addRow(['Paul', 'Côté', 'paul@exemple.ca', null, null]);
  sheet.mergeCells('C7:C8');
  sheet.addRow(['Anne', 'Côté', null, '514 555-0103', null]);
}

describe('readSpreadsheet: files that read', () => {
  it.each([
    ['whole (SheetJS)', undefined],
    ['streaming (exceljs)', 0],
  ])('an .xlsx read %s gives the cells, dates, formulas and merges the core expects', async (_how, streamFromBytes) => {
    const path = save(`salon-${streamFromBytes ?? 'whole'}.xlsx`, await xlsxOf(leadList));
    const read = await readSpreadsheet(path, { sheet: 'Leads', streamFromBytes });
    expect(read).toMatchObject({ fileName: `salon-${streamFromBytes ?? 'whole'}.xlsx`, format: 'xlsx', sheetNames: ['Notes', 'Leads'], date1904: false });
    const sheet = read.sheets[0]!;
    expect(sheet.rows[2]).toEqual(['marie', 'TREMBLAY', 'marie@exemple.ca', '514 555-0101', 46_027]);
    expect(sheet.rows[4]?.[0]).toEqual({ formula: '"Lu"&"cie"', value: 'Lucie' });
    expect(sheet.merges).toContainEqual({ startRow: 6, startColumn: 2, endRow: 7, endColumn: 2 });

    const leads = await readLeads(path, { sheet: 'Leads', streamFromBytes });
    expect(leads.headerRow.rowNumber).toBe(2);
    expect(leads.rows.map((r) => [r.row, r.lead.firstName, r.lead.lastName, r.lead.phone, r.lead.date])).toEqual([
      [3, 'Marie', 'Tremblay', '+15145550101', '2026-01-05'],
      [4, 'Jean', 'Roy', '+15145550102', '2026-01-12'],
      [5, 'Lucie', 'Gagnon', null, null],
      [7, 'Paul', 'Côté', null, null],
      [9, 'Anne', 'Côté', '+15145550103', null],
    ]);
    // A formula Excel never computed is refused with a reason, not imported as its text.
    expect(leads.errors).toEqual([{ row: 6, reason: expect.stringMatching(/la formule «\u00a0=A4&"x"\u00a0» n’a pas de valeur enregistrée/) }]);
    expect(leads.warnings).toEqual([mergedCellsWarning(sheet.merges, 1)]);
    expect(leads.warnings[0]).toMatch(/^Cellules fusionnées \(C7:C8\)/);
  });

  it('without a sheet named, the first sheet holding anything is read (streaming keeps only that one)', async () => {
    const bytes = await xlsxOf((workbook) => {
      workbook.addWorksheet('Vide');
      workbook.addWorksheet('Leads').addRow(['Nom', 'Courriel']);
      workbook.getWorksheet('Leads')!.addRow(['Roy', 'roy@exemple.ca']);
    });
    const whole = await readSpreadsheet(bytes);
    expect(whole.sheets.map((s) => s.name)).toEqual(['Vide', 'Leads']);
    const streamed = await readSpreadsheet(bytes, { streamFromBytes: 0 });
    expect(streamed.sheets.map((s) => s.name)).toEqual(['Leads']);
    expect(streamed.sheetNames).toEqual(['Vide', 'Leads']);
    expect((await refusal(bytes, { sheet: 'Clients' })).message).toBe(
      'Le fichier n’a pas de feuille «\u00a0Clients\u00a0»\u00a0; ses feuilles\u00a0: «\u00a0Vide\u00a0», «\u00a0Leads\u00a0».',
    );
  });

  it('streamed into a row sink, a sheet is cleaned row by row as from the grid, and no grid is kept', async () => {
    const bytes = await xlsxOf((workbook) => {
      workbook.addWorksheet('Vide');
      leadList(workbook);
    });
    const streamInto = async (sheet?: string) => {
      const started: string[] = [];
      const batches: ImportRow[][] = [];
      let stream: SheetStream | null = null;
      const read = await readSpreadsheet(bytes, {
        sheet,
        streamFromBytes: 0,
        rowSink: ({ name, merges, date1904 }) => {
          started.push(name);
          const opened = new SheetStream({ name, merges, date1904, batch: 2, onRows: (rows) => batches.push(rows) });
          stream = opened;
          return (index, cells) => opened.push(index, cells);
        },
      });
      return { read, started, batches, end: (stream as SheetStream | null)?.end() };
    };
    // An empty sheet is started, then left for the next one that holds something.
    expect((await streamInto()).started).toEqual(['Vide', 'Notes']);

    const { read, started, batches, end } = await streamInto('Leads');
    expect(read.streamed).toBe(true);
    expect(read.sheets.map((s) => [s.name, s.rows.length])).toEqual([['Leads', 0]]);
    expect(started).toEqual(['Leads']);
    const whole = readWorkbook((await readSpreadsheet(bytes, { streamFromBytes: 0, sheet: 'Leads' })).sheets, {});
    if (!end?.result.ok || !whole.ok) throw new Error('illisible');
    expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
    expect(end.result.rows).toEqual([]);
    expect({ ...end.result, rows: batches.flat() }).toEqual(whole);
    // The refused row's cells, as text, for the rejected-rows file (the formula has no value).
    expect(end.rejectedCells).toEqual([[null, 'Sans Valeur', 'sv@exemple.ca', null, null]]);
  });

  it('streamed, a file whose sheets come before its workbook and shared strings reads the same forty times in a row', async () => {
    // SheetJS writes the parts in that order (Excel and exceljs put the shared strings after
    // the sheets too). exceljs's reader used to lose the parts after the sheets when its zip
    // parser ran ahead: most readings of this file, one after another, called it damaged.
    const rows = [['Prénom', 'Nom', 'Courriel'], ...Array.from({ length: 6 }, (_, i) => [`Prénom${i}`, `Nom${i}`, `p${i}@exemple.ca`])];
    const bytes = sheetJsOf({ Vide: [], Leads: rows }, 'xlsx', { sharedStrings: true });
    for (let reading = 0; reading < 40; reading += 1) {
      const read = await readSpreadsheet(bytes, { streamFromBytes: 0 });
      expect({ reading, name: read.sheets[0]?.name, rows: read.sheets[0]?.rows }).toEqual({ reading, name: 'Leads', rows });
    }
  });

  it('streamed, a workbook without shared strings and with a sheet part named otherwise than sheetN.xml', async () => {
    const xml = (body: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
    const main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
    const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
    const bytes = zipOf([
      { name: 'xl/worksheets/leads.xml', data: xml(`<worksheet ${main}><sheetData><row r="1">${inline('A1', 'Nom')}${inline('B1', 'Courriel')}</row><row r="2">${inline('A2', 'Roy')}${inline('B2', 'roy@exemple.ca')}</row><row r="3">${inline('A3', 'Côté')}<c r="B3"><v>42</v></c></row></sheetData></worksheet>`) },
      { name: 'xl/workbook.xml', data: xml(`<workbook ${main}><sheets><sheet name="Inscriptions" sheetId="1" r:id="rId7"/></sheets></workbook>`) },
      {
        name: 'xl/_rels/workbook.xml.rels',
        data: xml('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/leads.xml"/></Relationships>'),
      },
    ]);
    const read = await readSpreadsheet(bytes, { streamFromBytes: 0 });
    expect(read.sheetNames).toEqual(['Inscriptions']);
    expect(read.sheets).toEqual([{ name: 'Inscriptions', rows: [['Nom', 'Courriel'], ['Roy', 'roy@exemple.ca'], ['Côté', 42]], merges: [] }]);
  });

  it.each([
    ['xls', 'biff8'],
    ['ods', 'ods'],
  ] as const)('an .%s is read by SheetJS, numbers and text as they are', async (extension, bookType) => {
    const bytes = sheetJsOf({ Leads: [['Liste'], ['Prénom', 'Nom', 'Téléphone', 'Date'], ['Marie', 'Tremblay', 5145550101, 46_027]] }, bookType);
    const path = save(`salon.${extension}`, bytes);
    const read = await readSpreadsheet(path);
    expect(read.format).toBe(extension);
    expect(read.sheets[0]?.rows[2]).toEqual(['Marie', 'Tremblay', 5145550101, 46_027]);
    const leads = await readLeads(path);
    expect(leads.rows[0]?.lead).toMatchObject({ lastName: 'Tremblay', phone: '+15145550101', date: '2026-01-05' });
  });

  it.each([
    ['UTF-8 with BOM, semicolons', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Prénom;Nom;Téléphone;Notes\r\nHélène;Côté;0514 555 0101;"dit ""oui""; rappeler\nlundi"\r\n')])],
    ['UTF-8 without BOM, commas', Buffer.from('Prénom,Nom,Téléphone,Notes\nHélène,Côté,0514 555 0101,"dit ""oui""; rappeler\nlundi"\n')],
    ['Windows-1252, semicolons', Buffer.from('Prénom;Nom;Téléphone;Notes\r\nHélène;Côté;0514 555 0101;"dit ""oui""; rappeler\nlundi"\r\n', 'latin1')],
    ['tabs', Buffer.from('Prénom\tNom\tTéléphone\tNotes\nHélène\tCôté\t0514 555 0101\t"dit ""oui""; rappeler\nlundi"\n')],
  ])('a CSV in %s keeps every field as typed text', async (_case, bytes) => {
    const read = await readSpreadsheet(bytes);
    expect(read.format).toBe('csv');
    expect(read.sheets[0]?.rows).toEqual([
      ['Prénom', 'Nom', 'Téléphone', 'Notes'],
      ['Hélène', 'Côté', '0514 555 0101', 'dit "oui"; rappeler\nlundi'],
    ]);
  });
});

describe('readSpreadsheet: files refused, each with its French sentence', () => {
  it.each([
    ['in a small sheet', 3],
    ['in a big sheet, in the middle of its rows', 5_000],
  ])('a workbook cut short after it was inspected (saved again meanwhile) is called damaged, not waited on: %s', async (_when, rowCount) => {
    const bytes = await xlsxOf((workbook) => workbook.addWorksheet('Leads').addRows(Array.from({ length: rowCount }, (_, i) => [`Nom${i}`, i])));
    const whole = bufferSource(bytes);
    const facts = await inspectZip(whole);
    const sheet = await storedBytes(whole, facts.entries.get('xl/worksheets/sheet1.xml')!);
    let rowsSeen = 0;
    // The same file, read again, ends 10 bytes early in its sheet: exceljs's reader would wait for
    // them. The sheet comes a kilobyte at a time, and its last kilobyte (the cut one) only once rows
    // have been read from the rest, so that the big sheet is surely being read when it ends.
    const cutSheet = (start: number, end: number) =>
      Readable.from(
        (async function* () {
          for (let at = start; at < end; at += 1024) {
            if (at + 1024 >= end && rowCount > 3) while (rowsSeen === 0) await new Promise((resolve) => setTimeout(resolve, 5));
            yield bytes.subarray(at, Math.min(at + 1024, end));
          }
        })(),
      );
    const cut = { ...whole, stream: (start = 0, end = bytes.length) => (start === sheet.start ? cutSheet(start, end - 10) : whole.stream(start, end)) };
    const error = await readXlsxStreaming(cut, { date1904: false, sheetsInOrder: workbookSheets(facts), facts, rowSink: () => () => (rowsSeen += 1) }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SpreadsheetError);
    expect((error as SpreadsheetError).code).toBe('corrupt');
    if (rowCount > 3) expect(rowsSeen).toBeGreaterThan(0);
  });

  it('a 200 MB file is refused before it is read', async () => {
    const path = save('enorme.xlsx', '');
    truncateSync(path, 200 * 1024 * 1024);
    const error = await refusal(path);
    expect(error.code).toBe('too_large');
    expect(error.message).toBe(
      `Le fichier pèse 200\u00a0Mo\u00a0; l’import en lit ${MAX_FILE_BYTES / 1024 / 1024}\u00a0Mo au plus. Enregistrez seulement la feuille des leads (sans images ni autres feuilles), ou coupez le fichier en plusieurs.`,
    );
  });

  it('an empty file, and a workbook whose sheets are all empty', async () => {
    expect((await refusal(save('vide.csv', ''))).code).toBe('empty');
    const error = await refusal(await xlsxOf((workbook) => workbook.addWorksheet('Feuil1')));
    expect(error.code).toBe('empty');
    expect(error.message).toBe('Le fichier est vide\u00a0: aucune de ses feuilles ne contient de données.');
  });

  it('an image, a Word document and a truncated workbook', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.alloc(200)]);
    expect(await refusal(png)).toMatchObject({ code: 'not_spreadsheet', message: expect.stringMatching(/^Ce fichier n’est pas un classeur/) });
    const docx = zipOf([{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }]);
    expect((await refusal(docx)).code).toBe('not_spreadsheet');
    const whole = await xlsxOf(leadList);
    const error = await refusal(whole.subarray(0, Math.floor(whole.length * 0.6)));
    expect(error).toMatchObject({ code: 'corrupt', message: expect.stringMatching(/^Le fichier est endommagé ou incomplet/) });
  });

  it('an .xlsx saved with a password (an OLE container, not a zip)', async () => {
    const error = await refusal(save('protege.xlsx', encryptedXlsx()));
    expect(error.code).toBe('password');
    expect(error.message).toMatch(/^Le fichier est protégé par un mot de passe\u00a0: ouvrez-le dans Excel, retirez le mot de passe/);
  });

  it('a zip bomb: declaring more than the cap, or inflating past what it declares', async () => {
    const declared = zipOf([
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(1000), declaredSize: 0xfffffff0 },
    ]);
    expect((await refusal(declared)).code).toBe('zip_bomb');
    const lying = zipOf([
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(8 * 1024 * 1024, 0x20), declaredSize: 1000 },
    ]);
    const error = await refusal(lying);
    expect(error.code).toBe('zip_bomb');
    expect(error.message).toMatch(/^Le fichier se décompresse en plus de 1\u00a0024\u00a0Mo/);
  });

  it('a sheet going past Excel’s last row, or holding more cells than the import keeps', async () => {
    const minimal = (sheetXml: string) =>
      zipOf([
        { name: 'xl/workbook.xml', data: Buffer.from('<workbook><sheets><sheet name="Leads" sheetId="1" r:id="rId1"/></sheets></workbook>') },
        { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from('<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>') },
        { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(`<worksheet><sheetData>${sheetXml}</sheetData></worksheet>`) },
      ]);
    const far = minimal('<row r="1"><c r="A1" t="inlineStr"><is><t>Nom</t></is></c></row><row r="1048577"><c r="A1048577" t="inlineStr"><is><t>Roy</t></is></c></row>');
    const error = await refusal(far, { streamFromBytes: 0 });
    expect(error).toMatchObject({ code: 'too_many_rows', message: expect.stringMatching(/^La feuille «\u00a0Leads\u00a0» dépasse 1\u00a0048\u00a0576 lignes/) });
    // 1 000 rows of 16 384 columns: 16 million cells held, past the 10 million kept.
    const wide = Array.from({ length: 1000 }, (_, n) => `<row r="${n + 1}"><c r="XFD${n + 1}"><v>1</v></c></row>`).join('');
    expect((await refusal(minimal(wide), { streamFromBytes: 0 })).code).toBe('too_many_cells');
  });

  it('a sheet 16 384 columns wide is refused by the core, naming column XFD', async () => {
    const bytes = await xlsxOf((workbook) => {
      const sheet = workbook.addWorksheet('Leads');
      sheet.addRow(['Nom', 'Courriel']);
      sheet.addRow(['Roy', 'roy@exemple.ca']);
      sheet.getCell('XFD2').value = 'x';
    });
    for (const streamFromBytes of [undefined, 0]) {
      const read = await readSpreadsheet(bytes, { streamFromBytes });
      const refused = readWorkbook(read.sheets);
      expect(refused).toEqual({ ok: false, error: sheetRefusal(read.sheets[0]!) });
      expect(refused.ok === false && refused.error).toMatch(/occupe 16\u00a0384 colonnes, jusqu’à la dernière colonne d’Excel \(XFD\)/);
    }
  });
});

describe('readSpreadsheet: a real-size file streams', () => {
  const ROWS = 20_000;
  let path: string;
  beforeAll(async () => {
    path = save('grand-salon.xlsx', await xlsxOf((workbook) => {
      const sheet = workbook.addWorksheet('Leads');
      sheet.addRow(['Prénom', 'Nom', 'Courriel', 'Téléphone', 'Ville', 'Programme']);
      for (let n = 1; n <= ROWS; n += 1) {
        sheet.addRow([`Prénom${n}`, `Nom${n}`, `lead${n}@exemple.ca`, `514 ${String(200 + (n % 700)).padStart(3, '0')}-${String(n % 10_000).padStart(4, '0')}`, 'Montréal', 'PEQ']);
      }
    }));
  });

  it(`reads ${ROWS.toLocaleString('en')} rows with progress, total known from the file`, async () => {
    const progress: ReadProgress[] = [];
    const read = await readSpreadsheet(path, { streamFromBytes: 0, onProgress: (p) => progress.push(p) });
    expect(read.sheets[0]?.rows).toHaveLength(ROWS + 1);
    expect(progress.length).toBeGreaterThanOrEqual(ROWS / 1000);
    expect(progress[0]).toMatchObject({ sheet: 'Leads', rowsRead: 1000, totalRows: ROWS + 1 });
    expect(progress.at(-1)).toMatchObject({ rowsRead: ROWS + 1, totalRows: ROWS + 1 });
    const leads = readWorkbook(read.sheets);
    expect(leads.ok && leads.rows.length).toBe(ROWS);
  });

  it('stops when cancelled, and returns nothing', async () => {
    const controller = new AbortController();
    const progress: number[] = [];
    const error = await refusal(path, {
      streamFromBytes: 0,
      signal: controller.signal,
      onProgress: (p: ReadProgress) => {
        progress.push(p.rowsRead);
        if (p.rowsRead >= 5000) controller.abort();
      },
    });
    expect(error).toMatchObject({ code: 'cancelled', message: 'Lecture du fichier annulée.' });
    expect(Math.max(...progress)).toBe(5000);
  });
});
