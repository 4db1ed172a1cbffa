import { describe, expect, it } from 'vitest';
import { NOW, USERS, lead, testId } from '../../testing/builders';
import { makeDb, perform, putsOf, refusalOf, rowsIn } from '../../testing/memory-office';

const mine = lead({ assigneeId: USERS.counselor.id, phoneE164: '+15145551234', phoneRaw: '514-555-1234', email: 'a@b.ca' });
const db = makeDb({ leads: [mine] });

describe('lead.update', () => {
  it('changes only the named fields, re-normalises the phone and records before/after', () => {
    const puts = putsOf(perform(db, 'lead.update', { id: mine.id, patch: { city: 'Laval', phone: '438 555 1234' } }, USERS.counselor));
    const [row] = rowsIn(puts, 'leads');
    expect(row).toEqual({ ...mine, city: 'Laval', phoneE164: '+14385551234', phoneRaw: '438 555 1234', updatedAt: NOW });
    expect(rowsIn(puts, 'history')).toEqual([
      expect.objectContaining({
        kind: 'updated',
        actorId: USERS.counselor.id,
        before: { city: 'Montréal', phoneE164: '+15145551234', phoneRaw: '514-555-1234' },
        after: { city: 'Laval', phoneE164: '+14385551234', phoneRaw: '438 555 1234' },
      }),
    ]);
  });

  it('keeps the first name when the patch does not name it', () => {
    const puts = putsOf(perform(db, 'lead.update', { id: mine.id, patch: { notes: 'Préfère le soir' } }, USERS.admin));
    expect(rowsIn(puts, 'leads')[0]).toMatchObject({ firstName: 'Marie', notes: 'Préfère le soir' });
  });

  it('normalises the e-mail, clears it when emptied, and refuses an invalid one', () => {
    const changed = putsOf(perform(db, 'lead.update', { id: mine.id, patch: { email: ' NEW@Example.ca ' } }, USERS.admin));
    expect(rowsIn(changed, 'leads')[0]?.email).toBe('new@example.ca');
    const cleared = putsOf(perform(db, 'lead.update', { id: mine.id, patch: { email: '' } }, USERS.admin));
    expect(rowsIn(cleared, 'leads')[0]?.email).toBeNull();
    expect(refusalOf(perform(db, 'lead.update', { id: mine.id, patch: { email: 'x@' } }, USERS.admin)).code).toBe('invalid_args');
  });

  it('writes nothing when nothing changes', () => {
    expect(putsOf(perform(db, 'lead.update', { id: mine.id, patch: { city: 'Montréal', email: 'A@B.CA' } }, USERS.admin))).toEqual([]);
  });

  it('writes its note in the history line, even when no field changes (an import merged into the lead)', () => {
    const filled = putsOf(perform(db, 'lead.update', { id: mine.id, patch: { country: 'Maroc' }, note: 'Fusionné avec l’import (ligne 4).' }, USERS.admin));
    expect(rowsIn(filled, 'history')).toEqual([expect.objectContaining({ kind: 'updated', after: { country: 'Maroc' }, note: 'Fusionné avec l’import (ligne 4).' })]);
    const nothing = putsOf(perform(db, 'lead.update', { id: mine.id, patch: {}, note: 'Fusionné avec l’import (ligne 9).' }, USERS.admin));
    expect(rowsIn(nothing, 'leads')).toEqual([]);
    expect(rowsIn(nothing, 'history')).toEqual([expect.objectContaining({ kind: 'updated', before: null, after: null, note: 'Fusionné avec l’import (ligne 9).' })]);
  });

  it('lets counselor and secretary edit their own leads only; a client lead stays editable', () => {
    for (const who of [USERS.counselor2, USERS.secretary]) {
      expect(refusalOf(perform(db, 'lead.update', { id: mine.id, patch: { city: 'Laval' } }, who)).code).toBe('forbidden');
    }
    const hers = makeDb({ leads: [{ ...mine, assigneeId: USERS.secretary.id }] });
    expect(putsOf(perform(hers, 'lead.update', { id: mine.id, patch: { city: 'Laval' } }, USERS.secretary))).toHaveLength(2);
    const client = makeDb({ leads: [{ ...mine, status: 'client' }] });
    expect(putsOf(perform(client, 'lead.update', { id: mine.id, patch: { city: 'Laval' } }, USERS.counselor))).toHaveLength(2);
  });

  it('refuses an unknown or archived lead, and an empty patch', () => {
    expect(refusalOf(perform(db, 'lead.update', { id: testId('lead', 'nope'), patch: { city: 'X' } }, USERS.admin)).code).toBe('not_found');
    const archived = makeDb({ leads: [{ ...mine, deletedAt: NOW }] });
    expect(refusalOf(perform(archived, 'lead.update', { id: mine.id, patch: { city: 'X' } }, USERS.admin)).code).toBe('not_found');
    expect(refusalOf(perform(db, 'lead.update', { id: mine.id, patch: {} }, USERS.admin)).code).toBe('invalid_args');
  });
});
