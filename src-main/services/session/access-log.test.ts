import { incidentFieldsOf } from '~shared/contract/accountability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_BACKENDS, startTestOffice, type TestOffice } from '../../testing/office';
import { leadArgs, workstations } from '../../testing/workstation';

// The desktop's side of the access log (issue 14, point 6), against a real office server on
// loopback and real replicas: a sheet opened through the contract is queued in the replica, sent
// by the sync engine, and read by the administrator — also when it was opened offline and the
// application restarted before the network came back.

describe.each(TEST_BACKENDS)('journal d’accès depuis le poste ($name)', (backend) => {
  let office: TestOffice;
  const stations = workstations();

  beforeAll(async () => {
    office = await startTestOffice({ backend });
  });
  afterAll(async () => {
    await stations.disposeAll();
    await office?.dispose();
  });

  it('reports one opening of a lead sheet, under the user signed in, once synced', async () => {
    const marie = await stations.open(office, 'marie');
    const admin = await stations.open(office, 'admin');
    const lead = leadArgs('Tremblay');
    await marie.run('lead.create', lead);
    // Its name read elsewhere (a list, a notification) is no opening.
    expect((await marie.call('leads:get', { id: lead.id }))?.lead.id).toBe(lead.id);
    // The sheet's screen reads it again after each change: one opening all the same.
    for (let i = 0; i < 3; i += 1) expect((await marie.call('leads:get', { id: lead.id, open: true }))?.lead.id).toBe(lead.id);
    await marie.sync();

    const page = await admin.call('accessLog:list', { leadId: lead.id });
    expect(page.entries).toEqual([
      expect.objectContaining({ kind: 'lead.open', userId: office.users.marie.id, userName: office.users.marie.name, leadId: lead.id, leadName: 'Test Tremblay', source: 'desktop' }),
    ]);
    // An export is reported too, with what it held.
    await admin.call('export:leads', { filters: {} });
    await admin.sync();
    const exports = await admin.call('accessLog:list', { kind: 'export', userId: office.users.admin.id });
    expect(exports.entries[0]).toMatchObject({ kind: 'export', detail: expect.stringMatching(/^Liste des leads \(\d+ lignes\)$/) });
  });

  it('keeps a sheet opened offline in the replica, across a restart, until the server has it', async () => {
    const first = await stations.open(office, 'julie');
    const dataDir = first.dataDir;
    const lead = leadArgs('Hors-ligne');
    first.offline = true;
    await first.run('lead.create', lead);
    expect((await first.call('leads:get', { id: lead.id, open: true }))?.lead.id).toBe(lead.id);
    expect((await first.sync()).online).toBe(false);
    await first.manager.close();

    // The application starts again, still offline, then the network comes back.
    const again = await stations.open(office, null, { dataDir });
    again.offline = true;
    await again.manager.resume();
    again.offline = false;
    // The cycle the start began offline may still be failing: the next one finds the network.
    await again.sync();
    await again.sync();

    const admin = await stations.open(office, 'admin');
    const page = await admin.call('accessLog:list', { leadId: lead.id });
    expect(page.entries).toHaveLength(1);
    expect(page.entries[0]).toMatchObject({ userId: office.users.julie.id, leadName: 'Test Hors-ligne' });
    // Sent once: another sync sends nothing again.
    await again.sync();
    expect((await admin.call('accessLog:list', { leadId: lead.id })).entries).toHaveLength(1);
  });

  it('shows the log and the register to administrators only, in French', async () => {
    const marie = await stations.open(office, 'marie');
    expect(await marie.manager.invoke('accessLog:list', {})).toEqual({
      ok: false,
      error: { code: 'forbidden', message: "Seul l'administrateur peut consulter le journal d’accès." },
    });
    const admin = await stations.open(office, 'admin');
    const invalid = await admin.manager.invoke('incidents:save', {
      fields: { occurredAt: '2026-11-03', discoveredAt: '2026-11-02', nature: '', peopleConcerned: 'Deux clients' },
    });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { 'fields.nature': 'Décrivez la nature de l’incident.', 'fields.discoveredAt': 'La découverte ne peut précéder l’incident.' } } });
    const saved = await admin.call('incidents:save', {
      fields: { occurredAt: '2026-11-02', discoveredAt: '2026-11-03', nature: 'Courriel envoyé au mauvais client.', peopleConcerned: 'Deux clients' },
    });
    const edited = await admin.call('incidents:save', { id: saved.id, version: saved.version, fields: { ...incidentFieldsOf(saved), measures: 'Demande d’effacement envoyée.' } });
    expect(edited.version).toBe(2);
    expect((await admin.call('incidents:history', { id: saved.id })).map((v) => v.measures)).toEqual(['', 'Demande d’effacement envoyée.']);
  });
});
