import type { ServiceMap } from '../handlers';
import { ServiceError } from '../handlers';
import type { ServerClient } from '../sync/http';

// The channels of issue 14's points 3 and 4 (contract/security.ts): a user's own second factor,
// the office's rule, a user's reset and the workstations. Each goes to the office server at once
// with the session's token — the set-up ones with a token that reaches only the set-up, when the
// office requires a second factor the account lacks. Nothing here is stored on the workstation:
// the secret goes to the renderer, which draws its QR code, and is never logged.

export const SECURITY_NEEDS_SERVER =
  'La sécurité du compte est gérée par le serveur du bureau, qui ne répond pas\u00a0: réessayez quand le poste sera reconnecté. Rien n’a été modifié.';
const ADMIN_ONLY = 'Seul l’administrateur gère la sécurité du bureau et ses postes de travail.';

export interface SecurityHost {
  /** A request with the signed-in user's token (a set-up token too when `setup` is true). */
  atServer<T>(call: (client: ServerClient, token: string) => Promise<T>, options: { setup: boolean }): Promise<T>;
  /** The signed-in user's role, or null while only the set-up is allowed. */
  role(): string | null;
  /** The second factor was turned on with a set-up token: the session becomes a full one. */
  onSetupDone(): Promise<void>;
}

export function securityServices(host: SecurityHost): ServiceMap {
  const own = <T>(call: (client: ServerClient, token: string) => Promise<T>) => host.atServer(call, { setup: false });
  const setup = <T>(call: (client: ServerClient, token: string) => Promise<T>) => host.atServer(call, { setup: true });
  const admin = <T>(call: (client: ServerClient, token: string) => Promise<T>) => {
    if (host.role() !== 'admin') throw new ServiceError('forbidden', ADMIN_ONLY);
    return own(call);
  };
  return {
    'twoFactor:status': () => setup((client, token) => client.twoFactorStatus(token)),
    'twoFactor:setup': () => setup((client, token) => client.twoFactorSetup(token)),
    'twoFactor:enable': async ({ code }) => {
      const answer = await setup((client, token) => client.twoFactorEnable(token, code));
      await host.onSetupDone();
      return answer;
    },
    'twoFactor:recoveryCodes': ({ password }) => own((client, token) => client.twoFactorRecoveryCodes(token, password)),
    'twoFactor:disable': async ({ password }) => {
      await own((client, token) => client.twoFactorDisable(token, password));
      return { enabled: false };
    },
    'security:get': () => admin((client, token) => client.securityPolicy(token)),
    'security:set': (policy) => admin((client, token) => client.setSecurityPolicy(token, policy)),
    'twoFactor:reset': async ({ userId }) => {
      await admin((client, token) => client.resetTwoFactor(token, userId));
      return { enabled: false };
    },
    'workstations:list': async () => (await admin((client, token) => client.workstations(token))).workstations,
    'workstations:revoke': async ({ clientId }) => (await admin((client, token) => client.revokeWorkstation(token, clientId))).workstations,
  };
}
