import { useCallback, useEffect, useState } from 'react';
import type { AccessLogEntry, AccessLogQuery } from '~shared/contract/accountability';
import { invoke } from '../../lib/api';

// The access log as the admin pages through it (issue 14, point 6): asked of the office server
// (accessLog:list), newest first, one page at a time; a change of filters starts again.

export type AccessLogFilters = Pick<AccessLogQuery, 'userId' | 'leadId' | 'kind' | 'from' | 'to'>;

const PAGE = 50;

export function useAccessLog(filters: AccessLogFilters) {
  const [entries, setEntries] = useState<AccessLogEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(filters);

  const load = useCallback(
    async (cursor: string | null, keep: AccessLogEntry[]) => {
      setLoading(true);
      const answer = await invoke('accessLog:list', { ...(JSON.parse(key) as AccessLogFilters), limit: PAGE, ...(cursor ? { cursor } : {}) });
      setLoading(false);
      if (!answer.ok) {
        setError(answer.error.message);
        return;
      }
      setError(null);
      setEntries([...keep, ...answer.value.entries]);
      setNext(answer.value.next);
    },
    [key],
  );

  useEffect(() => {
    void load(null, []);
  }, [load]);

  return {
    entries,
    loading,
    error,
    hasMore: next !== null,
    more: () => load(next, entries),
    reload: () => load(null, []),
  };
}
