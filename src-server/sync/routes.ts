import websocket from '@fastify/websocket';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  MIN_CLIENT_SCHEMA_VERSION,
  PROTOCOL_VERSION,
  PUSH_MAX_BYTES,
  SCHEMA_VERSION,
  pullQuerySchema,
  pushRequestSchema,
  type SyncInfo,
} from '../../src-shared/contract/sync';
import { resolveSession } from '../auth/sessions';
import { bearerToken, SESSION_INVALID, NOT_SIGNED_IN, userOf } from '../http/authenticate';
import { errorBody, HttpError } from '../http/errors';
import type { FeaturePlugin } from '../http/feature';
import { parseWith } from '../http/validation';
import { createPokeBus, type PokeBus } from './poke-bus';
import { pullRows } from './pull';
import { MutationGapError, pushMutations } from './push';

// /api/sync/* (sync-protocol.md): info, push, pull, and the poke WebSocket.

export const UPDATE_REQUIRED = new HttpError(
  426,
  'update_required',
  'Mettez l’application à jour : cette version ne peut plus se synchroniser avec le serveur du bureau.',
);

/**
 * `protocol` and `schemaVersion` as the request announces them, read before the rest of it is
 * parsed: a client too old for this server must hear "update" (426), not a 400 about a request
 * shape it cannot know — nor about a schemaVersion the current wire schema no longer accepts.
 */
function announcedVersions(source: unknown): { protocol?: number; schemaVersion?: number } {
  const fields = typeof source === 'object' && source !== null ? (source as Record<string, unknown>) : {};
  const read = (value: unknown) => {
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    return typeof number === 'number' && Number.isInteger(number) ? number : undefined;
  };
  return { protocol: read(fields['protocol']), schemaVersion: read(fields['schemaVersion']) };
}

function checkVersions({ protocol, schemaVersion }: { protocol?: number; schemaVersion?: number }): void {
  if (protocol !== undefined && protocol !== PROTOCOL_VERSION) {
    throw new HttpError(400, 'unknown_protocol', `Protocole de synchronisation inconnu (${protocol}) : mettez l’application à jour.`);
  }
  if (schemaVersion !== undefined && schemaVersion < MIN_CLIENT_SCHEMA_VERSION) throw UPDATE_REQUIRED;
}

/** Browsers cannot set headers on a WebSocket: they may send the token as the subprotocol `bearer.<token>`. */
function socketToken(request: FastifyRequest): string | null {
  const header = bearerToken(request.headers.authorization);
  if (header !== null) return header;
  const protocols = String(request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim());
  const offered = protocols.find((p) => p.startsWith('bearer.'));
  return offered === undefined ? null : offered.slice('bearer.'.length);
}

const versionsHeader = z.object({ protocol: z.coerce.number().int().optional(), schemaVersion: z.coerce.number().int().optional() });

export const syncFeature: FeaturePlugin = {
  name: 'sync',
  async register(app, { config, db, log, now }) {
    let pokes: PokeBus | null = null;
    app.addHook('onReady', async () => {
      pokes = await createPokeBus(db, config.databaseUrl, log);
    });
    app.addHook('onClose', async () => {
      await pokes?.close();
    });

    await app.register(websocket, {
      options: {
        maxPayload: 4096,
        // Echo the bearer subprotocol so that browsers accept the handshake.
        handleProtocols: (protocols: Set<string>) => [...protocols].find((p) => p.startsWith('bearer.')) ?? false,
      },
    });

    app.get('/api/sync/info', async (): Promise<SyncInfo> => ({
      protocol: PROTOCOL_VERSION,
      schemaVersion: SCHEMA_VERSION,
      minClientSchemaVersion: MIN_CLIENT_SCHEMA_VERSION,
    }));

    app.post(
      '/api/sync/push',
      { onRequest: app.authenticate, bodyLimit: PUSH_MAX_BYTES + 64 * 1024 },
      async (request: FastifyRequest, reply: FastifyReply) => {
        const user = userOf(request);
        checkVersions(announcedVersions(request.body));
        const body = parseWith(pushRequestSchema, request.body);
        try {
          return await pushMutations(db, { id: user.id, role: user.role }, body.clientId, body.mutations, now);
        } catch (error) {
          if (error instanceof MutationGapError) {
            return reply.code(409).send({ ...errorBody(error.code, error.message), lastMutationId: error.lastMutationId });
          }
          throw error;
        }
      },
    );

    app.get('/api/sync/pull', { onRequest: app.authenticate }, async (request) => {
      const user = userOf(request);
      checkVersions(announcedVersions(request.query));
      const query = parseWith(pullQuerySchema, request.query, 'invalid_query');
      return pullRows(db, { id: user.id, role: user.role }, query);
    });

    app.get(
      '/api/sync/events',
      {
        websocket: true,
        preValidation: async (request) => {
          const token = socketToken(request);
          if (token === null) throw NOT_SIGNED_IN;
          const session = await resolveSession(db.db, token, now());
          if (session === null) throw SESSION_INVALID;
          request.user = session.user;
          checkVersions(announcedVersions(request.query));
          parseWith(versionsHeader, request.query, 'invalid_query');
        },
      },
      (socket, request) => {
        const userId = request.user?.id;
        const send = (cursor: number) => {
          if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ type: 'poke', cursor }));
        };
        const unsubscribe = pokes?.subscribe(send) ?? (() => undefined);
        // The current cursor at once: a workstation that reconnects learns whether to pull.
        if (pokes !== null && pokes.cursor > 0) send(pokes.cursor);
        // Keep-alive through proxies and idle NATs; a dead peer is dropped.
        let alive = true;
        socket.on('pong', () => {
          alive = true;
        });
        const ping = setInterval(() => {
          if (!alive) return socket.terminate();
          alive = false;
          socket.ping();
        }, 30_000);
        socket.on('close', () => {
          clearInterval(ping);
          unsubscribe();
        });
        socket.on('message', () => undefined);
        log.debug({ userId }, 'poste connecté aux pokes');
      },
    );
  },
};
