import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MutationInput } from '~shared/domain/mutations/args';
import { newId } from '~shared/ids';
import { leads, notifications } from '../db/schema';
import { TEST_BACKENDS } from '../testing/databases';
import { runSystemMutation } from './execute';
import { startSyncOffice, type PersonKey, type SyncOffice } from '../testing/office';
import { anotherReplica, type TestSyncClient } from '../testing/sync-client';

// importBatch.revert pushed over HTTP (issue 16): the server enforces permissions.md for each
// role, removes the untouched leads only, tells each person once however many leads they had,
// and what it removed no longer counts as a duplicate for the web form.

let serial = 0;

/** An import of `count` leads by `by`, in chunks as the importers send them; the leads' ids. */
async function importBatch(by: TestSyncClient, count: number, chunk = 2500): Promise<{ batchId: string; ids: string[] }> {
  const batchId = newId();
  // Readable numbers (the exchange starts with 2 to 9), distinct per import.
  const exchange = 2 + ++serial;
  const ids = Array.from({ length: count }, () => newId());
  for (let start = 0; start < count; start += chunk) {
    const rows: MutationInput<'lead.createMany'>['leads'] = ids.slice(start, start + chunk).map((id, i) => ({
      id,
      firstName: 'Importé',
      lastName: `Salon-${exchange}-${start + i}`,
      phone: `+1438${exchange}${String(start + i).padStart(6, '0')}`,
      source: 'import',
    }));
    const result = await by.send('lead.createMany', { importBatchId: batchId, fileName: 'salon-mars.xlsx', leads: rows });
    if (result.status !== 'applied') throw new Error(`import : ${result.message}`);
  }
  return { batchId, ids };
}

describe.each(TEST_BACKENDS)('importBatch.revert over HTTP ($name)', (backend) => {
  let office: SyncOffice;
  const replica = (who: PersonKey) => anotherReplica(office.people[who].client);
  const id = (who: PersonKey) => office.people[who].id;
  const notificationsOf = (who: PersonKey) => office.server.db.db.select().from(notifications).where(eq(notifications.userId, id(who)));

  beforeAll(async () => {
    office = await startSyncOffice(backend);
  });
  afterAll(async () => {
    await office?.stop();
  });

  it('is refused to counselors and the secretary, applied for a director, and answered clearly the second time', async () => {
    const admin = replica('admin');
    const { batchId, ids } = await importBatch(admin, 3);
    const revert = { importBatchId: batchId, reason: 'Fichier importé deux fois' };
    for (const who of ['marie', 'julie', 'accueil'] as const) {
      expect(await replica(who).send('importBatch.revert', revert)).toMatchObject({
        status: 'refused',
        code: 'forbidden',
        message: "Seuls l'administrateur et le directeur peuvent annuler un import.",
      });
    }
    const stillThere = await office.server.db.db.select().from(leads).where(inArray(leads.id, ids));
    expect(stillThere.every((l) => l.deletedAt === null)).toBe(true);

    expect(await replica('director').send('importBatch.revert', revert)).toMatchObject({ status: 'applied' });
    const after = await office.server.db.db.select().from(leads).where(inArray(leads.id, ids));
    expect(after.every((l) => l.deletedAt !== null)).toBe(true);

    const again = await admin.send('importBatch.revert', { ...revert, reason: 'Encore' });
    expect(again).toMatchObject({ status: 'refused', code: 'already_closed' });
    expect(again.message).toMatch(/^L’import «\u00a0salon-mars\.xlsx\u00a0» a déjà été annulé le .+ par Denis Directeur\u00a0: rien n’a changé\.$/);
  });

  it('gives each person one notification for 5,000 leads imported, distributed and undone', async () => {
    const admin = replica('admin');
    const { batchId, ids } = await importBatch(admin, 5000);
    // Distributed half and half to the two counselors in one lead.assign.
    const assignments = ids.map((leadId, i) => ({ leadId, assigneeId: id(i % 2 === 0 ? 'marie' : 'julie') }));
    expect(await admin.send('lead.assign', { assignments })).toMatchObject({ status: 'applied' });
    // Marie works one of hers: it stays.
    expect(await replica('marie').send('lead.update', { id: ids[0]!, patch: { notes: 'Rappelée, intéressée' } })).toMatchObject({ status: 'applied' });

    const before = { marie: (await notificationsOf('marie')).length, julie: (await notificationsOf('julie')).length };
    expect(await replica('director').send('importBatch.revert', { importBatchId: batchId, reason: 'Mauvaise liste' })).toMatchObject({
      status: 'applied',
    });

    // The director (the admin imported): one notification for two chunks, now saying it was undone.
    const director = (await notificationsOf('director')).filter((n) => n.groupKey === `import:${batchId}`);
    expect(director.map((n) => [n.kind, n.count])).toEqual([['leads_imported', 5000]]);
    expect(director[0]!.payload).toMatchObject({ removedCount: 4999, keptCount: 1 });
    for (const [who, removed] of [['marie', 2499], ['julie', 2500]] as const) {
      const rows = await notificationsOf(who);
      // The distribution gave one row of 2,500; the revert adds exactly one more.
      expect(rows.filter((n) => n.kind === 'leads_assigned' && n.count === 2500)).toHaveLength(1);
      expect(rows.length - before[who]).toBe(1);
      expect(rows.filter((n) => n.groupKey === `import-revert:${batchId}`).map((n) => [n.kind, n.count])).toEqual([['import_reverted', removed]]);
    }
    const live = await office.server.db.db.select({ id: leads.id }).from(leads).where(eq(leads.importBatchId, batchId));
    expect(live).toHaveLength(5000);
    const kept = await office.server.db.db.select().from(leads).where(eq(leads.id, ids[0]!));
    expect(kept[0]!.deletedAt).toBeNull();
  });

  it('no longer offers a removed lead as the duplicate of a web form lead', async () => {
    const admin = replica('admin');
    const { batchId, ids } = await importBatch(admin, 1);
    const [imported] = await office.server.db.db.select().from(leads).where(eq(leads.id, ids[0]!));
    const fromWeb = async () => {
      const leadId = newId();
      const result = await runSystemMutation(office.server.db, 'lead.create', { id: leadId, lastName: 'Web', phone: imported!.phoneE164, source: 'web_form' }, new Date());
      expect(result.status).toBe('applied');
      return (await office.server.db.db.select().from(leads).where(eq(leads.id, leadId)))[0]!;
    };
    const first = await fromWeb();
    expect(first.duplicateOfId).toBe(ids[0]);
    await admin.send('importBatch.revert', { importBatchId: batchId, reason: 'Test' });
    // The oldest live lead with that phone is the match: the imported one no longer counts.
    expect((await fromWeb()).duplicateOfId).toBe(first.id);
  });
});
