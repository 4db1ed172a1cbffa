import { z } from 'zod';
import {
  PROTOCOL_VERSION,
  SCHEMA_VERSION,
  errorBodySchema,
  pullResponseSchema,
  pushGapSchema,
  pushResponseSchema,
  syncInfoSchema,
  type PullResponse,
  type PushMutation,
  type PushResponse,
  type SyncInfo,
} from '~shared/contract/sync';
import {
  adminUserAnswer,
  demoOfficeAnswer,
  loginAnswer,
  meAnswer,
  type AdminUserCreateBody,
  type AdminUserPatchBody,
  type DemoOfficeAnswer,
  type LoginAnswer,
  type SessionUser,
  recoveryCodesAnswer,
  securityPolicyBody,
  twoFactorSetupAnswer,
  twoFactorStatusAnswer,
  type RecoveryCodesAnswer,
  type SecurityPolicyBody,
  type TwoFactorSetupAnswer,
  type TwoFactorStatusAnswer,
} from '~shared/contract/auth';
import { calendarFeedAnswer, type CalendarFeedAnswer } from '~shared/contract/calendar';
import {
  WORKSTATION_NAME_HEADER,
  WORKSTATION_NAME_MAX_LENGTH,
  WORKSTATION_WIPED,
  WORKSTATION_WIPED_MESSAGE,
  workstationsAnswer,
  type WorkstationsAnswer,
} from '~shared/contract/workstations';
import {
  anonymiseAnswer,
  personSummary,
  privacySettingsAnswer,
  type HoldBody,
  type PersonSummary,
  type PrivacySettingsAnswer,
  type RetentionRules,
} from '~shared/contract/privacy';
import {
  accessBatchAnswer,
  accessLogPage,
  incidentHistoryAnswer,
  incidentListAnswer,
  incidentSchema,
  type AccessBatchAnswer,
  type AccessEvent,
  type AccessLogPage,
  type AccessLogQuery,
  type Incident,
  type IncidentFields,
  type IncidentVersion,
} from '~shared/contract/accountability';
import { SYNCED_TABLES } from '~shared/domain/entities';
import { CertificateChangedError } from '../tls/pinned';

// The desktop's client of the office server (server-api.md, sync-protocol.md): fetch with a
// timeout, JSON both ways, answers parsed with the shared wire schemas, and every failure turned
// into one `ServerError` whose `kind` says what the caller does next and whose message is French.

export type ServerErrorKind =
  /** 401 on an authenticated route: the token was revoked or the user deactivated. */
  | 'session_ended'
  /**
   * 401 `workstation_wiped`: the office revoked this workstation or deactivated its user; the
   * replica and the token are deleted (issue 14, point 4).
   */
  | 'workstation_wiped'
  /** 401 on login. */
  | 'bad_credentials'
  /** 429 on login: too many failures. */
  | 'locked'
  /** 403: the account is inactive, or the clientId belongs to another user. */
  | 'forbidden'
  /** 426: this application is too old for the server. */
  | 'update_required'
  /** 409 on push: a gap; resend from `lastMutationId + 1`. */
  | 'gap'
  /** 410 on pull: the cursor is too old; resync from 0. */
  | 'resync'
  /** No answer: network down, server stopped, timeout, or a proxy's 502/503/504. */
  | 'offline'
  /** The server answered, but with an error it should not have (5xx, unreadable body, 400). */
  | 'server'
  /** The pinned server presented another certificate: refused before anything was sent (issue 14). */
  | 'certificate_changed';

export class ServerError extends Error {
  constructor(
    readonly kind: ServerErrorKind,
    message: string,
    readonly status: number | null = null,
    readonly details: {
      lastMutationId?: number;
      retryAfterSeconds?: number;
      code?: string;
      fields?: Record<string, string>;
      certificate?: { serverUrl: string; pinned: string; presented: string | null };
    } = {},
  ) {
    super(message);
    this.name = 'ServerError';
  }
}

export const MESSAGES = {
  offline: 'Le serveur du bureau ne répond pas. Vérifiez la connexion du poste ; vos changements restent enregistrés ici et partiront dès son retour.',
  unreachable: 'Le serveur du bureau ne répond pas : vérifiez son adresse et la connexion du poste, puis réessayez.',
  badCredentials: 'Courriel ou mot de passe incorrect, ou compte désactivé.',
  sessionEnded: 'Votre session a pris fin (déconnexion, mot de passe changé ou compte désactivé). Reconnectez-vous : vos changements en attente sont conservés.',
  updateRequired: 'Mettez l’application à jour : le serveur du bureau ne peut plus servir cette version.',
  inactive: 'Ce compte est désactivé. Adressez-vous à l’administrateur du bureau.',
  server: 'Le serveur du bureau a rencontré une erreur. Vos changements restent enregistrés ici ; nouvel essai sous peu.',
  unreadable: 'La réponse du serveur du bureau est illisible. Vérifiez l’adresse du serveur.',
  certificateChanged:
    'Le certificat du serveur du bureau a changé : la connexion est refusée pour protéger vos données. Un administrateur du bureau doit vérifier la nouvelle empreinte avant de l’accepter.',
} as const;

export function lockedMessage(retryAfterSeconds: number | undefined): string {
  if (retryAfterSeconds === undefined) return 'Trop de tentatives de connexion. Réessayez dans quelques minutes.';
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return `Trop de tentatives de connexion. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`;
}

const pullEnvelopeSchema = pullResponseSchema.extend({ rows: z.array(z.unknown()) });
const fieldErrorsSchema = z.object({ error: z.object({ fields: z.record(z.string(), z.string()) }) });

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface ServerClientOptions {
  fetch?: FetchLike;
  /** Per request; a pull page or a push batch of 4 MiB must fit in it on a slow office network. */
  timeoutMs?: number;
  schemaVersion?: number;
  /** The computer's name, sent with pull and push for Administration → Postes de travail. */
  workstationName?: string;
}

/** Trailing slashes and a path-less origin spelled two ways must name the same server. */
export function normalizeServerUrl(serverUrl: string): string {
  const url = new URL(serverUrl.trim());
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('http(s) only');
  url.hash = '';
  url.search = '';
  return url.toString().replace(/\/+$/, '');
}

export class ServerClient {
  readonly baseUrl: string;
  private readonly fetchImpl: FetchLike;
  private readonly timeoutMs: number;
  private readonly schemaVersion: number;
  private readonly syncHeaders: Record<string, string>;

  constructor(serverUrl: string, options: ServerClientOptions = {}) {
    this.baseUrl = normalizeServerUrl(serverUrl);
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.schemaVersion = options.schemaVersion ?? SCHEMA_VERSION;
    const name = options.workstationName?.slice(0, WORKSTATION_NAME_MAX_LENGTH);
    this.syncHeaders = name ? { [WORKSTATION_NAME_HEADER]: encodeURIComponent(name) } : {};
  }

  /** The WebSocket address of the pokes. */
  get eventsUrl(): string {
    const url = new URL(`${this.baseUrl}/api/sync/events`);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.toString();
  }

  /** With `code` when the account has a second factor (server-api.md, "Two-factor sign-in"). */
  async login(email: string, password: string, signal?: AbortSignal, code?: string): Promise<LoginAnswer> {
    const body = await this.request('POST', '/api/auth/login', { body: { email, password, ...(code === undefined ? {} : { code }) }, signal, login: true });
    return this.parse(loginAnswer, body);
  }

  // ---- two-factor sign-in and the office's security (issue 14, point 3) ------------------

  async twoFactorStatus(token: string): Promise<TwoFactorStatusAnswer> {
    return this.parse(twoFactorStatusAnswer, await this.request('GET', '/api/auth/two-factor', { token }));
  }

  /** A new secret to scan or type; the secret is never logged nor kept on the workstation. */
  async twoFactorSetup(token: string): Promise<TwoFactorSetupAnswer> {
    return this.parse(twoFactorSetupAnswer, await this.request('POST', '/api/auth/two-factor/setup', { token, body: {} }));
  }

  async twoFactorEnable(token: string, code: string): Promise<RecoveryCodesAnswer> {
    return this.parse(recoveryCodesAnswer, await this.request('POST', '/api/auth/two-factor/enable', { token, body: { code } }));
  }

  async twoFactorRecoveryCodes(token: string, password: string): Promise<RecoveryCodesAnswer> {
    return this.parse(recoveryCodesAnswer, await this.request('POST', '/api/auth/two-factor/recovery-codes', { token, body: { password } }));
  }

  async twoFactorDisable(token: string, password: string): Promise<void> {
    await this.request('POST', '/api/auth/two-factor/disable', { token, body: { password } });
  }

  async securityPolicy(token: string): Promise<SecurityPolicyBody> {
    return this.parse(securityPolicyBody, await this.request('GET', '/api/admin/security', { token }));
  }

  async setSecurityPolicy(token: string, policy: SecurityPolicyBody): Promise<SecurityPolicyBody> {
    return this.parse(securityPolicyBody, await this.request('PUT', '/api/admin/security', { token, body: policy }));
  }

  /** A lost phone: the user's second factor removed and their sessions ended (admins). */
  async resetTwoFactor(token: string, userId: string): Promise<void> {
    await this.request('POST', `/api/admin/users/${encodeURIComponent(userId)}/two-factor/reset`, { token, body: {} });
  }

  // ---- workstations (issue 14, point 4) ---------------------------------------------------

  async workstations(token: string): Promise<WorkstationsAnswer> {
    return this.parse(workstationsAnswer, await this.request('GET', '/api/admin/workstations', { token }));
  }

  async revokeWorkstation(token: string, clientId: string): Promise<WorkstationsAnswer> {
    return this.parse(workstationsAnswer, await this.request('POST', `/api/admin/workstations/${encodeURIComponent(clientId)}/revoke`, { token, body: {} }));
  }

  async logout(token: string, signal?: AbortSignal): Promise<void> {
    await this.request('POST', '/api/auth/logout', { token, body: {}, signal });
  }

  async me(token: string, signal?: AbortSignal): Promise<SessionUser> {
    return this.parse(meAnswer, await this.request('GET', '/api/auth/me', { token, signal }));
  }

  /** The demo office's accounts (GET /api/auth/demo), or null: any other office answers 404. */
  async demoOffice(signal?: AbortSignal): Promise<DemoOfficeAnswer | null> {
    try {
      return this.parse(demoOfficeAnswer, await this.request('GET', '/api/auth/demo', { signal }));
    } catch (error) {
      if (error instanceof ServerError && error.status === 404) return null;
      throw error;
    }
  }

  /** An account of the office (admins only; server-api.md, POST /api/admin/users). */
  async createUser(token: string, account: AdminUserCreateBody): Promise<{ id: string }> {
    const { id } = this.parse(adminUserAnswer, await this.request('POST', '/api/admin/users', { token, body: account }));
    return { id };
  }

  /** Name, role, active, password of an account (PATCH /api/admin/users/:id). */
  async updateUser(token: string, id: string, patch: AdminUserPatchBody): Promise<{ id: string }> {
    const answer = this.parse(adminUserAnswer, await this.request('PATCH', `/api/admin/users/${encodeURIComponent(id)}`, { token, body: patch }));
    return { id: answer.id };
  }

  /** The signed-in user's calendar feed path (GET /api/calendar/feed). */
  async calendarFeed(token: string): Promise<CalendarFeedAnswer> {
    return this.parse(calendarFeedAnswer, await this.request('GET', '/api/calendar/feed', { token }));
  }

  /** A new feed secret; the old address stops answering (POST /api/calendar/feed/reset). */
  async resetCalendarFeed(token: string): Promise<CalendarFeedAnswer> {
    return this.parse(calendarFeedAnswer, await this.request('POST', '/api/calendar/feed/reset', { token, body: {} }));
  }

  // ---- a person's rights (admins; server-api.md, "A person's rights") ----------------------

  async person(token: string, leadId: string): Promise<PersonSummary> {
    return this.parse(personSummary, await this.request('GET', `/api/admin/people/${encodeURIComponent(leadId)}`, { token }));
  }

  /** The person's file as the server wrote it (JSON or .xlsx), with the name it suggests. */
  async personExport(token: string, leadId: string, format: 'json' | 'xlsx'): Promise<{ fileName: string; bytes: Buffer }> {
    const path = `/api/admin/people/${encodeURIComponent(leadId)}/export?format=${format}`;
    const bytes = await this.request('GET', path, { token, raw: true });
    return { fileName: `personne-${leadId.slice(0, 8)}-${new Date().toISOString().slice(0, 10)}.${format}`, bytes: bytes as Buffer };
  }

  async anonymise(token: string, leadId: string): Promise<{ leadId: string; anonymisedAt: string }> {
    const body = await this.request('POST', `/api/admin/people/${encodeURIComponent(leadId)}/anonymize`, { token, body: { confirm: 'ANONYMISER' } });
    return this.parse(anonymiseAnswer, body);
  }

  async hold(token: string, leadId: string, hold: HoldBody): Promise<void> {
    await this.request('PUT', `/api/admin/people/${encodeURIComponent(leadId)}/hold`, { token, body: hold });
  }

  async privacySettings(token: string): Promise<PrivacySettingsAnswer> {
    return this.parse(privacySettingsAnswer, await this.request('GET', '/api/admin/privacy', { token }));
  }

  async setRetention(token: string, rules: RetentionRules): Promise<PrivacySettingsAnswer> {
    return this.parse(privacySettingsAnswer, await this.request('PUT', '/api/admin/privacy/retention', { token, body: { rules } }));
  }

  async setConsentWording(token: string, webFormConsentWording: string): Promise<PrivacySettingsAnswer> {
    return this.parse(privacySettingsAnswer, await this.request('PUT', '/api/admin/privacy/consent-wording', { token, body: { webFormConsentWording } }));
  }

  /** What this workstation's user opened and exported (POST /api/access-log); the server stamps the user. */
  async sendAccessLog(token: string, events: AccessEvent[], signal?: AbortSignal): Promise<AccessBatchAnswer> {
    return this.parse(accessBatchAnswer, await this.request('POST', '/api/access-log', { token, signal, body: { events } }));
  }

  /** The access log, for admins (GET /api/admin/access-log). */
  async accessLog(token: string, query: Partial<AccessLogQuery>): Promise<AccessLogPage> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
    return this.parse(accessLogPage, await this.request('GET', `/api/admin/access-log?${params}`, { token }));
  }

  async incidents(token: string): Promise<Incident[]> {
    return this.parse(incidentListAnswer, await this.request('GET', '/api/admin/incidents', { token })).incidents;
  }

  async incidentHistory(token: string, id: string): Promise<IncidentVersion[]> {
    return this.parse(incidentHistoryAnswer, await this.request('GET', `/api/admin/incidents/${encodeURIComponent(id)}/history`, { token })).versions;
  }

  /** A new incident, or (with `id` and the version it was read at) its next version. */
  async saveIncident(token: string, input: { id?: string; version?: number; fields: IncidentFields }): Promise<Incident> {
    const answer =
      input.id === undefined
        ? await this.request('POST', '/api/admin/incidents', { token, body: input.fields })
        : await this.request('PUT', `/api/admin/incidents/${encodeURIComponent(input.id)}`, { token, body: { fields: input.fields, version: input.version } });
    return this.parse(incidentSchema, answer);
  }

  async info(signal?: AbortSignal): Promise<SyncInfo> {
    return this.parse(syncInfoSchema, await this.request('GET', '/api/sync/info', { signal }));
  }

  async push(token: string, clientId: string, mutations: PushMutation[], signal?: AbortSignal): Promise<PushResponse> {
    const body = await this.request('POST', '/api/sync/push', {
      token,
      signal,
      headers: this.syncHeaders,
      body: { protocol: PROTOCOL_VERSION, schemaVersion: this.schemaVersion, clientId, mutations },
    });
    return this.parse(pushResponseSchema, body);
  }

  async pull(
    token: string,
    query: { clientId: string; cursor: number; limit: number; knownMutationId: number },
    signal?: AbortSignal,
  ): Promise<PullResponse> {
    const params = new URLSearchParams({
      clientId: query.clientId,
      cursor: String(query.cursor),
      limit: String(query.limit),
      knownMutationId: String(query.knownMutationId),
      schemaVersion: String(this.schemaVersion),
      protocol: String(PROTOCOL_VERSION),
    });
    const page = this.parse(pullEnvelopeSchema, await this.request('GET', `/api/sync/pull?${params}`, { token, signal, headers: this.syncHeaders }));
    // Each row is checked against its entity's schema when the replica applies the page; here only
    // its shape, which is cheaper than zod's record check over hundreds of thousands of rows.
    for (const pulled of page.rows) {
      const { table, row } = (pulled ?? {}) as { table?: unknown; row?: unknown };
      if (typeof table !== 'string' || !Object.hasOwn(SYNCED_TABLES, table) || typeof row !== 'object' || row === null || Array.isArray(row)) {
        throw new ServerError('server', MESSAGES.unreadable);
      }
    }
    return page as PullResponse;
  }

  private parse<T>(schema: z.ZodType<T>, body: unknown): T {
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new ServerError('server', MESSAGES.unreadable);
    return parsed.data;
  }

  private async request(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    path: string,
    /** `raw`: a successful answer's bytes, as a Buffer (a file), rather than parsed JSON. */
    options: { token?: string; body?: unknown; signal?: AbortSignal; login?: boolean; headers?: Record<string, string>; raw?: boolean },
  ): Promise<unknown> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
    const headers: Record<string, string> = { ...options.headers, accept: 'application/json' };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal,
      });
      if (options.raw === true && response.ok) return Buffer.from(await response.arrayBuffer());
      text = await response.text();
    } catch (error) {
      if (options.signal?.aborted) throw error;
      if (error instanceof CertificateChangedError) {
        const { serverUrl, pinned, presented } = error;
        throw new ServerError('certificate_changed', MESSAGES.certificateChanged, null, { certificate: { serverUrl, pinned, presented } });
      }
      throw new ServerError('offline', MESSAGES.offline);
    } finally {
      clearTimeout(timer);
    }
    let body: unknown = null;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      if (response.ok) throw new ServerError('server', MESSAGES.unreadable, response.status);
    }
    if (response.ok) return body;
    throw errorFor(response, body, options.login === true);
  }
}

function errorFor(response: Response, body: unknown, login: boolean): ServerError {
  const status = response.status;
  const parsed = errorBodySchema.safeParse(body);
  const code = parsed.success ? parsed.data.error.code : undefined;
  const serverMessage = parsed.success ? parsed.data.error.message : undefined;
  switch (status) {
    case 401:
      if (code === WORKSTATION_WIPED) return new ServerError('workstation_wiped', serverMessage ?? WORKSTATION_WIPED_MESSAGE, status, { code });
      // The server answers every failed sign-in alike, a deactivated account's included (issue 8).
      return login
        ? new ServerError('bad_credentials', MESSAGES.badCredentials, status, { code })
        : new ServerError('session_ended', MESSAGES.sessionEnded, status, { code });
    case 403:
      return new ServerError('forbidden', serverMessage ?? MESSAGES.inactive, status, { code });
    case 409: {
      const gap = pushGapSchema.safeParse(body);
      if (gap.success) return new ServerError('gap', gap.data.error.message, status, { lastMutationId: gap.data.lastMutationId, code });
      return new ServerError('server', serverMessage ?? MESSAGES.server, status, { code });
    }
    case 410:
      return new ServerError('resync', serverMessage ?? 'Les données du poste sont trop anciennes : synchronisation complète.', status, { code });
    case 426:
      // The server's own French sentence names what to do ("Mettez l'application à jour").
      return new ServerError('update_required', serverMessage ?? MESSAGES.updateRequired, status, { code });
    case 429: {
      const retryAfterSeconds = retryAfter(response, body);
      if (login) return new ServerError('locked', lockedMessage(retryAfterSeconds), status, { retryAfterSeconds, code });
      return new ServerError('offline', serverMessage ?? MESSAGES.server, status, { retryAfterSeconds, code });
    }
    case 502:
    case 503:
    case 504:
      // A proxy in front of a stopped server, or a server that cannot reach its database.
      return new ServerError('offline', MESSAGES.offline, status, { code });
    default:
      return new ServerError('server', serverMessage ?? MESSAGES.server, status, { code, fields: fieldsOf(body) });
  }
}

/** A validation refusal's French messages by field, when the server sent them. */
function fieldsOf(body: unknown): Record<string, string> | undefined {
  const parsed = fieldErrorsSchema.safeParse(body);
  return parsed.success ? parsed.data.error.fields : undefined;
}

function retryAfter(response: Response, body: unknown): number | undefined {
  const header = Number(response.headers.get('retry-after'));
  if (Number.isFinite(header) && header > 0) return header;
  const fromBody = (body as { error?: { retryAfterSeconds?: unknown } } | null)?.error?.retryAfterSeconds;
  return typeof fromBody === 'number' && fromBody > 0 ? fromBody : undefined;
}
