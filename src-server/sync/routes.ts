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
  type PushResponse,
  type SyncInfo,
} from '~shared/contract/sync';
import type { SessionNotice } from '../auth/session-notices';
import { checkSession, isWiped, resolveSession } from '../auth/sessions';
import { markWipeSent, recordContact } from '../auth/workstations';
import { readWorkstationName, WORKSTATION_NAME_HEADER } from '~shared/contract/workstations';
import { bearerToken, SESSION_INVALID, NOT_SIGNED_IN, userOf, WORKSTATION_WIPED_ERROR } from '../http/authenticate';
import { errorBody, HttpError } from '../http/errors';
import type { FeaturePlugin } from '../http/feature';
import { parseWith } from '../http/validation';
import { createPokeBus, type PokeBus } from './poke-bus';
import { pullRows } from './pull';
import { CLIENT_OF_ANOTHER_USER, MutationGapError, pushMutations, WORKSTATION_WIPED_REFUSAL } from './push';
import { SyncRefusal, type SyncRefusalCode } from './refusal';

// /api/sync/* (sync-protocol.md): info, push, pull, and the poke WebSocket.

export const UPDATE_REQUIRED = new HttpError(
  426,
  'update_required',
  'Mettez l’application à jour : cette version ne peut plus se synchroniser avec le serveur du bureau.',
);

/** The HTTP status of each refusal of push and pull (sync-protocol.md). */
const REFUSAL_STATUS: Record<SyncRefusalCode, number> = {
  workstation_wiped: 401,
  mutation_gap: 409,
  client_of_another_user: 403,
  cursor_gone: 410,
};

/** What push or pull answers, or its refusal with its status; any other error goes to the app's handler. */
async function answering<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof SyncRefusal)) throw error;
    const body = errorBody(error.code, error.message);
    // A gap says, beside the error, where the workstation resends from (sync-protocol.md, "Push").
    const extra = error instanceof MutationGapError ? { lastMutationId: error.lastMutationId } : {};
    return reply.code(REFUSAL_STATUS[error.code]).send({ ...body, ...extra });
  }
}

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
    throw new HttpError(400, 'unknown_protocol', `Protocole de synchronisation inconnu (${protocol}) : mettez l’application à jour.`);
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

/** Close codes of a poke socket whose session changed (4000–4999 are the application's). */
export const SOCKET_SESSION_ENDED = 4401;
export const SOCKET_USER_CHANGED = 4001;
/** How often an open socket checks that its session still stands (with the keep-alive ping). */
const SOCKET_CHECK_MS = 30_000;

const versionsHeader = z.object({ protocol: z.coerce.number().int().optional(), schemaVersion: z.coerce.number().int().optional() });

export const syncFeature: FeaturePlugin = {
  name: 'sync',
  async register(app, { config, db, log, now, sessionNotices }) {
    /**
     * The workstation registry (issue 14, point 4): a pull or push records its workstation and
     * binds the token to it; a workstation to wipe, or another user's clientId, goes no further
     * — before anything of a push is read or applied.
     */
    const contact = async (request: FastifyRequest, clientId: string) => {
      const outcome = await recordContact(db.db, {
        clientId,
        userId: userOf(request).id,
        tokenHash: request.sessionTokenHash!,
        boundClientId: request.sessionClientId,
        name: readWorkstationName(request.headers[WORKSTATION_NAME_HEADER]),
        now: now(),
      });
      if (outcome === 'wiped') throw WORKSTATION_WIPED_REFUSAL;
      if (outcome === 'another_user') throw CLIENT_OF_ANOTHER_USER;
    };

    let pokes: PokeBus | null = null;
    app.addHook('onReady', async () => {
      pokes = await createPokeBus(db, config.databaseUrl, log, sessionNotices);
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
        return answering(reply, async (): Promise<PushResponse> => {
          await contact(request, body.clientId);
          const { lastMutationId, results, oneByOne } = await pushMutations(db, { id: user.id, role: user.role }, body.clientId, body.mutations, now);
          // Rare (a unique key broken, as by two conversions racing): worth seeing if it is not.
          if (oneByOne > 0) log.info({ userId: user.id, groups: oneByOne }, 'push : groupe repris une modification à la fois');
          return { lastMutationId, results };
        });
      },
    );

    app.get('/api/sync/pull', { onRequest: app.authenticate }, async (request, reply) => {
      const user = userOf(request);
      checkVersions(announcedVersions(request.query));
      const query = parseWith(pullQuerySchema, request.query, 'invalid_query');
      return answering(reply, async () => {
        await contact(request, query.clientId);
        return pullRows(db, { id: user.id, role: user.role }, query);
      });
    });

    app.get(
      '/api/sync/events',
      {
        websocket: true,
        onRequest: async (request) => {
          const token = socketToken(request);
          if (token === null) throw NOT_SIGNED_IN;
          const session = await resolveSession(db.db, token, now());
          if (session === null) throw SESSION_INVALID;
          if (isWiped(session)) {
            await markWipeSent(db.db, session.wipedClientId, now());
            throw WORKSTATION_WIPED_ERROR;
          }
          request.user = session.user;
          request.sessionTokenHash = session.tokenHash;
          checkVersions(announcedVersions(request.query));
          parseWith(versionsHeader, request.query, 'invalid_query');
        },
      },
      (socket, request) => {
        const user = userOf(request);
        const tokenHash = request.sessionTokenHash!;
        const send = (cursor: number) => {
          if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ type: 'poke', cursor }));
        };
        // A socket lives on after the request that authenticated it (issue 8, point 3): it closes
        // when its token is revoked or its user deactivated (the workstation then hears 401 over
        // HTTP), and when its user's role changes (the workstation reconnects and pulls its row).
        const end = (code: number, reason: string) => {
          if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, reason);
        };
        const concerns = (notice: SessionNotice) =>
          notice.kind === 'token' ? notice.tokenHash === tokenHash : notice.userId === user.id;
        // Notices can be missed (one sent between the upgrade and the subscription below, a LISTEN
        // connection that dropped, the office CLI): the socket also checks its session itself.
        const check = () =>
          checkSession(db.db, tokenHash, now()).then(
            (current) => {
              if (current === null) end(SOCKET_SESSION_ENDED, 'session terminée');
              else if (current.role !== user.role) end(SOCKET_USER_CHANGED, 'utilisateur modifié');
            },
            (error: unknown) => log.warn({ err: error }, 'vérification de session du socket impossible'),
          );
        void check();
        // A notice only says "look again": the database decides. On PostgreSQL this process also
        // hears its own notices back through LISTEN, possibly after the workstation it concerned
        // has already reconnected with its new role or a new token; closing on the notice itself
        // closed that new socket too (seen in CI as a socket that never heard its poke).
        const stopNotices = sessionNotices.subscribe((notice) => {
          if (concerns(notice)) void check();
        });

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
          void check();
        }, SOCKET_CHECK_MS);
        socket.on('close', () => {
          clearInterval(ping);
          unsubscribe();
          stopNotices();
        });
        socket.on('message', () => undefined);
        log.debug({ userId: user.id }, 'poste connecté aux pokes');
      },
    );
  },
};
