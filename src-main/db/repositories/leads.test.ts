import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { LEAD_SORTS, type LeadFilters, type LeadSort } from '~shared/contract/ipc';
import type { Appointment, Lead } from '~shared/domain/entities';
import { USERS, appointment, testId } from '~shared/testing/builders';
import { normalizePhone } from '~shared/domain/phone';
import { LEAD_STATUSES } from '~shared/domain/statuses';
import { openLocalDatabase } from '../migrate';
import { rowStore } from '../rows';
import { fakeLeads } from '~shared/testing/fake-leads';
import { InvalidCursorError } from './keyset';
import { LIST_TUNING, leadWhere } from './lead-filters';
import { countLeadsByStatus, findDuplicateLeads, leadIds, listLeads } from './leads';
import { NEAREST_FIRST, datedQuery, undatedQuery } from './nearest-first';
import { ftsQuery } from './search';

// The Leads screen's queries against a model written from the contract: filters, accent-blind
// prefix search, every sort, keyset pages with no row lost or repeated even when the sort key
// repeats, totals and counts. Both query plans run: starting from the search matches, and scanning
// the covering index (LIST_TUNING lowered).

const ASSIGNEES = [USERS.counselor.id, USERS.counselor2.id, USERS.secretary.id];
const BATCH = testId('batch', 'salon');

const { sqlite } = openLocalDatabase(':memory:');
afterAll(() => sqlite.close());

const LEADS: Lead[] = fakeLeads(400, { seed: 11, assignees: ASSIGNEES }).map((lead, i) => ({
  ...lead,
  // Some archived, some duplicates, one import batch, updates out of creation order.
  deletedAt: i % 37 === 5 ? '2026-01-01T00:00:00.000Z' : null,
  duplicateOfId: i % 23 === 3 ? testId('lead', 'original') : null,
  importBatchId: i % 5 === 0 ? BATCH : null,
  updatedAt: new Date(Date.parse(lead.createdAt) + ((i * 7919) % 500) * 60_000).toISOString(),
}));
const store = rowStore(sqlite);
for (const lead of LEADS) store.upsert('leads', lead);
// Appointments of every state: a lead's next one is its earliest still scheduled, past or not;
// several leads share a start, so the sort's tie-break is exercised.
const APPOINTMENTS: Appointment[] = LEADS.flatMap((lead, i) =>
  i % 3 !== 0
    ? []
    : [0, 1, 2].slice(0, 1 + (i % 4)).map((k) => {
        const startsAt = new Date(Date.parse('2026-03-01T14:00:00.000Z') + (((i * 31 + k * 17) % 40) - 10) * 3_600_000).toISOString();
        return appointment({
          id: testId('appointment', `${i}-${k}`),
          leadId: lead.id,
          startsAt,
          endsAt: new Date(Date.parse(startsAt) + 3_600_000).toISOString(),
          state: (['scheduled', 'attended', 'missed', 'cancelled', 'scheduled'] as const)[(i + k) % 5] ?? 'scheduled',
          deletedAt: (i + k) % 11 === 4 ? '2026-01-01T00:00:00.000Z' : null,
        });
      }),
);
// Some leads have two scheduled appointments at the same start: the lead is listed once.
for (const a of APPOINTMENTS.filter((row, i) => i % 7 === 0)) {
  APPOINTMENTS.push({ ...a, id: testId('appointment', `${a.id}-twin`), state: 'scheduled', deletedAt: null });
}
for (const row of APPOINTMENTS) store.upsert('appointments', row);
const NEXT_APPOINTMENT = new Map<string, string>();
for (const a of APPOINTMENTS) {
  const known = NEXT_APPOINTMENT.get(a.leadId);
  if (a.state === 'scheduled' && a.deletedAt === null && (known === undefined || a.startsAt < known)) NEXT_APPOINTMENT.set(a.leadId, a.startsAt);
}
const nextAppointment = (lead: Lead): string | null => NEXT_APPOINTMENT.get(lead.id) ?? null;
// Two leads with a change waiting in the outbox.
const PENDING = new Set([LEADS[0]?.id, LEADS[1]?.id]);
for (const id of PENDING) sqlite.prepare("insert into saved_images (table_name, row_id, image) values ('leads', ?, null)").run(id);

// ---- the model ---------------------------------------------------------------------------------

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const tokens = (lead: Lead) =>
  [lead.firstName, lead.lastName, lead.email, lead.phoneE164, lead.phoneRaw, lead.notes]
    .filter((v): v is string => v !== null)
    .flatMap((v) => fold(v).split(/[^\p{L}\p{N}]+/u))
    .filter(Boolean);

function matchesSearch(lead: Lead, search: string | undefined): boolean {
  const words = (search?.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? []).map(fold);
  if (words.length === 0) return true;
  const own = tokens(lead);
  const has = (prefix: string) => own.some((t) => t.startsWith(prefix));
  if (words.every(has)) return true;
  if (!/^[\d\s().+\-/]+$/.test(search ?? '')) return false;
  const digits = words.join('');
  return has(digits) || (digits.length >= 6 && !digits.startsWith('1') && has(`1${digits}`));
}

function matches(lead: Lead, f: LeadFilters, ignoreStatuses = false): boolean {
  if (lead.deletedAt !== null) return false;
  if (!ignoreStatuses && f.statuses?.length && !f.statuses.includes(lead.status)) return false;
  if (f.assigneeId && lead.assigneeId !== f.assigneeId) return false;
  if (f.unassigned && lead.assigneeId !== null) return false;
  if (f.sources?.length && !f.sources.includes(lead.source)) return false;
  const t = (instant: string) => Date.parse(instant);
  if (f.createdFrom && t(lead.createdAt) < t(f.createdFrom)) return false;
  if (f.createdTo && t(lead.createdAt) > t(f.createdTo)) return false;
  if (f.callbackDueBefore && (lead.callbackAt === null || t(lead.callbackAt) > t(f.callbackDueBefore))) return false;
  if (f.duplicatesOnly && lead.duplicateOfId === null) return false;
  if (f.importBatchId && lead.importBatchId !== f.importBatchId) return false;
  if (f.ids && !f.ids.includes(lead.id)) return false;
  return matchesSearch(lead, f.search);
}

const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
const nocase = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const rank = (lead: Lead) => LEAD_STATUSES.indexOf(lead.status);
const ORDER: Record<LeadSort, (a: Lead, b: Lead) => number> = {
  created_desc: (a, b) => cmp(b.createdAt, a.createdAt) || cmp(b.id, a.id),
  created_asc: (a, b) => cmp(a.createdAt, b.createdAt) || cmp(a.id, b.id),
  name_asc: (a, b) => cmp(nocase(a.lastName), nocase(b.lastName)) || cmp(nocase(a.firstName), nocase(b.firstName)) || cmp(a.id, b.id),
  status: (a, b) => cmp(rank(a), rank(b)) || cmp(b.createdAt, a.createdAt) || cmp(b.id, a.id),
  callback_asc: (a, b) => cmp(a.callbackAt ?? '~', b.callbackAt ?? '~') || cmp(a.id, b.id),
  appointment_asc: (a, b) => cmp(nextAppointment(a) ?? '~', nextAppointment(b) ?? '~') || cmp(a.id, b.id),
  updated_desc: (a, b) => cmp(b.updatedAt, a.updatedAt) || cmp(b.id, a.id),
};

function expected(filters: LeadFilters, sort: LeadSort): string[] {
  return LEADS.filter((l) => matches(l, filters))
    .sort(ORDER[sort])
    .map((l) => l.id);
}

/** Every page, following `next`; checks each page's total on the way. */
function allPages(filters: LeadFilters, sort: LeadSort, limit: number): string[] {
  const seen: string[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 1000; guard += 1) {
    const page = listLeads(sqlite, { filters, sort, after, limit });
    expect(page.rows.length).toBeLessThanOrEqual(limit);
    expect(page.total).toBe(expected(filters, sort).length);
    seen.push(...page.rows.map((r) => r.id));
    if (page.next === null) return seen;
    expect(page.rows).toHaveLength(limit);
    after = page.next;
  }
  throw new Error('pages sans fin');
}

const SEARCHES = ['trem', 'hélène', 'HELENE', 'cote', "d'am", 'gmail', '514', '514 555', '(438) 5', 'sophie tr', 'zzz', 'e', '"OR*', ''];
const someStatuses = fc.subarray([...LEAD_STATUSES], { maxLength: 4 });
const filters: fc.Arbitrary<LeadFilters> = fc.record(
  {
    statuses: someStatuses,
    assigneeId: fc.constantFrom(...ASSIGNEES),
    unassigned: fc.boolean(),
    sources: fc.subarray(['manual', 'web_form', 'import', 'referral'] as const, { minLength: 1 }),
    createdFrom: fc.constantFrom('2025-01-01T12:30:00.000Z', '2025-01-01T18:00:00.000Z'),
    createdTo: fc.constantFrom('2025-01-01T15:00:00.000Z', '2025-01-01T23:00:00+02:00'),
    callbackDueBefore: fc.constantFrom('2025-01-02T20:00:00.000Z'),
    duplicatesOnly: fc.boolean(),
    importBatchId: fc.constant(BATCH),
    ids: fc.subarray(LEADS.map((l) => l.id), { maxLength: 40 }),
    search: fc.constantFrom(...SEARCHES),
  },
  { requiredKeys: [] },
);

afterEach(() => {
  LIST_TUNING.searchDrivenMax = 2000;
  LIST_TUNING.nearestFirstMin = 8000;
  LIST_TUNING.nearestFirstScan = 4000;
});

describe('listLeads', () => {
  for (const plan of ['search-driven', 'index-driven', 'date-index-driven', 'date-index-driven, short reads'] as const) {
    it(`pages through every sort and filter without losing or repeating a lead (${plan})`, () => {
      LIST_TUNING.searchDrivenMax = plan === 'search-driven' ? 1_000_000 : 0;
      // The nearest-first sorts read their date's index whatever the number of matches.
      if (plan.startsWith('date-index-driven')) LIST_TUNING.nearestFirstMin = 0;
      // Reads that stop at their horizon after a few rows, so pages fall back to sorting the matches.
      if (plan.endsWith('short reads')) LIST_TUNING.nearestFirstScan = 3;
      fc.assert(
        fc.property(filters, fc.constantFrom(...LEAD_SORTS), fc.constantFrom(1, 7, 50), (f, sort, limit) => {
          expect(allPages(f, sort, limit)).toEqual(expected(f, sort));
        }),
        { numRuns: 150 },
      );
    });
  }

  it('pages through the whole list one sort key tie at a time', () => {
    // Two leads share each creation minute, so every page boundary of 1 row splits a tie.
    for (const sort of LEAD_SORTS) expect(allPages({}, sort, 1)).toEqual(expected({}, sort));
  });

  it('lists each lead once in the nearest-first sorts read in date order, even with two appointments at the same start', () => {
    LIST_TUNING.nearestFirstMin = 0;
    for (const sort of ['callback_asc', 'appointment_asc'] as const) {
      for (const [limit, scan] of [[1, 4000], [7, 4000], [50, 4000], [7, 2], [50, 20]] as const) {
        LIST_TUNING.nearestFirstScan = scan;
        expect(allPages({}, sort, limit)).toEqual(expected({}, sort));
        expect(allPages({ statuses: ['new', 'contacted'] }, sort, limit)).toEqual(expected({ statuses: ['new', 'contacted'] }, sort));
      }
    }
  });

  it('keeps paging exact when the plan of the nearest-first sorts changes between pages', () => {
    // A page read in date order, the next sorted over the matches (or the reverse): same cursor.
    for (const sort of ['callback_asc', 'appointment_asc'] as const) {
      const seen: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 1000; i += 1) {
        LIST_TUNING.nearestFirstMin = i % 2 === 0 ? 0 : 1_000_000;
        const page = listLeads(sqlite, { filters: {}, sort, after, limit: 13 });
        seen.push(...page.rows.map((r) => r.id));
        if (page.next === null) break;
        after = page.next;
      }
      expect(seen).toEqual(expected({}, sort));
    }
  });

  it('gives each lead the start of its earliest appointment still scheduled, or none', () => {
    const rows = listLeads(sqlite, { filters: {}, sort: 'appointment_asc', limit: 1000 }).rows;
    const byId = new Map(LEADS.map((l) => [l.id, l]));
    expect(rows.map((r) => r.nextAppointmentAt)).toEqual(rows.map((r) => nextAppointment(byId.get(r.id)!)));
    expect(rows.filter((r) => r.nextAppointmentAt !== null).length).toBeGreaterThan(10);
    // Cancelled, held, missed and deleted appointments are never a lead's next one.
    const closedOnly = LEADS.find((l) => l.deletedAt === null && nextAppointment(l) === null && APPOINTMENTS.some((a) => a.leadId === l.id));
    expect(rows.find((r) => r.id === closedOnly?.id)?.nextAppointmentAt).toBeNull();
  });

  it('marks the leads with a change waiting in the outbox', () => {
    const rows = listLeads(sqlite, { filters: {}, sort: 'created_asc', limit: 5 }).rows;
    expect(rows.map((r) => r.pending)).toEqual(rows.map((r) => PENDING.has(r.id)));
    expect(rows.filter((r) => r.pending).length).toBeGreaterThan(0);
  });

  it('finds accented names without accents, and any word as a prefix', () => {
    const helene = LEADS.find((l) => l.firstName === 'Hélène' && l.deletedAt === null);
    const ids = listLeads(sqlite, { filters: { search: `helen ${helene?.lastName.slice(0, 3)}` }, sort: 'name_asc', limit: 1000 }).rows.map(
      (r) => r.id,
    );
    expect(ids).toContain(helene?.id);
  });

  it('refuses a cursor from another sort or a forged one', () => {
    const { next } = listLeads(sqlite, { filters: {}, sort: 'created_desc', limit: 3 });
    expect(() => listLeads(sqlite, { filters: {}, sort: 'updated_desc', after: next, limit: 3 })).toThrow(InvalidCursorError);
    expect(() => listLeads(sqlite, { filters: {}, sort: 'created_desc', after: 'pas-un-curseur', limit: 3 })).toThrow(InvalidCursorError);
  });

  it('reads the covering indexes, not the table, for a status filter with a search and a sort', () => {
    LIST_TUNING.searchDrivenMax = 0;
    const explain = (sql: string, params: unknown[]) =>
      (sqlite.prepare(`explain query plan ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join('\n');
    const count = (f: LeadFilters) => {
      const where = leadWhere(sqlite, f);
      return explain(`select count(*) from ${where.countFrom ?? where.from} where ${where.sql}`, where.params);
    };
    const page = (f: LeadFilters) => {
      const where = leadWhere(sqlite, f);
      return explain(`select l.rowid from ${where.from} where ${where.sql} order by l.created_at desc, l.id desc limit 201`, where.params);
    };
    const statusAndSearch = { statuses: ['new', 'contacted'] as LeadFilters['statuses'], search: 'trem' };
    expect(count(statusAndSearch)).toMatch(/USING COVERING INDEX leads_live_status_idx \(status=\?/);
    expect(page(statusAndSearch)).toMatch(/USING COVERING INDEX leads_live_list_idx \(status=\?/);
    expect(page(statusAndSearch)).not.toMatch(/INTEGER PRIMARY KEY/);
    expect(page({ statuses: ['new'], sources: ['manual'] })).toMatch(/USING COVERING INDEX leads_live_list_idx/);
    expect(count({ assigneeId: ASSIGNEES[0] })).toMatch(/USING COVERING INDEX leads_live_assignee_idx/);
    expect(count({})).toMatch(/leads_live_status_idx/);
    expect(page({})).toMatch(/leads_live_created_idx/);
  });
});

describe('the nearest-first sorts over many matches', () => {
  it('read their dates, then the undated leads, in index order: no sort of every match before the first row', () => {
    const explain = (q: { sql: string; params: unknown[] }) =>
      (sqlite.prepare(`explain query plan ${q.sql}`).all(...q.params, 201) as Array<{ detail: string }>).map((r) => r.detail).join('\n');
    const expectations = { callback_asc: /leads_callback_at_idx/, appointment_asc: /appointments_open_starts_idx/ };
    for (const sort of ['callback_asc', 'appointment_asc'] as const) {
      const how = NEAREST_FIRST[sort]!;
      for (const f of [{}, { assigneeId: ASSIGNEES[0] }, { sources: ['web_form' as const] }]) {
        const where = leadWhere(sqlite, f);
        const dated = datedQuery(sqlite, how, where, ['2026-03-01T00:00:00.000Z', LEADS[0]!.id], 3)!.query;
        expect(explain(dated)).toMatch(expectations[sort]);
        // Only ties of one date are sorted (the id within the date).
        expect(explain(dated)).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
        const undated = undatedQuery(sqlite, how, where, ['~', LEADS[0]!.id], 3).query;
        expect(explain(undated)).toMatch(/sqlite_autoindex_leads_1 \(id>\? AND id<\?\)/);
        expect(explain(undated)).not.toMatch(/TEMP B-TREE/);
      }
    }
  });
});

describe('countLeadsByStatus and leadIds', () => {
  it('counts every status for the filters, whatever statuses are chosen (they label the chips)', () => {
    fc.assert(
      fc.property(filters, (f) => {
        const counts = countLeadsByStatus(sqlite, f);
        for (const status of LEAD_STATUSES) {
          expect(counts[status]).toBe(LEADS.filter((l) => l.status === status && matches(l, f, true)).length);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('lists the ids of every matching lead, newest first, up to the maximum', () => {
    const f: LeadFilters = { statuses: ['new', 'to_recontact'] };
    expect(leadIds(sqlite, f, 100_000)).toEqual(expected(f, 'created_desc'));
    expect(leadIds(sqlite, f, 3)).toEqual(expected(f, 'created_desc').slice(0, 3));
  });

  it('lists them in the order the list shows, whatever its sort', () => {
    const f: LeadFilters = { statuses: ['new', 'to_recontact', 'contacted'] };
    for (const sort of LEAD_SORTS) expect(leadIds(sqlite, f, 100_000, sort)).toEqual(expected(f, sort));
  });
});

describe('findDuplicateLeads', () => {
  it('finds open leads by the normalised phone or e-mail typed in the form', () => {
    const open = LEADS.find(
      (l) =>
        l.deletedAt === null &&
        !['client', 'not_qualified', 'not_interested'].includes(l.status) &&
        l.email !== null &&
        normalizePhone(l.phoneRaw).e164 === l.phoneE164,
    );
    const national = open?.phoneE164?.slice(2) ?? '';
    const byPhone = findDuplicateLeads(sqlite, { phone: `(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}` });
    expect(byPhone.map((l) => l.id)).toContain(open?.id);
    const byEmail = findDuplicateLeads(sqlite, { email: `  ${open?.email?.toUpperCase()} ` });
    expect(byEmail.map((l) => l.id)).toEqual([open?.id]);
    expect(findDuplicateLeads(sqlite, { email: open?.email, excludeId: open?.id })).toEqual([]);
    expect(findDuplicateLeads(sqlite, {})).toEqual([]);
  });

  it('never offers a final or archived lead', () => {
    const closed = LEADS.filter((l) => l.deletedAt !== null || ['client', 'not_qualified', 'not_interested'].includes(l.status));
    for (const lead of closed.slice(0, 20)) {
      expect(findDuplicateLeads(sqlite, { email: lead.email }).map((l) => l.id)).not.toContain(lead.id);
    }
  });
});

describe('ftsQuery', () => {
  it('quotes every word, so nothing typed is FTS5 syntax', () => {
    expect(ftsQuery('trem')).toBe('"trem"*');
    expect(ftsQuery('Marie "OR" NEAR(')).toBe('"Marie"* AND "OR"* AND "NEAR"*');
    expect(ftsQuery(' * () ')).toBeNull();
    expect(ftsQuery('514 555-01')).toBe('("514"* AND "555"* AND "01"*) OR "51455501"* OR "151455501"*');
  });
});
