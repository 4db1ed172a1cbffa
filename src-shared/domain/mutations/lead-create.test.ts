import { describe, expect, it } from 'vitest';
import type { MutationInput } from './args';
import { SYSTEM_ACTOR } from './types';
import { groupedNotificationId } from './effects';
import { NOW, USERS, lead, testId, user } from '../../testing/builders';
import { applyPuts, makeDb, perform, putsOf, refusalOf, rowsIn } from '../../testing/memory-office';

const ID = testId('new-lead', 1);
const BATCH = testId('batch', 1);

type CreateInput = MutationInput<'lead.create'>;

function createInput(overrides: Partial<CreateInput> = {}): CreateInput {
  return {
    id: ID,
    firstName: 'Amina',
    lastName: 'Diallo',
    email: '  Amina.Diallo@Example.COM ',
    phone: '514 555-1234',
    source: 'manual',
    ...overrides,
  };
}

describe('lead.create', () => {
  it('creates a new lead with normalised contact details, history and notifications', () => {
    const puts = putsOf(perform(makeDb(), 'lead.create', createInput({ consent: true, utmSource: 'facebook' }), USERS.admin));
    const [row] = rowsIn(puts, 'leads');
    expect(row).toMatchObject({
      id: ID,
      version: 0,
      deletedAt: null,
      createdAt: NOW,
      updatedAt: NOW,
      status: 'new',
      statusChangedAt: NOW,
      assigneeId: null,
      email: 'amina.diallo@example.com',
      phoneE164: '+15145551234',
      phoneRaw: '514 555-1234',
      source: 'manual',
      consent: true,
      utmSource: 'facebook',
      duplicateOfId: null,
      createdById: USERS.admin.id,
    });
    const history = rowsIn(puts, 'history');
    expect(history).toEqual([
      expect.objectContaining({ leadId: ID, kind: 'created', actorId: USERS.admin.id, before: null, note: null }),
    ]);
    const notifications = rowsIn(puts, 'notifications');
    expect(notifications.map((n) => n.userId)).toEqual([USERS.director.id]);
    for (const n of notifications) {
      expect(n).toMatchObject({ kind: 'lead_created', leadId: ID, count: 1, groupKey: null, readAt: null, version: 0 });
    }
  });

  it('does not notify the admin who created the lead, nor inactive managers', () => {
    const retired = user('Robert Retraité', 'director', { active: false });
    const db = makeDb({ users: [...Object.values(USERS), retired] });
    const puts = putsOf(perform(db, 'lead.create', createInput(), USERS.admin));
    expect(rowsIn(puts, 'notifications').map((n) => n.userId)).toEqual([USERS.director.id]);
  });

  it('takes web-form leads from the system actor only, with no author in history', () => {
    const puts = putsOf(perform(makeDb(), 'lead.create', createInput({ source: 'web_form' }), SYSTEM_ACTOR));
    expect(rowsIn(puts, 'leads')[0]).toMatchObject({ source: 'web_form', createdById: null });
    expect(rowsIn(puts, 'history')[0]?.actorId).toBeNull();
    expect(rowsIn(puts, 'notifications')).toHaveLength(2);

    const refused = refusalOf(perform(makeDb(), 'lead.create', createInput({ source: 'web_form' }), USERS.admin));
    expect(refused.code).toBe('forbidden');
  });

  it('lets only admins and directors create with source import', () => {
    for (const who of [USERS.counselor, USERS.secretary]) {
      expect(refusalOf(perform(makeDb(), 'lead.create', createInput({ source: 'import' }), who)).code).toBe('forbidden');
    }
    for (const who of [USERS.admin, USERS.director]) {
      expect(putsOf(perform(makeDb(), 'lead.create', createInput({ source: 'import' }), who))).not.toHaveLength(0);
    }
  });

  it('puts a lead into an import batch only as an import, into a batch that exists and was not undone', () => {
    const withBatch = applyPuts(makeDb(), putsOf(perform(makeDb(), 'lead.createMany', { importBatchId: BATCH, fileName: 'salon.xlsx', leads: [importRow(1)] }, USERS.admin)));
    // A lead typed by hand slipped into someone's batch would be removed when that import is undone.
    for (const who of [USERS.counselor, USERS.secretary, USERS.admin]) {
      const refusal = refusalOf(perform(withBatch, 'lead.create', createInput({ importBatchId: BATCH }), who));
      expect(refusal).toMatchObject({ code: 'invalid_args', message: expect.stringContaining('Seul un lead importé') });
    }
    expect(refusalOf(perform(makeDb(), 'lead.create', createInput({ source: 'import', importBatchId: BATCH }), USERS.admin)).code).toBe('not_found');

    const puts = putsOf(perform(withBatch, 'lead.create', createInput({ source: 'import', importBatchId: BATCH }), USERS.director));
    expect(rowsIn(puts, 'leads')[0]).toMatchObject({ source: 'import', importBatchId: BATCH });

    const undone = applyPuts(withBatch, putsOf(perform(withBatch, 'importBatch.revert', { importBatchId: BATCH, reason: 'Mauvais fichier' }, USERS.admin)));
    const late = refusalOf(perform(undone, 'lead.create', createInput({ source: 'import', importBatchId: BATCH }), USERS.admin));
    expect(late).toMatchObject({ code: 'already_closed', message: expect.stringContaining('salon.xlsx') });
  });

  it('refuses an e-mail that cannot be an address, but keeps an unreadable phone as typed', () => {
    const refusal = refusalOf(perform(makeDb(), 'lead.create', createInput({ email: 'amina@' }), USERS.secretary));
    expect(refusal.code).toBe('invalid_args');
    expect(refusal.message).toContain('Courriel invalide');

    const puts = putsOf(perform(makeDb(), 'lead.create', createInput({ phone: 'appeler le soir' }), USERS.secretary));
    expect(rowsIn(puts, 'leads')[0]).toMatchObject({ phoneE164: null, phoneRaw: 'appeler le soir' });
  });

  it('flags a duplicate of an open lead but still creates the lead; final leads are no duplicate target', () => {
    const open = lead({ id: testId('lead', 'open'), phoneE164: '+15145551234', firstName: 'Amina', lastName: 'D.' });
    const puts = putsOf(perform(makeDb({ leads: [open] }), 'lead.create', createInput(), USERS.counselor));
    expect(rowsIn(puts, 'leads')[0]?.duplicateOfId).toBe(open.id);
    expect(rowsIn(puts, 'history')[0]?.note).toContain('Doublon possible');

    const closed = { ...open, status: 'not_interested' as const };
    const again = putsOf(perform(makeDb({ leads: [closed] }), 'lead.create', createInput(), USERS.counselor));
    expect(rowsIn(again, 'leads')[0]?.duplicateOfId).toBeNull();
  });

  it('refuses an id that already exists', () => {
    const db = makeDb({ leads: [lead({ id: ID })] });
    expect(refusalOf(perform(db, 'lead.create', createInput(), USERS.counselor)).code).toBe('conflict');
  });
});

function importRow(n: number, overrides: Partial<CreateInput> = {}): CreateInput {
  return { id: testId('import-row', n), firstName: `Prénom${n}`, lastName: `Nom${n}`, source: 'manual', ...overrides };
}

describe('lead.createMany', () => {
  const existing = lead({ id: testId('lead', 'existing'), email: 'deja@example.com' });

  it('imports a chunk: batch row, import leads, duplicates within and outside the chunk, one summary', () => {
    const db = makeDb({ leads: [existing] });
    const rows = [
      importRow(1, { email: 'DEJA@example.com' }),
      importRow(2, { phone: '438 555 1234' }),
      importRow(3, { phone: '(438) 555-1234' }),
    ];
    const puts = putsOf(perform(db, 'lead.createMany', { importBatchId: BATCH, fileName: 'salon.xlsx', leads: rows }, USERS.admin));

    expect(rowsIn(puts, 'import_batches')).toEqual([
      expect.objectContaining({ id: BATCH, fileName: 'salon.xlsx', rowCount: 3, createdById: USERS.admin.id, version: 0 }),
    ]);
    const leads = rowsIn(puts, 'leads');
    expect(leads.map((l) => [l.source, l.importBatchId, l.status])).toEqual(Array(3).fill(['import', BATCH, 'new']));
    expect(leads.map((l) => l.duplicateOfId)).toEqual([existing.id, null, testId('import-row', 2)]);
    expect(rowsIn(puts, 'history').filter((h) => h.kind === 'created')).toHaveLength(3);

    const notifications = rowsIn(puts, 'notifications');
    expect(notifications).toEqual([
      expect.objectContaining({
        id: groupedNotificationId(`import:${BATCH}`, USERS.director.id),
        userId: USERS.director.id,
        kind: 'leads_imported',
        count: 3,
        groupKey: `import:${BATCH}`,
        leadId: null,
      }),
    ]);
  });

  it('grows the batch and its summary with each chunk, making it unread again', () => {
    let db = makeDb();
    db = applyPuts(db, putsOf(perform(db, 'lead.createMany', { importBatchId: BATCH, fileName: 'f.xlsx', leads: [importRow(1), importRow(2)] }, USERS.director)));
    const summaryId = groupedNotificationId(`import:${BATCH}`, USERS.admin.id);
    const first = db.notifications.get(summaryId);
    expect(first?.count).toBe(2);
    db = applyPuts(db, putsOf(perform(db, 'notification.markRead', { ids: [summaryId] }, USERS.admin)));
    expect(db.notifications.get(summaryId)?.readAt).toBe(NOW);

    const puts = putsOf(perform(db, 'lead.createMany', { importBatchId: BATCH, fileName: 'f.xlsx', leads: [importRow(3)] }, USERS.director));
    expect(rowsIn(puts, 'import_batches')[0]).toMatchObject({ rowCount: 3, version: 1 });
    expect(rowsIn(puts, 'notifications')).toEqual([expect.objectContaining({ id: summaryId, count: 3, readAt: null })]);
  });

  it('refuses a chunk sent again (its leads exist) rather than writing it twice', () => {
    const chunk = { importBatchId: BATCH, fileName: 'f.xlsx', leads: [importRow(1)] };
    const db = applyPuts(makeDb(), putsOf(perform(makeDb(), 'lead.createMany', chunk, USERS.admin)));
    expect(refusalOf(perform(db, 'lead.createMany', chunk, USERS.admin)).code).toBe('conflict');
  });

  it('is for admins and directors only', () => {
    for (const who of [USERS.counselor, USERS.secretary]) {
      const refused = perform(makeDb(), 'lead.createMany', { importBatchId: BATCH, fileName: 'f.xlsx', leads: [importRow(1)] }, who);
      expect(refusalOf(refused).code).toBe('forbidden');
    }
  });

  it('refuses the whole chunk for one bad row, naming the row', () => {
    const bad = perform(makeDb(), 'lead.createMany', { importBatchId: BATCH, fileName: 'f.xlsx', leads: [importRow(1), importRow(2, { email: 'pas un courriel' })] }, USERS.admin);
    expect(refusalOf(bad)).toMatchObject({ code: 'invalid_args', message: expect.stringMatching(/^Ligne 2 \(Prénom2 Nom2\)/) });

    const twice = perform(makeDb(), 'lead.createMany', { importBatchId: BATCH, fileName: 'f.xlsx', leads: [importRow(1), importRow(1)] }, USERS.admin);
    expect(refusalOf(twice).code).toBe('invalid_args');
  });
});

describe('lead.create: who owns a lead typed by hand', () => {
  const assignedLines = (puts: ReturnType<typeof putsOf>) => rowsIn(puts, 'history').filter((h) => h.kind === 'assigned');
  const assignedNotices = (puts: ReturnType<typeof putsOf>) => rowsIn(puts, 'notifications').filter((n) => n.kind === 'leads_assigned');

  it('gives a counselor or the secretary the lead she typed, with an « assigned » line and no notice to herself', () => {
    for (const who of [USERS.counselor, USERS.secretary]) {
      for (const input of [createInput(), createInput({ assigneeId: who.id })]) {
        const puts = putsOf(perform(makeDb(), 'lead.create', input, who));
        expect(rowsIn(puts, 'leads')[0]).toMatchObject({ assigneeId: who.id, createdById: who.id, status: 'new' });
        expect(assignedLines(puts)).toEqual([
          expect.objectContaining({ leadId: ID, actorId: who.id, before: { assigneeId: null }, after: { assigneeId: who.id } }),
        ]);
        expect(assignedNotices(puts)).toEqual([]);
        // Managers are still told of every new lead.
        expect(rowsIn(puts, 'notifications').map((n) => n.userId).sort()).toEqual([USERS.admin.id, USERS.director.id].sort());
      }
    }
  });

  it('refuses, in French, a counselor or the secretary who names someone else', () => {
    const counselor = refusalOf(perform(makeDb(), 'lead.create', createInput({ assigneeId: USERS.counselor2.id }), USERS.counselor));
    expect(counselor).toEqual({
      code: 'forbidden',
      message:
        'Un lead créé par une conseillère lui est attribué\u00a0: elle ne peut pas le créer au nom de quelqu’un d’autre. Créez-le, puis demandez à l’administrateur ou au directeur de le réattribuer.',
    });
    const secretary = refusalOf(perform(makeDb(), 'lead.create', createInput({ assigneeId: USERS.counselor.id }), USERS.secretary));
    expect(secretary.code).toBe('forbidden');
    expect(secretary.message).toMatch(/^Un lead créé par la secrétaire lui est attribué\u00a0: .* confiez-le à une conseillère\.$/);
  });

  it('lets an admin or director give it to a counselor or the secretary, who is told as lead.assign tells her', () => {
    for (const [who, to] of [
      [USERS.admin, USERS.counselor],
      [USERS.director, USERS.secretary],
    ] as const) {
      const puts = putsOf(perform(makeDb(), 'lead.create', createInput({ assigneeId: to.id }), who));
      expect(rowsIn(puts, 'leads')[0]).toMatchObject({ assigneeId: to.id, createdById: who.id });
      expect(assignedLines(puts)).toEqual([expect.objectContaining({ actorId: who.id, before: { assigneeId: null }, after: { assigneeId: to.id } })]);
      expect(assignedNotices(puts)).toEqual([
        expect.objectContaining({ userId: to.id, leadId: ID, count: 1, payload: { leadIds: [ID] }, readAt: null }),
      ]);
    }
  });

  it('leaves it unassigned when an admin or director names nobody; an admin who takes it is not told', () => {
    const none = putsOf(perform(makeDb(), 'lead.create', createInput(), USERS.director));
    expect(rowsIn(none, 'leads')[0]?.assigneeId).toBeNull();
    expect(assignedLines(none)).toEqual([]);
    const herself = putsOf(perform(makeDb(), 'lead.create', createInput({ assigneeId: USERS.admin.id }), USERS.admin));
    expect(rowsIn(herself, 'leads')[0]?.assigneeId).toBe(USERS.admin.id);
    expect(assignedNotices(herself)).toEqual([]);
  });

  it('refuses an assignee who does not exist or whose account is closed, and writes nothing', () => {
    expect(refusalOf(perform(makeDb(), 'lead.create', createInput({ assigneeId: USERS.inactive.id }), USERS.admin)).code).toBe('inactive_user');
    expect(refusalOf(perform(makeDb(), 'lead.create', createInput({ assigneeId: testId('user', 'ghost') }), USERS.admin)).code).toBe('not_found');
  });

  it('keeps web-form leads and imported rows unassigned', () => {
    const web = putsOf(perform(makeDb(), 'lead.create', createInput({ source: 'web_form' }), SYSTEM_ACTOR));
    expect(rowsIn(web, 'leads')[0]?.assigneeId).toBeNull();
    expect(assignedLines(web)).toEqual([]);
    // An import row has no assignee field: one slipped in is dropped, not applied.
    const row = { ...importRow(1), assigneeId: USERS.counselor.id } as ReturnType<typeof importRow>;
    const imported = putsOf(perform(makeDb(), 'lead.createMany', { importBatchId: BATCH, fileName: 'salon.xlsx', leads: [row] }, USERS.admin));
    expect(rowsIn(imported, 'leads')[0]?.assigneeId).toBeNull();
    expect(assignedLines(imported)).toEqual([]);
  });
});
