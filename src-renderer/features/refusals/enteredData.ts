import type { MutationName } from '~shared/domain/mutations/args';
import { fieldLabel, formatHistoryValue, type HistoryDeps } from '../lead-sheet/historyText';

// What the user had entered in a refused change, as label/value lines for the refusal notice.

export interface EnteredLine {
  label: string;
  value: string;
}

const HIDDEN = new Set(['id', 'leadId', 'clientId', 'paymentId', 'importBatchId', 'appointmentId', 'templateId', 'currency', 'consent']);

export function enteredData(name: MutationName, args: unknown, deps: HistoryDeps): EnteredLine[] {
  if (args === null || typeof args !== 'object') return [];
  const a = args as Record<string, unknown>;
  const lines: EnteredLine[] = [];
  if (name === 'lead.assign' && Array.isArray(a.assignments)) {
    const per = new Map<string, number>();
    for (const x of a.assignments as Array<{ assigneeId?: unknown }>) {
      const id = typeof x?.assigneeId === 'string' ? x.assigneeId : '';
      per.set(id, (per.get(id) ?? 0) + 1);
    }
    for (const [id, n] of per) lines.push({ label: deps.userName(id), value: deps.t('refusals.leadsCount', { count: n }) });
    return lines;
  }
  if (name === 'lead.createMany' && Array.isArray(a.leads)) {
    lines.push({ label: deps.t('refusals.fileName'), value: String(a.fileName ?? '') });
    lines.push({ label: deps.t('refusals.rows'), value: String(a.leads.length) });
    return lines;
  }
  if (name === 'notification.markRead' && Array.isArray(a.ids)) {
    return [{ label: deps.t('refusals.notifications'), value: String(a.ids.length) }];
  }
  const flat: Record<string, unknown> = { ...a };
  for (const nested of ['patch', 'payment']) {
    const inner = flat[nested];
    if (inner && typeof inner === 'object') {
      delete flat[nested];
      Object.assign(flat, inner);
    }
  }
  const currency = typeof flat.currency === 'string' ? flat.currency : undefined;
  for (const [key, value] of Object.entries(flat)) {
    if (HIDDEN.has(key)) continue;
    const shown = formatHistoryValue(key, value, deps, currency);
    if (shown === null) continue;
    lines.push({ label: fieldLabel(key, deps.t), value: shown });
  }
  return lines;
}
