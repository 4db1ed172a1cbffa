import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAM_FROM_BYTES } from '~node/spreadsheet';
import { PREVIEW_ERRORS } from '~shared/contract/import';
import { readInWorker } from './read-file';
import { rejectedRowsOfBatches } from './rejected-batches';

// Issue 10, point 11: a sheet that refuses most of its rows is read with the worker's memory
// bounded. The refused rows (reasons and cells) leave the worker in batches as the cleaned rows
// do; held there until the end, they took a full sheet's reading past the worker's heap cap.

const REFUSED = 50_000;
const KEPT = 10;
const NO_CONTACT = 'Ni téléphone ni courriel\u00a0: il faut l’un ou l’autre pour joindre la personne.';
/**
 * A heap the worker's own needs fit in (tsx, exceljs, a batch of rows) but not 50,000 refused
 * rows of about 600 characters each: held until the end, they alone are some 60 MiB.
 */
const SMALL_HEAP = { maxOldGenerationSizeMb: 48 };

/** A note unlike every other (so the file is large enough to be streamed, as a full sheet is). */
function noteOf(i: number): string {
  let seed = (i + 1) * 2_654_435_761;
  let text = '';
  while (text.length < 600) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    text += seed.toString(36);
  }
  return text.slice(0, 600);
}

let dir = '';
let path = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bureau-read-file-test-'));
  path = join(dir, 'refus.xlsx');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet('Leads');
  sheet.addRow(['Prénom', 'Nom', 'Courriel', 'Téléphone', 'Notes']).commit();
  for (let i = 0; i < REFUSED + KEPT; i += 1) {
    // Every thousandth row can be reached; the others have neither phone nor e-mail.
    const reachable = i % (REFUSED / KEPT + 1) === 0;
    sheet.addRow(['Ana', `Silva${i}`, reachable ? `ana${i}@exemple.ca` : '', '', noteOf(i)]).commit();
  }
  await workbook.commit();
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readInWorker', () => {
  it('reads a sheet of 50,000 refused rows within a small heap, and hands every one over with its reason and cells', async () => {
    expect(statSync(path).size).toBeGreaterThan(STREAM_FROM_BYTES);
    const file = await readInWorker({ path }, () => {}, SMALL_HEAP).result;

    expect(file.read.rows).toHaveLength(KEPT);
    expect(file.errorCount).toBe(REFUSED);
    // The preview's errors only, as objects.
    expect(file.read.errors).toHaveLength(PREVIEW_ERRORS);
    expect(file.read.errors[0]).toEqual({ row: 3, reason: NO_CONTACT });

    const rejected = rejectedRowsOfBatches(file.rejected, file.read.headers.length);
    expect(rejected).toHaveLength(REFUSED);
    const kept = new Set(file.read.rows.map((r) => r.row));
    const expectedRows = Array.from({ length: REFUSED + KEPT }, (_, i) => i + 2).filter((row) => !kept.has(row));
    expect(rejected.map((r) => r.row)).toEqual(expectedRows);
    for (const r of rejected) expect(r.reason).toBe(NO_CONTACT);
    const last = rejected.at(-1);
    const i = REFUSED + KEPT - 1;
    expect(last?.cells).toEqual(['Ana', `Silva${i}`, null, null, noteOf(i)]);
  }, 600_000);
});
