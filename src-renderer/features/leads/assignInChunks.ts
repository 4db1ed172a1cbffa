import { MAX_BATCH } from '~shared/domain/mutations/args';
import type { DistributionAssignment } from '~shared/domain/distribution';
import type { MutationOutcome } from '../../lib/api';

/**
 * Saves assignments as lead.assign mutations of at most MAX_BATCH each (the catalogue's limit),
 * in order; stops at the first refusal, which the caller shows. Answers how many were queued.
 */
export async function assignInChunks(
  assignments: readonly DistributionAssignment[],
  run: (args: { assignments: DistributionAssignment[] }) => Promise<MutationOutcome>,
  onProgress?: (done: number) => void,
): Promise<{ done: number; error: string | null }> {
  let done = 0;
  for (let i = 0; i < assignments.length; i += MAX_BATCH) {
    const chunk = assignments.slice(i, i + MAX_BATCH);
    const outcome = await run({ assignments: [...chunk] });
    if (!outcome.ok) return { done, error: outcome.error.message };
    done += chunk.length;
    onProgress?.(done);
  }
  return { done, error: null };
}
