import { describe, expect, it } from 'vitest';
import { REPORT_KINDS } from '../contract/reports';
import { reportScope, visibleReports } from './report-scope';
import { USERS } from '../testing/builders';

// Issue 13, point 1: who sees which figures of « Rapports ». The desktop's channel asks this rule
// whatever the page asks (src-main/services/reports-channel.test.ts runs it over a replica).

const actor = (u: (typeof USERS)[keyof typeof USERS]) => ({ id: u.id, role: u.role });

describe('reportScope', () => {
  it('gives administrators and directors the whole office, every report', () => {
    for (const u of [USERS.admin, USERS.director]) {
      for (const report of REPORT_KINDS) expect(reportScope(actor(u), report)).toEqual({ ok: true, scope: { kind: 'office' } });
      expect(visibleReports(actor(u), REPORT_KINDS)).toEqual([...REPORT_KINDS]);
    }
  });

  it('gives a counselor every report, over her own leads, consultations and clients only', () => {
    for (const report of REPORT_KINDS) {
      expect(reportScope(actor(USERS.counselor), report)).toEqual({ ok: true, scope: { kind: 'own', userId: USERS.counselor.id } });
    }
  });

  it('gives the secretary the office’s consultations only, and refuses every other report in French', () => {
    expect(reportScope(actor(USERS.secretary), 'consultations')).toEqual({ ok: true, scope: { kind: 'appointments' } });
    expect(visibleReports(actor(USERS.secretary), REPORT_KINDS)).toEqual(['consultations']);
    for (const report of REPORT_KINDS.filter((r) => r !== 'consultations')) {
      expect(reportScope(actor(USERS.secretary), report)).toEqual({ ok: false, message: 'La secrétaire voit, dans les rapports, les consultations du bureau seulement.' });
    }
  });
});
