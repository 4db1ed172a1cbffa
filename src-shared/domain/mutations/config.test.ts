import { describe, expect, it } from 'vitest';
import { DEFAULT_TEST_SETTINGS, NOW, USERS, procedure, smsTemplate, testId } from '../../testing/builders';
import { makeDb, perform, putsOf, refusalOf, rowsIn } from '../../testing/memory-office';

describe('procedure.upsert', () => {
  const args = { id: testId('procedure', 'pstq'), code: 'PSTQ', nameFr: 'PSTQ', nameEn: 'PSTQ' };

  it('inserts, changes what differs, and writes nothing when nothing differs', () => {
    const inserted = rowsIn(putsOf(perform(makeDb(), 'procedure.upsert', args, USERS.director)), 'procedures');
    expect(inserted).toEqual([expect.objectContaining({ ...args, active: true, sortOrder: 0, version: 0, createdAt: NOW })]);
    const existing = procedure();
    const db = makeDb({ procedures: [existing] });
    const edit = { id: existing.id, code: 'EE', nameFr: 'Entrée express', nameEn: 'Express Entry', active: false, sortOrder: 1 };
    expect(rowsIn(putsOf(perform(db, 'procedure.upsert', edit, USERS.admin)), 'procedures')).toEqual([{ ...existing, active: false, updatedAt: NOW }]);
    expect(putsOf(perform(db, 'procedure.upsert', { ...edit, active: true }, USERS.admin))).toEqual([]);
    const deleted = makeDb({ procedures: [{ ...existing, deletedAt: NOW }] });
    expect(refusalOf(perform(deleted, 'procedure.upsert', edit, USERS.admin)).code).toBe('not_found');
  });

  it('is for admins and directors', () => {
    for (const who of [USERS.counselor, USERS.secretary]) {
      expect(refusalOf(perform(makeDb(), 'procedure.upsert', args, who)).code).toBe('forbidden');
    }
  });
});

describe('smsTemplate.upsert', () => {
  const template = smsTemplate();
  const args = { id: template.id, key: template.key, name: template.name, bodyFr: 'Bonjour {prenom}, à {heure}.', bodyEn: template.bodyEn };

  it('saves a template whose placeholders are all known', () => {
    const puts = putsOf(perform(makeDb({ sms_templates: [template] }), 'smsTemplate.upsert', args, USERS.admin));
    expect(rowsIn(puts, 'sms_templates')).toEqual([{ ...template, bodyFr: args.bodyFr, updatedAt: NOW }]);
  });

  it('refuses an unknown placeholder, naming it', () => {
    const refusal = refusalOf(perform(makeDb(), 'smsTemplate.upsert', { ...args, bodyEn: 'Hi {firstname}' }, USERS.director));
    expect(refusal).toMatchObject({ code: 'invalid_args', message: expect.stringContaining('{firstname}') });
  });

  it('is for admins and directors', () => {
    expect(refusalOf(perform(makeDb(), 'smsTemplate.upsert', args, USERS.counselor)).code).toBe('forbidden');
  });
});

describe('settings.update', () => {
  it('changes the named settings only', () => {
    const puts = putsOf(perform(makeDb(), 'settings.update', { reminderMinuteOfDay: 600, officeName: DEFAULT_TEST_SETTINGS.officeName }, USERS.admin));
    expect(rowsIn(puts, 'settings')).toEqual([{ ...DEFAULT_TEST_SETTINGS, reminderMinuteOfDay: 600, updatedAt: NOW }]);
    expect(putsOf(perform(makeDb(), 'settings.update', { timeZone: 'America/Toronto' }, USERS.admin))).toEqual([]);
  });

  it('needs a real time zone, and is the admin’s alone', () => {
    expect(refusalOf(perform(makeDb(), 'settings.update', { timeZone: 'Montreal/Plateau' }, USERS.admin)).code).toBe('invalid_args');
    expect(refusalOf(perform(makeDb(), 'settings.update', { officeName: 'X' }, USERS.director)).code).toBe('forbidden');
  });
});
