import { z } from 'zod';

// The development bridge's messages (architecture.md, "Running without Electron"), shared by the
// Node side (server.ts) and the browser side (src-renderer/lib/bridge-client.ts spells the same
// shapes; it cannot import src-main). JSON text frames:
//   client → bridge  { type: 'hello', secret }            first, within HELLO_TIMEOUT_MS
//   bridge → client  { type: 'ready' }                     the secret was right
//   client → bridge  { id, channel, input }                one contract call
//   bridge → client  { id, result: IpcResult }             its answer
//   bridge → client  { event: ApiEvent }                   pushed events

export const BRIDGE_PATH = '/bridge';
export const CONFIG_SCRIPT_PATH = '/bridge-config.js';
export const HELLO_TIMEOUT_MS = 5_000;
/** Close code for a client that did not present the secret. */
export const CLOSE_UNAUTHORIZED = 4401;
/** Imports of 5,000 leads travel as one call; nothing legitimate comes near this. */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export const helloSchema = z.object({ type: z.literal('hello'), secret: z.string().max(200) });

export const callSchema = z.object({
  id: z.union([z.number().int(), z.string().max(100)]),
  channel: z.string().max(100),
  input: z.unknown().optional(),
});
