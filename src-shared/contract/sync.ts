import { z } from 'zod';
import { SYNCED_TABLE_NAMES, type SyncedTable } from '../domain/entities';

// The wire shapes of sync-protocol.md (protocol v1). The server parses requests with these and the
// desktop parses answers with them: one definition for both ends.

export const PROTOCOL_VERSION = 1;
/** Bumped with every migration that changes a synced table; see docs/decisions.md. */
export const SCHEMA_VERSION = 4;
/** The oldest client schema this server can still serve (older ones get 426). */
export const MIN_CLIENT_SCHEMA_VERSION = 1;

export const PUSH_MAX_MUTATIONS = 1000;
export const PUSH_MAX_BYTES = 4 * 1024 * 1024;
export const PULL_DEFAULT_LIMIT = 1000;
export const PULL_MAX_LIMIT = 5000;

export const pushMutationSchema = z.object({
  id: z.number().int().positive(),
  name: z.string().min(1).max(64),
  args: z.unknown(),
  clientTime: z.iso.datetime({ offset: true }),
});
export type PushMutation = z.infer<typeof pushMutationSchema>;

export const pushRequestSchema = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  schemaVersion: z.number().int().positive(),
  clientId: z.string().uuid(),
  mutations: z.array(pushMutationSchema).max(PUSH_MAX_MUTATIONS),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const mutationResultSchema = z.object({
  id: z.number().int().positive(),
  status: z.enum(['applied', 'refused']),
  code: z.string().optional(),
  message: z.string().optional(),
});
export type MutationResult = z.infer<typeof mutationResultSchema>;

export const pushResponseSchema = z.object({
  lastMutationId: z.number().int().nonnegative(),
  results: z.array(mutationResultSchema),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

/** 409 body: the client resends from `lastMutationId + 1`. */
export const pushGapSchema = z.object({
  error: z.object({ code: z.literal('mutation_gap'), message: z.string() }),
  lastMutationId: z.number().int().nonnegative(),
});

export const pullQuerySchema = z.object({
  clientId: z.string().uuid(),
  cursor: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().positive().max(PULL_MAX_LIMIT).default(PULL_DEFAULT_LIMIT),
  knownMutationId: z.coerce.number().int().nonnegative().default(0),
  schemaVersion: z.coerce.number().int().positive().optional(),
  protocol: z.coerce.number().int().positive().optional(),
});
export type PullQuery = z.infer<typeof pullQuerySchema>;

export const pulledRowSchema = z.object({
  table: z.enum(SYNCED_TABLE_NAMES as [SyncedTable, ...SyncedTable[]]),
  row: z.record(z.string(), z.unknown()),
});
export type PulledRow = z.infer<typeof pulledRowSchema>;

export const pullResponseSchema = z.object({
  cursor: z.number().int().nonnegative(),
  lastMutationId: z.number().int().nonnegative(),
  results: z.array(mutationResultSchema),
  rows: z.array(pulledRowSchema),
  more: z.boolean(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

export const syncInfoSchema = z.object({
  protocol: z.number().int(),
  schemaVersion: z.number().int(),
  minClientSchemaVersion: z.number().int(),
});
export type SyncInfo = z.infer<typeof syncInfoSchema>;

export const pokeSchema = z.object({ type: z.literal('poke'), cursor: z.number().int().nonnegative() });
export type Poke = z.infer<typeof pokeSchema>;

/** Every error body the server sends: `{ error: { code, message } }`, message in French. */
export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
