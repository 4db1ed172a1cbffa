import { z } from 'zod';
import type { Session } from './ipc';

// The workstation's encrypted replica (issue 14, point 1): when its file cannot be opened (its key
// lost or not matching), the session says so and the person may start a fresh replica from the
// office server, which deletes the unreadable one — and with it the changes not yet sent.

export type UnreadableReason = 'wrong_key' | 'missing_key';

export interface ReplicaStatus {
  /** Null when the signed-in user's replica opened (or nobody is signed in). */
  unreadable: { reason: UnreadableReason; serverUrl: string; userName: string; email: string } | null;
}

export const REPLICA_UNREADABLE_MESSAGE =
  'Les données de ce poste ne peuvent pas être ouvertes : leur clé est introuvable ou ne correspond plus. Vous pouvez repartir d’une copie neuve téléchargée du serveur du bureau ; les modifications pas encore envoyées seront perdues.';
export const NOTHING_TO_RESET_MESSAGE = 'Les données de ce poste s’ouvrent normalement : rien n’a été supprimé.';

export const REPLICA_CONTRACT = {
  'replica:status': { input: z.object({}).default({}) },
  /**
   * Deletes the unreadable replica and starts a fresh one from the server. `confirmed` is the
   * person's answer to the warning that unsent changes are lost: nothing happens without it.
   */
  'replica:reset': { input: z.object({ confirmed: z.literal(true, { error: 'Confirmez la suppression des données de ce poste.' }) }) },
} as const;

export interface ReplicaOutput {
  'replica:status': ReplicaStatus;
  'replica:reset': Session;
}
