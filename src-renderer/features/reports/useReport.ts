import type { Report, ReportKind } from '~shared/contract/reports';
import type { InstantRange } from '~shared/domain/report-period';
import { useQuery } from '../../lib/api';

// One report of the period, recomputed when the replica's rows it reads change.

const TABLES = ['leads', 'contact_attempts', 'appointments', 'evaluations', 'clients', 'payments', 'import_batches', 'users'] as const;

export function useReport<K extends ReportKind>(report: K, range: InstantRange, waitingDays?: number) {
  const query = useQuery('reports:run', { report, from: range.from, to: range.to, ...(waitingDays !== undefined ? { waitingDays } : {}) }, { tables: TABLES });
  return { ...query, data: query.data as Extract<Report, { kind: K }> | undefined };
}
