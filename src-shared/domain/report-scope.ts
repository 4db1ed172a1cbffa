import type { ReportKind, ReportScope } from '../contract/reports';
import type { Actor } from './mutations/types';
import { can } from './permissions';

// Whose figures a report shows (issue 13, point 1; permissions.md, « dashboards »): the whole office
// for those who see its dashboard (administrators, directors), her own for a counselor, and for
// the secretary, who keeps the office's calendar, the office's consultations only.

export type ScopeAnswer = { ok: true; scope: ReportScope } | { ok: false; message: string };

export function reportScope(actor: Actor, report: ReportKind): ScopeAnswer {
  if (can(actor, 'dashboard.office')) return { ok: true, scope: { kind: 'office' } };
  if (actor.role === 'counselor') return { ok: true, scope: { kind: 'own', userId: actor.id } };
  if (actor.role === 'secretary' && report === 'consultations') return { ok: true, scope: { kind: 'appointments' } };
  return { ok: false, message: 'La secrétaire voit, dans les rapports, les consultations du bureau seulement.' };
}

/** The reports an actor may open, in the screen's order. */
export function visibleReports(actor: Actor, all: readonly ReportKind[]): ReportKind[] {
  return all.filter((report) => reportScope(actor, report).ok);
}
