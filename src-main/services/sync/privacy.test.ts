import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIVACY_ADMIN_ONLY } from '~shared/contract/privacy';
import { newId } from '~shared/ids';
// The person's file and its values, shared with the server's suite (test code may reach into src-server).
// eslint-disable-next-line no-restricted-imports
import { OTHER_PERSON, otherPersonSteps, PERSON, personalStrings, personFileSteps } from '~server/testing/person';
import { TEST_BACKENDS, startTestOffice, type TestOffice } from '../../testing/office';
import { workstations, type Workstation } from '../../testing/workstation';

// A person's rights between real workstations (SessionManager, SQLite replica) and a real office
// server (issue 14, point 5): an admin exports the person's file from Administration →
// Confidentialité and anonymises them; a counselor's replica, synced afterwards, holds none of the
// person's values in any table — history payloads, the search index's own tables included — while
// the other person's stay. A counselor is refused the channels in French.

/** Every value of every table of the replica, the FTS5 shadow tables' blobs read as text. */
function everything(sqlite: Database.Database): string {
  const tables = sqlite.prepare(`select name from sqlite_master where type = 'table'`).all() as Array<{ name: string }>;
  const parts: string[] = [];
  for (const { name } of tables) {
    for (const row of sqlite.prepare(`select * from "${name}"`).all() as Array<Record<string, unknown>>) {
      for (const value of Object.values(row)) parts.push(Buffer.isBuffer(value) ? value.toString('latin1') + value.toString('utf8') : String(value));
    }
  }
  return parts.join('\n').toLowerCase();
}

/** The values, and their forms in the search index (unicode61 folds accents). */
function needles(values: readonly string[]): string[] {
  return values.flatMap((v) => [v.toLowerCase(), v.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()]);
}

describe.each(TEST_BACKENDS)('droits d’une personne entre postes ($name)', (backend) => {
  let office: TestOffice;
  const stations = workstations();
  let admin: Workstation;
  let marie: Workstation;
  const leadId = newId();
  const otherId = newId();

  beforeAll(async () => {
    office = await startTestOffice({ backend });
    admin = await stations.open(office, 'admin');
    marie = await stations.open(office, 'marie');
    const [procedure] = await admin.call('procedures:list', {});
    for (const step of [
      ...personFileSteps(PERSON, { leadId, counselorId: office.users.marie.id, procedureId: procedure!.id }, new Date()),
      ...otherPersonSteps(OTHER_PERSON, otherId),
    ]) {
      await admin.run(step.name, step.args as never);
    }
    expect(await admin.sync()).toMatchObject({ pending: 0, refusals: 0 });
    await marie.sync();
  }, 60_000);
  afterAll(async () => {
    await stations.disposeAll();
    await office?.dispose();
  });

  const sqliteOf = (station: Workstation) => station.manager.replica!.sqlite;

  it('refuse les canaux de confidentialité à une conseillère, en français', async () => {
    const result = await marie.manager.invoke('privacy:export', { leadId, format: 'json' });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', message: PRIVACY_ADMIN_ONLY } });
    const anonymise = await marie.manager.invoke('privacy:anonymise', { leadId, confirm: 'ANONYMISER' });
    expect(anonymise.ok).toBe(false);
    // A malformed request never leaves the workstation.
    const malformed = await admin.manager.invoke('privacy:export', { leadId: 'pas-un-id', format: 'json' });
    expect(malformed).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('exporte le dossier de la personne depuis le poste de l’administrateur', async () => {
    const file = await admin.call('privacy:export', { leadId, format: 'json' });
    expect(file.kind).toBe('download');
    if (file.kind !== 'download') return;
    expect(file.fileName).toMatch(/^personne-.*\.json$/);
    const data = JSON.parse(Buffer.from(file.base64, 'base64').toString('utf8')) as { lead: { email: string }; payments: unknown[] };
    expect(data.lead.email).toBe(PERSON.email);
    expect(data.payments).toHaveLength(1);
    const xlsx = await admin.call('privacy:export', { leadId, format: 'xlsx' });
    expect(xlsx.kind === 'download' && xlsx.fileName.endsWith('.xlsx')).toBe(true);
  });

  it('anonymise : aucune valeur de la personne ne reste dans la réplique d’un autre poste, index de recherche compris', async () => {
    const before = everything(sqliteOf(marie));
    expect(needles(personalStrings(PERSON)).filter((n) => before.includes(n)).length).toBeGreaterThan(0);

    const summary = await admin.call('privacy:anonymise', { leadId, confirm: 'ANONYMISER' });
    expect(summary.anonymisedAt).not.toBeNull();
    await marie.sync();
    await admin.sync();

    for (const station of [marie, admin]) {
      const after = everything(sqliteOf(station));
      expect(needles(personalStrings(PERSON)).filter((n) => after.includes(n))).toEqual([]);
      // The other person is all there.
      expect(after).toContain(OTHER_PERSON.email);
      const found = await station.call('leads:list', { filters: { search: PERSON.formerLastName } });
      expect(found.total).toBe(0);
    }
    // The counts stay: the lead, its status, its payment.
    const sheet = await marie.call('leads:get', { id: leadId });
    expect(sheet?.lead).toMatchObject({ status: 'client', email: null });
  });
});
