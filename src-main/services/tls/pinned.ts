import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { connect, type ConnectionOptions, type PeerCertificate } from 'node:tls';
import { Agent, fetch as undiciFetch } from 'undici';
import type { FetchLike } from '../sync/http';
import { pinKey, type Pin } from './pins';

/** Where the pins are read: the workstation's PinStore, or the hosted office's own certificate. */
export interface PinSource {
  get(serverUrl: string): Pin | null;
}

// The one place where this workstation's connections to the office server are checked (issue 14,
// point 2). A pinned server is trusted for its pinned certificate only — no other authority, and
// not its name (a workstation reaches it by an address of the office's network); a server without
// a pin is checked by the system's authorities as any https site. Never unchecked: a refusal
// happens during the handshake, before a token or a byte of data leaves the workstation.

const PIN_MISMATCH = 'ERR_BUREAU_PIN_MISMATCH';
const PROBE_TIMEOUT_MS = 8_000;

/** The pinned server presents another certificate: the connection was refused. */
export class CertificateChangedError extends Error {
  constructor(
    readonly serverUrl: string,
    readonly pinned: string,
    /** The certificate now presented, or null when it could not be read. */
    readonly presented: string | null,
  ) {
    super('Le certificat du serveur du bureau a changé.');
    this.name = 'CertificateChangedError';
  }
}

/** The TLS options of a connection to a pinned server: its certificate alone is trusted. */
export function pinnedTlsOptions(pin: Pin): ConnectionOptions {
  return {
    ca: [pin.cert],
    rejectUnauthorized: true,
    // Called only once the chain verified against the pinned certificate; the fingerprint check
    // also refuses a certificate that the pinned one would have signed.
    checkServerIdentity: (_host: string, cert: PeerCertificate) =>
      cert.fingerprint256 === pin.fingerprint ? undefined : Object.assign(new Error('certificat différent de celui épinglé'), { code: PIN_MISMATCH }),
  };
}

export interface PresentedCertificate {
  /** PEM. */
  cert: string;
  fingerprint: string;
  /** Whether the system's authorities vouch for it under this host name. */
  trusted: boolean;
}

/**
 * The certificate an https server presents, read during a handshake that is closed at once —
 * nothing is sent. For showing it (to join, or to accept a new one), never for trusting it alone.
 */
export function probeCertificate(serverUrl: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<PresentedCertificate> {
  const url = new URL(serverUrl);
  if (url.protocol !== 'https:') return Promise.reject(new TypeError('https only'));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port: Number(url.port || 443),
      servername: isIP(host) === 0 ? host : undefined,
      rejectUnauthorized: false,
      timeout: timeoutMs,
    });
    socket.once('secureConnect', () => {
      const peer = socket.getPeerCertificate();
      socket.destroy();
      if (!peer?.raw) {
        reject(new Error('aucun certificat présenté'));
        return;
      }
      const cert = new X509Certificate(peer.raw);
      resolve({ cert: cert.toString(), fingerprint: cert.fingerprint256, trusted: socket.authorized });
    });
    socket.once('timeout', () => socket.destroy(Object.assign(new Error('délai dépassé'), { name: 'TimeoutError' })));
    socket.once('error', reject);
  });
}

/** A certificate refused during the handshake (chain, name or pin), as undici and ws report it. */
export function isCertificateRefusal(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|^ERR_BUREAU_PIN_MISMATCH$/.test(e.code)) return true;
  }
  return false;
}

/**
 * fetch for the office server through the pins: https to a pinned server trusts its pin only, and a
 * refused certificate becomes a CertificateChangedError naming the old and the new fingerprints.
 */
export function pinnedFetch(pins: PinSource): FetchLike {
  const agents = new Map<string, { fingerprint: string; agent: Agent }>();
  const agentFor = (key: string, pin: Pin): Agent => {
    const known = agents.get(key);
    if (known?.fingerprint === pin.fingerprint) return known.agent;
    void known?.agent.close().catch(() => {});
    // No TLS session cache: every new connection goes through the full check.
    const agent = new Agent({ connect: { ...pinnedTlsOptions(pin), maxCachedSessions: 0 } });
    agents.set(key, { fingerprint: pin.fingerprint, agent });
    return agent;
  };
  return async (input, init) => {
    if (!input.startsWith('https:')) return fetch(input, init);
    const pin = pins.get(input);
    if (pin === null) return fetch(input, init);
    try {
      return (await undiciFetch(input, { ...(init as object), dispatcher: agentFor(pinKey(input), pin) })) as unknown as Response;
    } catch (error) {
      if (!isCertificateRefusal(error)) throw error;
      const presented = await probeCertificate(input).then((c) => c.fingerprint, () => null);
      throw new CertificateChangedError(pinKey(input), pin.fingerprint, presented);
    }
  };
}

/** The TLS options of the poke socket (wss) to this server: the same pin as every request. */
export function pinnedSocketOptions(pins: PinSource, url: string): ConnectionOptions {
  if (!url.startsWith('wss:')) return {};
  const pin = pins.get(url.replace(/^wss:/, 'https:'));
  return pin === null ? {} : pinnedTlsOptions(pin);
}
