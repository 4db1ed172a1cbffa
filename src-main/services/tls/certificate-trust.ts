import type { CertificateWarning } from '~shared/contract/tls';
import type { SessionUser } from '~shared/contract/ipc';
import { ServiceError } from '../handlers';
import { probeCertificate, type PresentedCertificate } from './pinned';
import { pinKey, type PinStore } from './pins';

// The warning when the office server presents another certificate than the pinned one, and its
// acceptance (issue 14, point 2): only an administrator may pin the new certificate, after checking
// on the server that its fingerprint is the one shown — a certificate also changes when someone
// stands between the workstation and the server. Everyone else sees the warning and whom to call.

export const ONLY_ADMIN_ACCEPTS =
  'Seul un administrateur du bureau peut accepter le nouveau certificat, après avoir vérifié son empreinte sur le serveur. Prévenez-le ; en attendant, vos changements restent enregistrés sur ce poste.';
export const FINGERPRINT_DIFFERS =
  'Le serveur présente une autre empreinte que celle saisie : rien n’a été accepté. Vérifiez-la de nouveau sur le serveur du bureau.';
const NOTHING_TO_ACCEPT = 'Ce poste n’a pas de certificat épinglé pour ce serveur : rien à accepter.';
const NOT_SIGNED_IN = 'Connectez-vous avec un compte administrateur pour accepter le nouveau certificat.';
const UNREACHABLE = 'Le serveur du bureau ne répond pas : son certificat ne peut pas être lu. Réessayez quand il sera joignable.';

export type Probe = (serverUrl: string) => Promise<PresentedCertificate>;

export class CertificateTrust {
  constructor(
    private readonly pins: PinStore,
    private readonly probe: Probe = (url) => probeCertificate(url),
  ) {}

  /** The warning for this server, or null while it presents the pinned certificate (or is unreachable). */
  async status(serverUrl: string | null, user: SessionUser | null): Promise<CertificateWarning | null> {
    const pin = serverUrl === null || !serverUrl.startsWith('https:') ? null : this.pins.get(serverUrl);
    if (pin === null) return null;
    const presented = await this.probe(serverUrl!).then(
      (certificate) => certificate.fingerprint,
      () => null,
    );
    if (presented === null || presented === pin.fingerprint) return null;
    return { serverUrl: pinKey(serverUrl!), pinned: pin.fingerprint, presented, canAccept: user?.role === 'admin' };
  }

  /**
   * Pins the certificate the server presents now, if it is the one the administrator checked
   * (`fingerprint`, canonical). The user is the one signed in on this workstation, known locally:
   * asking the server who they are would mean trusting the very certificate in question.
   */
  async accept(serverUrl: string | null, user: SessionUser | null, fingerprint: string): Promise<{ fingerprint: string }> {
    if (serverUrl === null || user === null) throw new ServiceError('not_signed_in', NOT_SIGNED_IN);
    if (user.role !== 'admin') throw new ServiceError('forbidden', ONLY_ADMIN_ACCEPTS);
    if (!serverUrl.startsWith('https:') || this.pins.get(serverUrl) === null) throw new ServiceError('invalid_input', NOTHING_TO_ACCEPT);
    let presented: PresentedCertificate;
    try {
      presented = await this.probe(serverUrl);
    } catch {
      throw new ServiceError('offline', UNREACHABLE);
    }
    if (presented.fingerprint !== fingerprint) throw new ServiceError('fingerprint_mismatch', FINGERPRINT_DIFFERS, { fingerprint: FINGERPRINT_DIFFERS });
    await this.pins.set(serverUrl, { fingerprint: presented.fingerprint, cert: presented.cert });
    return { fingerprint: presented.fingerprint };
  }
}
