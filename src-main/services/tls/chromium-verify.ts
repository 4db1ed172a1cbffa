import { fingerprintOf } from '~node/tls/certificate';
import type { PinStore } from './pins';

// The same pins for what Chromium downloads on the main process (issue 14, point 2): the desktop
// updates come from the office server (electron-updater, in its own session), so a pinned
// server's certificate is checked here as the data host checks it (tls/pinned.ts).

/** Chromium's answers to a certificate check: accept, refuse, or its own verification. */
export const ACCEPT = 0;
export const REFUSE = -2;
export const CHROMIUM_DECIDES = -3;

export interface CertificateCheck {
  hostname: string;
  /** PEM. */
  certificate: { data: string };
}

/**
 * A host with pins: its certificate must be one of them (a pinned self-signed certificate is
 * accepted although no authority signed it); a host without: Chromium's usual verification.
 */
export function pinnedCertificateCheck(pins: Pick<PinStore, 'forHost'>): (request: CertificateCheck, callback: (result: number) => void) => void {
  return (request, callback) => {
    const pinned = pins.forHost(request.hostname.replace(/^\[|\]$/g, ''));
    if (pinned.length === 0) {
      callback(CHROMIUM_DECIDES);
      return;
    }
    let presented: string | null = null;
    try {
      presented = fingerprintOf(request.certificate.data);
    } catch {
      // An unreadable certificate is no pinned one.
    }
    callback(pinned.some((pin) => pin.fingerprint === presented) ? ACCEPT : REFUSE);
  };
}
