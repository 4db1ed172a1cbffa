import { describe, expect, it } from 'vitest';
import { lead, testId } from '../../testing/builders';
import { duplicateCounts, findDuplicates } from './duplicate-groups';
import { importRow } from '../../testing/import-rows';

const P1 = '+15145551234';
const P2 = '+14385550000';

describe('findDuplicates', () => {
  it('groups rows of the file sharing a phone or an e-mail, transitively, first row first', () => {
    const rows = [
      importRow(2, { phone: P1 }),
      importRow(3, { email: 'x@exemple.ca' }),
      importRow(4, { email: 'a@exemple.ca', phone: P1 }),
      importRow(5, { email: 'a@exemple.ca' }),
      importRow(6, { phone: P2 }),
    ];
    const report = findDuplicates(rows, []);
    expect(report.groups.map((g) => [g.id, g.kind, g.rows.map((r) => r.row)])).toEqual([['rows:2', 'inFile', [2, 4, 5]]]);
    expect(report.singles.map((r) => r.row)).toEqual([3, 6]);
    expect(duplicateCounts(report)).toEqual({ inFile: 2, existing: 0 });
  });

  it('matches open leads by normalised phone or e-mail, never final or deleted ones', () => {
    const open = lead({ id: testId('lead', 1), phoneE164: P1 });
    const byEmail = lead({ id: testId('lead', 2), email: 'amina@exemple.ca' });
    const final = lead({ id: testId('lead', 3), phoneE164: P2, status: 'client' });
    const deleted = lead({ id: testId('lead', 4), email: 'z@exemple.ca', deletedAt: '2026-03-02T00:00:00.000Z' });
    const rows = [
      importRow(2, { phone: P1 }),
      importRow(3, { email: 'amina@exemple.ca' }),
      importRow(4, { phone: P2 }),
      importRow(5, { email: 'z@exemple.ca' }),
    ];
    const report = findDuplicates(rows, [open, byEmail, final, deleted]);
    expect(report.groups.map((g) => [g.id, g.kind, g.existing?.id, g.rows.map((r) => r.row)])).toEqual([
      [`lead:${open.id}`, 'existing', open.id, [2]],
      [`lead:${byEmail.id}`, 'existing', byEmail.id, [3]],
    ]);
    expect(report.singles.map((r) => r.row)).toEqual([4, 5]);
    expect(duplicateCounts(report)).toEqual({ inFile: 0, existing: 2 });
  });

  it('puts rows matching the same existing lead, or each other, in one group with the oldest lead', () => {
    const older = lead({ id: testId('lead', 1), phoneE164: P1, createdAt: '2025-01-01T00:00:00.000Z' });
    const newer = lead({ id: testId('lead', 2), email: 'a@exemple.ca', createdAt: '2026-01-01T00:00:00.000Z' });
    const rows = [importRow(2, { email: 'a@exemple.ca' }), importRow(7, { phone: P1 }), importRow(9, { phone: P1, email: 'b@exemple.ca' }), importRow(11, { email: 'b@exemple.ca' })];
    const report = findDuplicates(rows, [newer, older]);
    expect(report.groups).toHaveLength(2);
    expect(report.groups[0]).toMatchObject({ id: `lead:${newer.id}`, kind: 'existing' });
    expect(report.groups[0]?.rows.map((r) => r.row)).toEqual([2]);
    expect(report.groups[1]).toMatchObject({ id: `lead:${older.id}`, kind: 'existing' });
    expect(report.groups[1]?.rows.map((r) => r.row)).toEqual([7, 9, 11]);
    expect(duplicateCounts(report)).toEqual({ inFile: 0, existing: 4 });
  });
});
