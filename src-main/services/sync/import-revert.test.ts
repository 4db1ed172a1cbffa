import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MutationInput } from '~shared/domain/mutations/args';
import { newId } from '~shared/ids';
import { TEST_BACKENDS, startTestOffice, type TestOffice } from '../../testing/office';
import { workstations, type Workstation } from '../../testing/workstation';

// An import undone while workstations hold its leads (issue 16), between real workstations
// (SessionManager, SQLite replica) and a real office server: the removed leads leave every
// replica at its next pull, and a revert racing an offline edit of one of its leads is decided by
// whichever reaches the server first, the other being told in French.

describe.each(TEST_BACKENDS)('importBatch.revert across workstations ($name)', (backend) => {
  let office: TestOffice;
  const stations = workstations();
  const open = stations.open;

  beforeAll(async () => {
    office = await startTestOffice({ backend });
  });
  afterEach(async () => {
    await stations.disposeAll();
  });
  afterAll(async () => {
    await office?.dispose();
  });

  /** Three leads imported by the admin's workstation and given to Marie; their ids. */
  async function importedForMarie(admin: Workstation, tag: string): Promise<{ batchId: string; ids: string[] }> {
    const batchId = newId();
    const leads: MutationInput<'lead.createMany'>['leads'] = ['Ana', 'Bruno', 'Chloé'].map((firstName) => ({ id: newId(), firstName, lastName: tag, source: 'import' }));
    await admin.run('lead.createMany', { importBatchId: batchId, fileName: `${tag}.xlsx`, leads });
    await admin.run('lead.assign', { assignments: leads.map((l) => ({ leadId: l.id, assigneeId: office.users.marie.id })) });
    expect(await admin.sync()).toMatchObject({ pending: 0, refusals: 0 });
    return { batchId, ids: leads.map((l) => l.id) };
  }

  const listed = async (station: Workstation, batchId: string) =>
    (await station.call('leads:list', { filters: { importBatchId: batchId } })).rows.map((r) => r.firstName).sort();

  it('drops the removed leads from a counselor’s replica at its next pull, keeping the worked one', async () => {
    const admin = await open(office, 'admin');
    const marie = await open(office, 'marie');
    const { batchId, ids } = await importedForMarie(admin, 'Retirables');
    await marie.sync();
    expect(await listed(marie, batchId)).toEqual(['Ana', 'Bruno', 'Chloé']);
    await marie.run('lead.logContact', { id: newId(), leadId: ids[0]!, channel: 'phone', outcome: 'reached' });
    await marie.sync();
    await admin.sync();

    await admin.run('importBatch.revert', { importBatchId: batchId, reason: 'Fichier en double' });
    expect(await admin.sync()).toMatchObject({ pending: 0, refusals: 0 });
    await marie.sync();
    expect(await listed(marie, batchId)).toEqual(['Ana']);
    expect(await marie.call('leads:get', { id: ids[1]! })).toBeNull();
    expect((await marie.call('leads:counts', { filters: { importBatchId: batchId } })).new).toBe(0);
    // Her notifications say it once, with the count of hers that went.
    const { items } = await marie.call('notifications:list', {});
    expect(items.filter((n) => n.kind === 'import_reverted').map((n) => n.count)).toEqual([2]);
  });

  it('the revert first: an offline edit of a removed lead is refused in French, with what she typed kept in Refus', async () => {
    const admin = await open(office, 'admin');
    const marie = await open(office, 'marie');
    const { batchId, ids } = await importedForMarie(admin, 'CourseRevert');
    await marie.sync();

    marie.offline = true;
    const edit = { id: ids[1]!, patch: { notes: 'Vu au salon, rappeler lundi', city: 'Longueuil' } };
    await marie.run('lead.update', edit);
    await admin.run('importBatch.revert', { importBatchId: batchId, reason: 'Mauvais fichier' });
    expect(await admin.sync()).toMatchObject({ pending: 0, refusals: 0 });

    marie.offline = false;
    expect(await marie.sync()).toMatchObject({ phase: 'idle', pending: 0, refusals: 1 });
    const [refusal] = await marie.call('refusals:list', {});
    expect(refusal).toMatchObject({
      name: 'lead.update',
      args: edit,
      code: 'not_found',
      message: 'Bruno CourseRevert a été retiré du bureau par l’annulation de son import\u00a0: votre changement n’a pas été enregistré.',
    });
    expect(await listed(marie, batchId)).toEqual([]);
  });

  it('the edit first: the offline revert keeps the lead she edited, and the batch says so', async () => {
    const admin = await open(office, 'admin');
    const marie = await open(office, 'marie');
    const { batchId, ids } = await importedForMarie(admin, 'CourseEdit');
    await marie.sync();

    admin.offline = true;
    const before = await admin.call('importBatches:preview', { id: batchId });
    expect(before?.remove.map((l) => l.firstName)).toEqual(['Ana', 'Bruno', 'Chloé']);
    await admin.run('importBatch.revert', { importBatchId: batchId, reason: 'Mauvais fichier' });
    // Offline, the admin's own replica already shows the import undone.
    expect(await listed(admin, batchId)).toEqual([]);

    await marie.run('lead.update', { id: ids[1]!, patch: { notes: 'Intéressée, dossier à ouvrir' } });
    expect(await marie.sync()).toMatchObject({ pending: 0, refusals: 0 });

    admin.offline = false;
    expect(await admin.sync()).toMatchObject({ phase: 'idle', pending: 0, refusals: 0 });
    expect(await listed(admin, batchId)).toEqual(['Bruno']);
    expect((await admin.call('leads:get', { id: ids[1]! }))?.lead.notes).toBe('Intéressée, dossier à ouvrir');
    const [summary] = (await admin.call('importBatches:list', {})).filter((s) => s.batch.id === batchId);
    expect(summary?.batch).toMatchObject({ removedCount: 2, keptCount: 1, revertReason: 'Mauvais fichier' });
    expect(await admin.call('importBatches:preview', { id: batchId })).toMatchObject({ remove: [], keep: [{ firstName: 'Bruno', reason: 'worked' }] });
    await marie.sync();
    expect(await listed(marie, batchId)).toEqual(['Bruno']);
  });
});
