import { useCallback, useEffect, useState } from 'react';
import type { Incident, IncidentFields, IncidentVersion } from '~shared/contract/accountability';
import type { IpcError } from '~shared/contract/ipc';
import { invoke } from '../../lib/api';

// The register of privacy incidents (issue 14, point 6), kept by the office server: the list,
// an incident's history, and saving (a new incident, or the next version of one).

export function useIncidents() {
  const [incidents, setIncidents] = useState<Incident[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    setLoading(true);
    const answer = await invoke('incidents:list', {});
    setLoading(false);
    if (answer.ok) {
      setIncidents(answer.value);
      setError(null);
    } else setError(answer.error.message);
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  /** Null when saved; otherwise the French refusal, its fields named as the form's inputs. */
  const save = async (input: { id?: string; version?: number; fields: IncidentFields }): Promise<IpcError | null> => {
    const answer = await invoke('incidents:save', input);
    if (!answer.ok) {
      const fields = Object.fromEntries(Object.entries(answer.error.fields ?? {}).map(([name, message]) => [name.replace(/^fields\./, ''), message]));
      return { ...answer.error, fields };
    }
    await reload();
    return null;
  };

  return { incidents, loading, error, reload, save };
}

export async function loadHistory(id: string): Promise<IncidentVersion[] | string> {
  const answer = await invoke('incidents:history', { id });
  return answer.ok ? answer.value : answer.error.message;
}
