import type Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Lead } from '~shared/domain/entities';
import { lead as leadRow } from '~shared/testing/builders';
import { openLocalDatabase } from './migrate';
import { leads } from './schema';

// leads_fts (migrations/client/0001_leads_fts.sql): accent-blind search on names, e-mail, phones
// and notes that stays in step with `leads` whatever way a row is written.

const opened: Database.Database[] = [];
afterEach(() => {
  for (const sqlite of opened.splice(0)) sqlite.close();
});

function open() {
  const local = openLocalDatabase(':memory:');
  opened.push(local.sqlite);
  return local;
}

let serial = 0;
function aLead(fields: Partial<Lead> = {}): Lead {
  serial += 1;
  const at = '2026-01-05T14:30:00.000Z';
  return leadRow({
    id: `0192f6a0-7c1e-7b3a-9c1d-${serial.toString(16).padStart(12, '0')}`,
    version: serial,
    createdAt: at,
    updatedAt: at,
    statusChangedAt: at,
    firstName: 'Jean',
    lastName: 'Untel',
    language: null,
    city: null,
    country: null,
    createdById: null,
    ...fields,
  });
}

/** Ids of the leads a full-text query finds, sorted. */
function search(sqlite: Database.Database, query: string): string[] {
  const rows = sqlite
    .prepare('select leads.id from leads_fts join leads on leads.rowid = leads_fts.rowid where leads_fts match ? order by leads.id')
    .all(query) as Array<{ id: string }>;
  return rows.map((row) => row.id);
}

/** Throws when the index differs from the `leads` rows it was built from. */
function checkIndexMatchesLeads(sqlite: Database.Database): void {
  sqlite.prepare("insert into leads_fts (leads_fts, rank) values ('integrity-check', 1)").run();
}

describe('leads_fts', () => {
  it('finds "Hélène" by "helene", and by e-mail, phone and notes', () => {
    const { db, sqlite } = open();
    const helene = aLead({
      firstName: 'Hélène',
      lastName: 'Tremblay',
      email: 'h.tremblay@example.com',
      phoneE164: '+15145550199',
      phoneRaw: '(514) 555-0199',
      notes: 'Intéressée par le PEQ',
    });
    const other = aLead({ firstName: 'Marc', lastName: 'Côté' });
    db.insert(leads).values([helene, other]).run();

    expect(search(sqlite, 'helene')).toEqual([helene.id]);
    expect(search(sqlite, 'HÉLÈNE')).toEqual([helene.id]);
    expect(search(sqlite, 'tremblay')).toEqual([helene.id]);
    expect(search(sqlite, 'cote')).toEqual([other.id]);
    expect(search(sqlite, '15145550199')).toEqual([helene.id]);
    expect(search(sqlite, '"514 555 0199"')).toEqual([helene.id]);
    expect(search(sqlite, 'interessee')).toEqual([helene.id]);
    expect(search(sqlite, 'tremb*')).toEqual([helene.id]);
  });

  it('follows an update of a searched field and ignores one of another field', () => {
    const { db, sqlite } = open();
    const lead = aLead({ firstName: 'Hélène' });
    db.insert(leads).values(lead).run();

    db.update(leads).set({ firstName: 'Éloïse' }).where(eq(leads.id, lead.id)).run();
    expect(search(sqlite, 'helene')).toEqual([]);
    expect(search(sqlite, 'eloise')).toEqual([lead.id]);

    db.update(leads).set({ status: 'contacted' }).where(eq(leads.id, lead.id)).run();
    expect(search(sqlite, 'eloise')).toEqual([lead.id]);
    checkIndexMatchesLeads(sqlite);
  });

  it('forgets a deleted lead', () => {
    const { db, sqlite } = open();
    const lead = aLead({ firstName: 'Hélène' });
    db.insert(leads).values(lead).run();
    db.delete(leads).where(eq(leads.id, lead.id)).run();
    expect(search(sqlite, 'helene')).toEqual([]);
    checkIndexMatchesLeads(sqlite);
  });

  it('stays in step through INSERT OR REPLACE, which deletes and reinserts the row', () => {
    const { db, sqlite } = open();
    const lead = aLead({ firstName: 'Hélène' });
    db.insert(leads).values(lead).run();
    const replace = db.insert(leads).values({ ...lead, firstName: 'Zoë' }).toSQL();
    sqlite.prepare(replace.sql.replace(/^insert into/i, 'insert or replace into')).run(...(replace.params as unknown[]));

    expect(search(sqlite, 'helene')).toEqual([]);
    expect(search(sqlite, 'zoe')).toEqual([lead.id]);
    checkIndexMatchesLeads(sqlite);
  });

  it('matches a model of the leads after any sequence of inserts, upserts, updates and deletes', () => {
    const words = ['Hélène', 'Éric', 'Zoë', 'François', 'Anaïs', 'Chloé', 'Noël'];
    const fold = (word: string) => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    const ids = [1, 2, 3, 4].map((n) => `0192f6a0-0000-7000-8000-00000000000${n}`);
    const searched = fc.record({
      firstName: fc.constantFrom(...words),
      lastName: fc.constantFrom(...words),
      notes: fc.option(fc.constantFrom(...words)),
    });
    const operation = fc.oneof(
      fc.record({ op: fc.constant('upsert' as const), id: fc.constantFrom(...ids), fields: searched }),
      fc.record({ op: fc.constant('update' as const), id: fc.constantFrom(...ids), fields: searched }),
      fc.record({ op: fc.constant('status' as const), id: fc.constantFrom(...ids) }),
      fc.record({ op: fc.constant('delete' as const), id: fc.constantFrom(...ids) }),
    );

    fc.assert(
      fc.property(fc.array(operation, { maxLength: 25 }), (operations) => {
        const { db, sqlite } = open();
        const model = new Map<string, { firstName: string; lastName: string; notes: string | null }>();
        for (const step of operations) {
          if (step.op === 'upsert') {
            db.insert(leads)
              .values(aLead({ id: step.id, ...step.fields }))
              .onConflictDoUpdate({ target: leads.id, set: step.fields })
              .run();
            model.set(step.id, step.fields);
          } else if (step.op === 'update') {
            db.update(leads).set(step.fields).where(eq(leads.id, step.id)).run();
            if (model.has(step.id)) model.set(step.id, step.fields);
          } else if (step.op === 'status') {
            db.update(leads).set({ status: 'contacted' }).where(eq(leads.id, step.id)).run();
          } else {
            db.delete(leads).where(eq(leads.id, step.id)).run();
            model.delete(step.id);
          }
        }

        checkIndexMatchesLeads(sqlite);
        for (const word of words) {
          const expected = [...model]
            .filter(([, lead]) => [lead.firstName, lead.lastName, lead.notes].includes(word))
            .map(([id]) => id)
            .sort();
          expect(search(sqlite, fold(word))).toEqual(expected);
        }
        sqlite.close();
        opened.pop();
      }),
    );
  });
});
