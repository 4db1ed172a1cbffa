import type { IpcError } from '~shared/contract/ipc';
import type { MutationInput, MutationName } from '~shared/domain/mutations/args';
import { invoke, type MutationRunner } from '../../lib/api';
import type { Redo } from '../../app/router';

/**
 * Runs an admin form's change through the outbox. Refused, `onRefused` says why (each field's
 * message under its input); queued, the refusal a redo came from (the refusals screen) is
 * dismissed. Answers whether it was queued.
 */
export async function runRedoable<N extends MutationName>(
  run: MutationRunner['run'],
  name: N,
  args: MutationInput<N>,
  redo: Redo | undefined,
  onRefused: (error: IpcError) => void,
): Promise<boolean> {
  const outcome = await run(name, args);
  if (!outcome.ok) {
    onRefused(outcome.error);
    return false;
  }
  if (redo?.refusalId) void invoke('refusals:dismiss', { mutationId: redo.refusalId });
  return true;
}
