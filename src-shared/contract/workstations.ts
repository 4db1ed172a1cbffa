import { z } from 'zod';

// The workstation registry and the remote wipe (issue 14, point 4; server-api.md, "Workstations";
// docs/decisions.md, "Remote wipe"): what the office server answers about the workstations, the
// header a workstation names itself with, and the answer that tells it to delete its replica.

/** Sent with pull and push: the computer's name, percent-encoded (headers are ASCII). */
export const WORKSTATION_NAME_HEADER = 'x-bureau-workstation';
export const WORKSTATION_NAME_MAX_LENGTH = 100;

/** The error code of `401 workstation_wiped`: the workstation deletes its replica and its token. */
export const WORKSTATION_WIPED = 'workstation_wiped';
export const WORKSTATION_WIPED_MESSAGE =
  'Ce poste a été révoqué par le bureau\u00a0: ses données locales ont été effacées. Adressez-vous à l’administrateur du bureau.';

/** The name as the header carries it, or null when absent or unreadable (the name is a courtesy, never a refusal). */
export function readWorkstationName(header: unknown): string | null {
  if (typeof header !== 'string' || header === '') return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(header);
  } catch {
    return null;
  }
  // Control characters would garble the administrator's list.
  // eslint-disable-next-line no-control-regex
  const clean = decoded.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean === '' ? null : clean.slice(0, WORKSTATION_NAME_MAX_LENGTH);
}

export const WIPE_REASONS = ['revoked', 'user_deactivated'] as const;
export type WipeReason = (typeof WIPE_REASONS)[number];

/** One row of GET /api/admin/workstations. */
export const workstationAnswer = z.object({
  clientId: z.uuid(),
  userId: z.uuid(),
  userName: z.string(),
  userEmail: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastContactAt: z.string(),
  wipeRequestedAt: z.string().nullable(),
  wipeReason: z.enum(WIPE_REASONS).nullable(),
  /** When the workstation was told to wipe itself: its replica is gone since. */
  wipeSentAt: z.string().nullable(),
});
export type WorkstationAnswer = z.infer<typeof workstationAnswer>;

export const workstationsAnswer = z.object({ workstations: z.array(workstationAnswer) });
export type WorkstationsAnswer = z.infer<typeof workstationsAnswer>;
