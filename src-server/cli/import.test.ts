import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '~shared/ids';
import type { ServerConfig } from '../config';
import { migrateServerDb } from '../db/connection';
import { history, importBatches, leads, notifications } from '../db/schema';
import { createUser } from '../auth/users';
import { runSystemMutation } from '../sync/execute';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from '../testing/databases';
import { office, withDb } from './testing';
import { readImportFile, writeImport } from './import-leads';

// `npm run office -- import <file>` (issue 10) on both databases: a file as an office has it
// (a title above the headers, French headers, a bad row, a person twice, a lead already known),
// the dry run's JSON, the import itself, and the same file imported twice.

async function salonFile(path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Salon');
  sheet.addRow(['Salon de l’immigration — Montréal, janvier 2026']);
  sheet.addRow([]);
  sheet.addRow(['Prénom', 'Nom', 'Courriel', 'Téléphone', 'Ville', 'Langue', 'Programme', 'Remarques']);
  sheet.addRow(['marie', 'TREMBLAY', 'marie@exemple.ca', '514 555-0101', 'Montréal', 'français', 'PEQ', 'rappeler lundi']);
  sheet.addRow(['Jean', 'Roy', 'jean@exemple', null, 'Québec', null, null, null]);
  sheet.addRow(['Lucie', 'Gagnon', 'lucie@exemple.ca', '(438) 555-0102', 'Laval', 'anglais', 'Travailleur qualifié', null]);
  sheet.addRow(['Marie', 'Tremblay', 'MARIE@exemple.ca', null, null, null, null, 'revenue au kiosque']);
  sheet.addRow(['Paul', 'Côté', 'paul.cote@exemple.ca', '514-555-0199', 'Gatineau', null, null, null]);
  writeFileSync(path, Buffer.from(await workbook.xlsx.writeBuffer()));
}

describe.each(TEST_BACKENDS)('npm run office -- import ($name)', (backend) => {
  let database: TestDatabase;
  let config: ServerConfig;
  let folder: string;
  let file: string;
  let existingId: string;
  let adminId: string;

  beforeAll(async () => {
    database = await createTestDatabase(backend, { onDisk: true, migrated: true });
    config = database.config;
    folder = mkdtempSync(join(tmpdir(), 'bureau-import-cli-'));
    file = join(folder, 'salon-janvier.xlsx');
    await salonFile(file);
    // A lead the office already has (from the website), with Paul's phone.
    existingId = newId();
    await withDb(config, async (db) => {
      await migrateServerDb(db);
      adminId = (await createUser(db, { email: 'direction@bureau.test', name: 'Direction', role: 'director', password: 'un-mot-de-passe-solide' }, new Date())).user.id;
      const made = await runSystemMutation(
        db,
        'lead.create',
        { id: existingId, source: 'web_form', firstName: 'Paul', lastName: 'Côté', phone: '+1 514 555 0199', email: null },
        new Date(),
      );
      expect(made.status).toBe('applied');
    });
  });
  afterAll(async () => {
    await database?.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('--dry-run --json prints one JSON object: sheet, header row, mapping, counts, errors and the leads as they would be saved', async () => {
    const done = await office(config, ['import', file, '--dry-run', '--json']);
    expect(done.code).toBe(0);
    expect(done.err).toMatch(/^Base de données\u00a0: (PGlite|PostgreSQL): /);
    expect(done.out.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(done.out)).toEqual({
      sheet: 'Salon',
      headerRow: 3,
      mapping: {
        Prénom: 'firstName',
        Nom: 'lastName',
        Courriel: 'email',
        Téléphone: 'phone',
        Ville: 'city',
        Langue: 'language',
        Programme: 'programOfInterest',
        Remarques: 'notes',
      },
      toCreate: 2,
      duplicates: { inFile: 1, existing: 1 },
      errors: [{ row: 5, reason: 'Courriel invalide\u00a0: «\u00a0jean@exemple\u00a0». Corrigez-le ou videz la cellule.' }],
      rows: [
        {
          firstName: 'Marie',
          lastName: 'Tremblay',
          email: 'marie@exemple.ca',
          phone: '+15145550101',
          phoneTyped: '514 555-0101',
          city: 'Montréal',
          language: 'fr',
          program: 'PEQ',
          notes: 'rappeler lundi',
        },
        {
          firstName: 'Lucie',
          lastName: 'Gagnon',
          email: 'lucie@exemple.ca',
          phone: '+14385550102',
          phoneTyped: '(438) 555-0102',
          city: 'Laval',
          language: 'en',
          program: 'Travailleur qualifié',
          notes: null,
        },
      ],
    });
    // A dry run writes nothing.
    await withDb(config, async (db) => {
      expect(await db.db.select().from(leads).where(eq(leads.source, 'import'))).toEqual([]);
    });
  });

  it('imports: one batch named after the file, source import, duplicates skipped, one summary notification; a second run creates nothing', async () => {
    const done = await office(config, ['import', file]);
    expect(done.err).toBe('');
    expect(done.code).toBe(0);
    expect(done.out).toMatch(/^Base de données\u00a0: (PGlite|PostgreSQL): /);
    expect(done.out).toContain('Ligne 5 refusée : Courriel invalide');
    expect(done.out).toMatch(/Import de salon-janvier\.xlsx \(feuille «\u00a0Salon\u00a0»\)\u00a0: 2 leads créés \(lot [0-9a-f-]{36}\), 0 fusionnés, 2 doublons ignorés, 1 lignes refusées\.\n$/);
    const batchId = /lot ([0-9a-f-]{36})/.exec(done.out)![1]!;

    await withDb(config, async (db) => {
      const imported = await db.db.select().from(leads).where(eq(leads.importBatchId, batchId));
      expect(imported.map((l) => [l.firstName, l.lastName, l.source, l.email, l.phoneE164, l.phoneRaw, l.language, l.duplicateOfId]).sort()).toEqual([
        ['Lucie', 'Gagnon', 'import', 'lucie@exemple.ca', '+14385550102', '(438) 555-0102', 'en', null],
        ['Marie', 'Tremblay', 'import', 'marie@exemple.ca', '+15145550101', '514 555-0101', 'fr', null],
      ]);
      const [batch] = await db.db.select().from(importBatches).where(eq(importBatches.id, batchId));
      expect(batch).toMatchObject({ fileName: 'salon-janvier.xlsx', rowCount: 2, rejectedCount: 1 });
      const created = await db.db.select().from(history).where(eq(history.kind, 'created'));
      expect(created.filter((h) => imported.some((l) => l.id === h.leadId))).toHaveLength(2);
      // Paul, already known, is untouched.
      const [paul] = await db.db.select().from(leads).where(eq(leads.id, existingId));
      expect(paul).toMatchObject({ source: 'web_form', email: null });
      // One summary per batch for the director, not one per lead.
      const told = await db.db.select().from(notifications).where(eq(notifications.kind, 'leads_imported'));
      expect(told.map((n) => [n.userId, n.count, n.payload])).toEqual([[adminId, 2, { importBatchId: batchId, fileName: 'salon-janvier.xlsx' }]]);
    });

    const again = await office(config, ['import', file, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ importBatchId: null, created: 0, merged: 0, skipped: 4, interrupted: null });
    await withDb(config, async (db) => {
      expect(await db.db.select().from(leads).where(eq(leads.source, 'import'))).toHaveLength(2);
    });
  });

  it('--duplicates merge fills the empty fields of the existing lead (lead.update, with its history)', async () => {
    const done = await office(config, ['import', file, '--duplicates', 'merge', '--json']);
    expect(done.code).toBe(0);
    expect(JSON.parse(done.out)).toMatchObject({ created: 0, merged: 3 });
    await withDb(config, async (db) => {
      const [paul] = await db.db.select().from(leads).where(eq(leads.id, existingId));
      expect(paul).toMatchObject({ email: 'paul.cote@exemple.ca', city: 'Gatineau', source: 'web_form' });
      const updates = await db.db.select().from(history).where(eq(history.leadId, existingId));
      expect(updates.find((h) => h.kind === 'updated')?.after).toMatchObject({ email: 'paul.cote@exemple.ca', city: 'Gatineau' });
    });
  });

  it('writes chunk by chunk, each all or nothing, and says how far it got when one is refused', async () => {
    const read = await readImportFile(file, undefined);
    const good = (n: number) => ({ row: n, lead: { ...read.read.rows[0]!.lead, email: `morceau${n}@exemple.ca`, phone: null, phoneTyped: null }, duplicateOf: null, mergedRows: [] });
    const bad = { row: 99, lead: { ...good(99).lead, lastName: '' }, duplicateOf: null, mergedRows: [] };
    const outcome = await withDb(config, (db) =>
      writeImport(db, read, { create: [good(1), good(2), good(3), bad, good(4)], merge: [], skip: [] }, new Date(), 2),
    );
    expect(outcome).toMatchObject({ created: 2, chunks: 1, interrupted: { chunk: 2, message: expect.stringMatching(/nom est obligatoire/) } });
    await withDb(config, async (db) => {
      const saved = await db.db.select().from(leads).where(eq(leads.importBatchId, outcome.importBatchId));
      expect(saved.map((l) => l.email).sort()).toEqual(['morceau1@exemple.ca', 'morceau2@exemple.ca']);
    });
  });

  it('refuses, in French and without touching the database, a file that is no spreadsheet, a missing sheet and a bad option', async () => {
    const text = join(folder, 'photo.xlsx');
    writeFileSync(text, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(100)]));
    const bad = await office(config, ['import', text]);
    expect(bad).toMatchObject({ code: 1, out: '' });
    expect(bad.err).toMatch(/^Ce fichier n’est pas un classeur/);
    const sheet = await office(config, ['import', file, '--sheet', 'Clients']);
    expect(sheet).toMatchObject({ code: 1, err: 'Le fichier n’a pas de feuille «\u00a0Clients\u00a0»\u00a0; ses feuilles\u00a0: «\u00a0Salon\u00a0».\n' });
    expect((await office(config, ['import', file, '--duplicates', 'remplacer'])).code).toBe(2);
    expect((await office(config, ['import'])).err).toMatch(/^Fichier à importer manquant/);
    expect((await office(config, ['import', join(folder, 'absent.xlsx')])).code).toBe(1);
  });
});
