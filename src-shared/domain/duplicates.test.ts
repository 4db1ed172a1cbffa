import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Lead } from './entities';
import type { LeadStatus } from './statuses';
import { FINAL_STATUSES, LEAD_STATUSES } from './statuses';
import { buildDuplicateIndex, duplicateKeys, findDuplicate, findDuplicateInIndex } from './duplicates';
import { lead as leadRow } from '../testing/builders';

let counter = 0;
function lead(over: Partial<Lead>): Lead {
  counter += 1;
  const createdAt = over.createdAt ?? '2026-01-10T15:00:00.000Z';
  return leadRow({
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    createdAt,
    updatedAt: createdAt,
    statusChangedAt: createdAt,
    firstName: 'Amina',
    lastName: 'Benali',
    country: 'CA',
    consent: true,
    createdById: null,
    ...over,
  });
}

describe('duplicateKeys', () => {
  it('gives one key per known contact, e-mail normalised', () => {
    expect(duplicateKeys({ email: ' A@B.ca ', phoneE164: '+15145551234' })).toEqual(['phone:+15145551234', 'email:a@b.ca']);
    expect(duplicateKeys({ email: null, phoneE164: '+33612345678' })).toEqual(['phone:+33612345678']);
    expect(duplicateKeys({ email: 'a@b.ca', phoneE164: null })).toEqual(['email:a@b.ca']);
    expect(duplicateKeys({ email: '  ', phoneE164: '' })).toEqual([]);
  });
});

describe('findDuplicate', () => {
  const phone = '+15145551234';

  it('finds an open lead with the same phone or the same e-mail', () => {
    const byPhone = lead({ phoneE164: phone });
    const byEmail = lead({ email: 'amina@exemple.ca' });
    expect(findDuplicate({ email: null, phoneE164: phone }, [byEmail, byPhone])).toBe(byPhone);
    expect(findDuplicate({ email: 'Amina@Exemple.CA', phoneE164: null }, [byPhone, byEmail])).toBe(byEmail);
  });

  it('finds nothing when no contact matches, or the candidate has none', () => {
    const other = lead({ phoneE164: '+14385550199', email: 'x@exemple.ca' });
    expect(findDuplicate({ email: 'amina@exemple.ca', phoneE164: phone }, [other])).toBeNull();
    expect(findDuplicate({ email: null, phoneE164: null }, [lead({})])).toBeNull();
  });

  it.each([...FINAL_STATUSES])('ignores a lead in the final status %s', (status) => {
    expect(findDuplicate({ email: null, phoneE164: phone }, [lead({ phoneE164: phone, status })])).toBeNull();
  });

  it('ignores deleted leads and the candidate itself', () => {
    const deleted = lead({ phoneE164: phone, deletedAt: '2026-02-01T00:00:00.000Z' });
    const itself = lead({ phoneE164: phone });
    expect(findDuplicate({ id: itself.id, email: null, phoneE164: phone }, [deleted, itself])).toBeNull();
  });

  it('picks the oldest match, then the smallest id, whichever key matched', () => {
    const newer = lead({ phoneE164: phone, createdAt: '2026-03-01T12:00:00.000Z' });
    const oldest = lead({ email: 'amina@exemple.ca', createdAt: '2026-01-01T12:00:00.000Z' });
    // Same instant written with an offset: compared as instants, not as text.
    const sameInstantB = lead({ id: '00000000-0000-4000-8000-bbbbbbbbbbbb', phoneE164: phone, createdAt: '2025-12-31T07:00:00.000-05:00' });
    const sameInstantA = lead({ id: '00000000-0000-4000-8000-aaaaaaaaaaaa', email: 'amina@exemple.ca', createdAt: '2025-12-31T12:00:00.000Z' });
    const candidate = { email: 'amina@exemple.ca', phoneE164: phone };
    expect(findDuplicate(candidate, [newer, oldest])).toBe(oldest);
    expect(findDuplicate(candidate, [newer, oldest, sameInstantB, sameInstantA])).toBe(sameInstantA);
  });

  it('skips the candidate but still finds an older or newer twin under the same key', () => {
    const first = lead({ phoneE164: phone, createdAt: '2026-01-01T00:00:00.000Z' });
    const second = lead({ phoneE164: phone, createdAt: '2026-02-01T00:00:00.000Z' });
    expect(findDuplicate({ id: first.id, email: null, phoneE164: phone }, [first, second])).toBe(second);
    expect(findDuplicate({ id: second.id, email: null, phoneE164: phone }, [first, second])).toBe(first);
  });

  it('agrees with a plain scan of the leads (property)', () => {
    const phones = ['+15145551234', '+14385550199', '+33612345678'];
    const emails = ['a@exemple.ca', 'b@exemple.ca', 'c@exemple.ca'];
    const leadArb = fc.record({
      phoneE164: fc.option(fc.constantFrom(...phones)),
      email: fc.option(fc.constantFrom(...emails, 'A@Exemple.CA')),
      status: fc.constantFrom<LeadStatus>(...LEAD_STATUSES),
      deleted: fc.boolean(),
      day: fc.integer({ min: 1, max: 5 }),
    });
    fc.assert(
      fc.property(fc.array(leadArb, { maxLength: 12 }), fc.nat({ max: 20 }), leadArb, (specs, pick, cand) => {
        const leads = specs.map((s) =>
          lead({
            phoneE164: s.phoneE164,
            email: s.email?.toLowerCase() ?? null,
            status: s.status,
            deletedAt: s.deleted ? '2026-06-01T00:00:00.000Z' : null,
            createdAt: `2026-01-0${s.day}T00:00:00.000Z`,
          }),
        );
        const candidate = { id: leads[pick]?.id, email: cand.email, phoneE164: cand.phoneE164 };
        const expected =
          leads
            .filter((l) => l.deletedAt === null && !FINAL_STATUSES.has(l.status) && l.id !== candidate.id)
            .filter(
              (l) =>
                (candidate.phoneE164 !== null && l.phoneE164 === candidate.phoneE164) ||
                (candidate.email !== null && l.email === candidate.email.toLowerCase()),
            )
            .sort((x, y) => x.createdAt.localeCompare(y.createdAt) || x.id.localeCompare(y.id))[0] ?? null;
        expect(findDuplicate(candidate, leads)).toBe(expected);
        expect(findDuplicateInIndex(candidate, buildDuplicateIndex(leads))).toBe(expected);
      }),
    );
  });
});
