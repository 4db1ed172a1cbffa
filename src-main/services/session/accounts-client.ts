import type { DemoOffice, IpcError, IpcResult, SessionUser } from '~shared/contract/ipc';
import { SECOND_FACTOR_REQUIRED } from '~shared/contract/auth';
import { ServiceError } from '../handlers';
import { MESSAGES, ServerError, ServerClient, normalizeServerUrl, type FetchLike } from '../sync/http';

// The calls a workstation makes to the office server for the person rather than for the data
// (server-api.md, /api/auth and /api/admin): signing in and out, checking a stored token at start,
// the sign-in screen's demo card, the admin's accounts, the calendar feed. They go to the server
// at once, never through the outbox, and their failures come back in French.

const LOGOUT_TIMEOUT_MS = 3_000;
/** The sign-in screen asks while the user types: a server that hangs must not keep it waiting. */
const DEMO_TIMEOUT_MS = 5_000;

/** Why a stored token cannot sync: the server ended the session or wants a newer application. */
export type Halted = { phase: 'session_ended' | 'update_required'; message: string } | null;

export interface SignedIn {
  serverUrl: string;
  token: string;
  user: SessionUser;
  /** The office requires a second factor this account must set up before anything else. */
  twoFactorSetup: boolean;
}

export const INVALID_SECOND_FACTOR = 'Code incorrect ou déjà utilisé\u00a0: entrez le code affiché maintenant par votre application, ou un code de secours inutilisé.';

export class AccountsClient {
  constructor(
    private readonly fetchImpl: FetchLike | undefined,
    private readonly onError: (error: unknown) => void,
    /** The computer's name, for the office's list of workstations (issue 14, point 4). */
    private readonly workstationName?: string,
  ) {}

  server(serverUrl: string): ServerClient {
    return new ServerClient(serverUrl, { fetch: this.fetchImpl, workstationName: this.workstationName });
  }

  /** `code`: the second factor (six digits or a recovery code), when the server asked for it. */
  async login(serverUrl: string, email: string, password: string, code?: string): Promise<IpcResult<SignedIn>> {
    let normalized: string;
    try {
      normalized = normalizeServerUrl(serverUrl);
    } catch {
      const message = 'Adresse du serveur invalide.';
      return { ok: false, error: { code: 'invalid_input', message, fields: { serverUrl: message } } };
    }
    try {
      const answer = await this.server(normalized).login(email, password, undefined, code);
      return { ok: true, value: { serverUrl: normalized, token: answer.token, user: answer.user, twoFactorSetup: answer.twoFactorSetup === true } };
    } catch (error) {
      return { ok: false, error: loginError(error) };
    }
  }

  /**
   * A token stored at the last start, checked: the user as the office knows them now, or why the
   * token cannot sync. Offline, the user we knew, and the engine retries.
   */
  async check(serverUrl: string, token: string, known: SessionUser): Promise<{ user: SessionUser; halted: Halted; forgetToken: boolean; wiped?: boolean }> {
    try {
      return { user: await this.server(serverUrl).me(token), halted: null, forgetToken: false };
    } catch (error) {
      if (!(error instanceof ServerError)) throw error;
      if (error.kind === 'workstation_wiped') return { user: known, halted: null, forgetToken: true, wiped: true };
      if (error.kind === 'session_ended' || error.kind === 'forbidden') {
        return { user: known, halted: { phase: 'session_ended', message: MESSAGES.sessionEnded }, forgetToken: true };
      }
      if (error.kind === 'update_required') return { user: known, halted: { phase: 'update_required', message: error.message }, forgetToken: false };
      return { user: known, halted: null, forgetToken: false };
    }
  }

  /** Best effort: offline, the token is forgotten here and expires on the server. */
  async revoke(serverUrl: string, token: string): Promise<void> {
    await this.server(serverUrl)
      .logout(token, AbortSignal.timeout(LOGOUT_TIMEOUT_MS))
      .catch(() => {});
  }

  /**
   * The sign-in screen's demo card: the demo office's accounts, or null for a real office, an
   * address that is not one, or a server that does not answer — never an error to show.
   */
  async demoOffice(serverUrl: string): Promise<DemoOffice | null> {
    let client: ServerClient;
    try {
      client = this.server(serverUrl);
    } catch {
      return null;
    }
    const signal = AbortSignal.timeout(DEMO_TIMEOUT_MS);
    try {
      return await client.demoOffice(signal);
    } catch (error) {
      // Offline or another program at the address is expected here; anything else is a bug to log.
      if (!(error instanceof ServerError) && !signal.aborted) this.onError(error);
      return null;
    }
  }

  /** A request on behalf of the signed-in user, its failures turned into French ServiceErrors. */
  async atServer<T>(serverUrl: string, token: string, call: (client: ServerClient, token: string) => Promise<T>, offlineMessage: string): Promise<T> {
    try {
      return await call(this.server(serverUrl), token);
    } catch (error) {
      if (!(error instanceof ServerError)) throw error;
      if (error.kind === 'offline') throw new ServiceError('offline', offlineMessage);
      throw new ServiceError(error.details.code ?? error.kind, error.message, error.details.fields);
    }
  }
}

function loginError(error: unknown): IpcError {
  if (!(error instanceof ServerError)) return { code: 'internal_error', message: 'La connexion a échoué de façon inattendue. Réessayez.' };
  switch (error.kind) {
    case 'bad_credentials':
      // The right password, and the account has a second factor: the sign-in screen asks for it.
      if (error.details.code === 'second_factor_required') return { code: 'second_factor_required', message: SECOND_FACTOR_REQUIRED };
      if (error.details.code === 'invalid_second_factor') return { code: 'invalid_second_factor', message: INVALID_SECOND_FACTOR };
      return { code: 'bad_credentials', message: MESSAGES.badCredentials };
    case 'locked':
      return { code: 'locked', message: error.message };
    case 'offline':
      return { code: 'server_unreachable', message: MESSAGES.unreachable };
    case 'update_required':
      return { code: 'update_required', message: error.message };
    case 'certificate_changed':
      return { code: 'certificate_changed', message: error.message };
    default:
      return { code: 'server_error', message: error.message };
  }
}
