import { afterEach, describe, expect, it } from 'vitest';
import type { ImportRow } from '~shared/domain/import';
import { newId } from '~shared/ids';
import { USERS } from '~shared/testing/builders';
import { Replica } from '../../db/replica';
import { openLeadsByContact } from '../../db/state-loader';
import { newOffice, pullAll } from '../../testing/sync-harness';
import { ExistingContacts } from './existing-contacts';

// The open leads sharing a contact with an import's rows, looked up batch by batch while the file
// is read: the same leads, in the same order, as one lookup of every row at the end; nothing
// once a lead changed in between.

const NOW = '2026-03-10T15:00:00.000Z';
const ADMIN = { id: USERS.admin.id, role: 'admin' as const };

function setup() {
  const office = newOffice();
  const replica = Replica.open(':memory:');
  pullAll(replica, office, USERS.admin.id);
  const saved = (firstName: string, contact: { email?: string; phone?: string }, at = NOW) => {
    const id = newId();
    const result = replica.runMutation(ADMIN, 'lead.create', { id, firstName, lastName: 'Existant', source: 'manual', ...contact }, at);
    if (!result.ok) throw new Error(result.refusal.message);
    return id;
  };
  return { office, replica, saved, close: () => (replica.close(), office.close()) };
}

const row = (n: number, contact: { email?: string; phone?: string }): ImportRow => ({
  row: n,
  lead: { firstName: `Ligne ${n}`, lastName: 'Fichier', email: contact.email ?? null, phone: contact.phone ?? null, phoneTyped: contact.phone ?? null, language: null, city: null, country: null, programOfInterest: null, notes: null, utmSource: null, date: null },
  warnings: [],
});

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('ExistingContacts', () => {
  it('batch by batch finds the leads one lookup of every row finds, oldest first, each once', () => {
    const { replica, saved, close } = setup();
    cleanups.push(close);
    // Created in the opposite order of the rows that find them, and one found by two batches.
    const late = saved('Tard', { email: 'tard@exemple.ca' }, '2026-03-10T16:00:00.000Z');
    const early = saved('Tôt', { phone: '+15145550101' }, '2026-03-09T10:00:00.000Z');
    const twice = saved('Deux', { email: 'deux@exemple.ca', phone: '+14385550102' }, '2026-03-09T12:00:00.000Z');
    saved('Ailleurs', { email: 'ailleurs@exemple.ca' });
    const batches = [
      [row(2, { email: 'tard@exemple.ca' }), row(3, { email: 'deux@exemple.ca' }), row(4, { email: 'nouveau@exemple.ca' })],
      [row(5, { phone: '+14385550102' }), row(6, {})],
      [row(7, { phone: '+15145550101', email: 'autre@exemple.ca' })],
    ];

    const contacts = new ExistingContacts(replica);
    for (const batch of batches) contacts.add(batch);

    const rows = batches.flat();
    const whole = openLeadsByContact(replica.sqlite, { phones: rows.flatMap((r) => r.lead.phone ?? []), emails: rows.flatMap((r) => r.lead.email ?? []) });
    expect(contacts.leads()?.map((l) => l.id)).toEqual([early, twice, late]);
    expect(contacts.leads()).toEqual(whole);
  });

  it('answers nothing once a lead changed while the file was read, even one no batch had found', () => {
    const { replica, saved, close } = setup();
    cleanups.push(close);
    const contacts = new ExistingContacts(replica);
    contacts.add([row(2, { email: 'marc@exemple.ca' })]);
    // Typed in on this workstation (or pulled) after the first batch was looked up: a duplicate
    // of that batch's row that the lookups so far cannot know.
    saved('Marc', { email: 'marc@exemple.ca' });
    contacts.add([row(3, { email: 'autre@exemple.ca' })]);
    expect(contacts.leads()).toBeNull();
  });
});
