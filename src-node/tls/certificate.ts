import { X509Certificate, createHash } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'selfsigned';

// The office server's certificate (issue 14, point 2): the one it is given, or a self-signed one
// it makes on its first start and keeps in its data folder, so that every later start presents the
// same certificate — the one the workstations pinned. The key file is readable by its owner only
// and never logged; only the certificate's SHA-256 fingerprint is shown.

export interface TlsMaterial {
  /** PEM. */
  cert: string;
  /** PEM; a secret. */
  key: string;
  /** SHA-256 of the certificate's DER, AB:CD:… (shared/domain/fingerprint.ts). */
  fingerprint: string;
}

export const CERT_FILE = 'cert.pem';
export const KEY_FILE = 'key.pem';
/** Long enough that nobody meets its expiry: the pin, not the date, is what workstations check. */
const SELF_SIGNED_YEARS = 20;

/** SHA-256 of the certificate's DER, as `openssl x509 -noout -fingerprint -sha256` prints it. */
export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

/** Same, computed from the DER bytes themselves (what a TLS peer certificate carries). */
export function fingerprintOfDer(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
}

/** The certificate and key given by path (TLS_CERT, TLS_KEY). */
export async function readTlsFiles(certFile: string, keyFile: string): Promise<TlsMaterial> {
  const [cert, key] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
  return { cert, key, fingerprint: fingerprintOf(cert) };
}

/**
 * The self-signed certificate kept in `dir`, made on the first call. Written key first (0600),
 * each file through a temporary name, so that a start killed half-way leaves either both files or
 * a certificate-less folder that the next start fills again.
 */
export async function ensureSelfSignedCertificate(dir: string, now: Date = new Date()): Promise<TlsMaterial & { created: boolean }> {
  const certPath = join(dir, CERT_FILE);
  const keyPath = join(dir, KEY_FILE);
  try {
    const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
    return { cert, key, fingerprint: fingerprintOf(cert), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + SELF_SIGNED_YEARS);
  const made = await generate([{ name: 'commonName', value: 'Bureau — serveur du bureau' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 24 * 3600_000),
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      // Workstations check the pin, not the name; these keep ordinary tools (curl --cacert) happy on the host itself.
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
    ],
  });
  await writeAtomically(keyPath, made.private, 0o600);
  await writeAtomically(certPath, made.cert, 0o644);
  return { cert: made.cert, key: made.private, fingerprint: fingerprintOf(made.cert), created: true };
}

async function writeAtomically(path: string, text: string, mode: number): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode });
  await chmod(temporary, mode); // the umask may have narrowed it, never widened: set it exactly
  await rename(temporary, path);
}
