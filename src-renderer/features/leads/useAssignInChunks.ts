import { useEffect, useState } from 'react';
import type { DistributionAssignment } from '~shared/domain/distribution';
import { useMutation } from '../../lib/api';
import { assignInChunks } from './assignInChunks';

/**
 * Saving an assignment dialog's plan (AssignDialog, DistributeDialog): the chunks queued so far
 * (for the progress bar, null when not saving) and the first refusal, both cleared each time the
 * dialog opens; the dialog closes once every chunk is queued.
 */
export function useAssignInChunks({ opened, onDone, onClose }: { opened: boolean; onDone: () => void; onClose: () => void }) {
  const { run } = useMutation();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (opened) {
      setProgress(null);
      setError(null);
    }
  }, [opened]);

  async function save(assignments: readonly DistributionAssignment[]) {
    setError(null);
    setProgress(0);
    const result = await assignInChunks(assignments, (args) => run('lead.assign', args), setProgress);
    if (result.error) {
      setError(result.error);
      setProgress(null);
      return;
    }
    onDone();
    onClose();
  }

  return { progress, error, save };
}
