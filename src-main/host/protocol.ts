import { z } from 'zod';
import type { ApiEvent, IpcResult } from '~shared/contract/ipc';

// The messages between the main process (or the development bridge) and the data host process
// (architecture.md, "The data host"). Structured clones over a message port: an Electron
// utilityProcess's, or a Node child process's IPC channel with `serialization: 'advanced'`.
//   host → parent  hello        its end of the port listens (messages sent earlier could be lost)
//   parent → host  start        once, then: where the data lives and who keeps the secrets
//   parent → host  call         one contract call (its input is checked by `dispatch` in the host)
//   host → parent  ready        the session is resumed: calls are answered from now on
//   host → parent  result       a call's IpcResult
//   host → parent  event        an ApiEvent for the window (and the notifications, the tray)
//   host → parent  ask          something only the parent can do: the OS keychain, the save dialog
//   parent → host  answer       its answer
//   host → parent  log          an unexpected failure, for the parent's log
//   parent → host  close        application exit: the host closes the replica and exits

/** What the host's session is built with; plain data, as it crosses processes. */
export const hostStartSchema = z.object({
  dataDir: z.string().min(1),
  defaultServerUrl: z.string().nullable(),
  /**
   * 'parent': tokens and replica keys are sealed by the parent (Electron's safeStorage lives in the
   * main process); 'file': 0600 files in the data folder (the development bridge, tests).
   */
  tokens: z.enum(['file', 'parent']),
  /** 'parent': exports go through the parent's save dialog; 'download': back to the page. */
  saveFile: z.enum(['download', 'parent']),
  /** The sync engine's numbers (tests, benches); `pokes: false` syncs only when asked. */
  engine: z
    .object({
      pokes: z.boolean().optional(),
      pollIntervalMs: z.number().int().positive().optional(),
      pullLimit: z.number().int().positive().optional(),
      firstSyncPullLimit: z.number().int().positive().optional(),
      pushMaxMutations: z.number().int().positive().optional(),
    })
    .optional(),
});
export type HostStart = z.infer<typeof hostStartSchema>;

const id = z.number().int().nonnegative();

export const toHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), options: hostStartSchema }),
  z.object({ type: z.literal('call'), id, channel: z.string().max(100), input: z.unknown() }),
  z.object({ type: z.literal('answer'), id, ok: z.boolean(), value: z.unknown(), message: z.string().optional() }),
  z.object({ type: z.literal('close') }),
]);
export type ToHost = z.infer<typeof toHostSchema>;

export const hostRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('token:load'), key: z.string() }),
  z.object({ kind: z.literal('token:save'), key: z.string(), token: z.string() }),
  z.object({ kind: z.literal('token:clear'), key: z.string() }),
  // The replica's encryption key (issue 14, point 1), unwrapped by the parent and handed over.
  z.object({ kind: z.literal('replicaKey:load'), key: z.string() }),
  z.object({ kind: z.literal('replicaKey:save'), key: z.string(), token: z.string() }),
  z.object({ kind: z.literal('replicaKey:clear'), key: z.string() }),
  z.object({ kind: z.literal('saveFile'), fileName: z.string().max(300), bytes: z.instanceof(Uint8Array) }),
]);
export type HostRequest = z.infer<typeof hostRequestSchema>;

export const fromHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello') }),
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('result'), id, result: z.custom<IpcResult<unknown>>((value) => typeof value === 'object' && value !== null && 'ok' in value) }),
  z.object({ type: z.literal('event'), event: z.custom<ApiEvent>((value) => typeof value === 'object' && value !== null && 'type' in value) }),
  z.object({ type: z.literal('ask'), id, request: hostRequestSchema }),
  z.object({ type: z.literal('log'), message: z.string() }),
]);
export type FromHost = z.infer<typeof fromHostSchema>;
