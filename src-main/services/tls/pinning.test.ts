import { execFileSync } from 'node:child_process';
import { X509Certificate, createHash } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '~shared/contract/ipc';
import { ensureSelfSignedCertificate, KEY_FILE } from '~node/tls/certificate';
// The office server itself on the other end: test code may start one, the application never does.
/* eslint-disable no-restricted-imports */
import type { RunningServer } from '~server/server';
import { testConfig } from '~server/testing/databases';
import { TEST_ADMIN, startTestServer } from '~server/testing/http';
/* eslint-enable no-restricted-imports */
import { AccountsClient } from '../session/accounts-client';
import { SessionManager } from '../session/session';
import { ServerClient, ServerError } from '../sync/http';
import { webSocketPokes } from '../sync/pokes';
import { CertificateTrust } from './certificate-trust';
import { ACCEPT, CHROMIUM_DECIDES, REFUSE, pinnedCertificateCheck } from './chromium-verify';
import { pinnedFetch, pinnedSocketOptions, probeCertificate } from './pinned';
import { PinStore } from './pins';

// Issue 14, point 2: the office server serves HTTPS with its certificate, and a workstation that
// pinned it refuses another one on the same address — for the accounts, the sync and the pokes —
// until an administrator accepts the new fingerprint. Real servers on loopback, real certificates.

const ADMIN: SessionUser = { id: 'u-admin', email: TEST_ADMIN.email, name: 'Admin', role: 'admin', titleForm: null } as unknown as SessionUser;
const COUNSELOR: SessionUser = { ...ADMIN, id: 'u-c', role: 'counselor' } as SessionUser;

let dir: string;
const started: RunningServer[] = [];

async function serve(tls: Parameters<typeof testConfig>[0], port = 0): Promise<RunningServer> {
  const server = await startTestServer(testConfig({ dataDir: 'memory://', port, ...tls }));
  started.push(server);
  return server;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bureau-tls-'));
});
afterAll(async () => {
  for (const server of started) await server.stop().catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

describe('le serveur du bureau en HTTPS', () => {
  it('makes a self-signed certificate on its first start, keeps its key private, and serves the same one afterwards', async () => {
    const tlsDir = join(dir, 'premier');
    const first = await serve({ tls: { mode: 'self-signed', dir: tlsDir } });
    expect(first.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const presented = await probeCertificate(first.url);
    expect(presented.fingerprint).toBe(first.fingerprint);
    expect(presented.trusted).toBe(false);
    expect((await stat(join(tlsDir, KEY_FILE))).mode & 0o777).toBe(0o600);
    await first.stop();

    const second = await serve({ tls: { mode: 'self-signed', dir: tlsDir } });
    expect(second.fingerprint).toBe(first.fingerprint);
    expect((await probeCertificate(second.url)).fingerprint).toBe(first.fingerprint);
    await second.stop();
  }, 180_000);

  it('serves the certificate it is given, and its fingerprint is openssl’s SHA-256 of the DER', async () => {
    const made = await ensureSelfSignedCertificate(join(dir, 'donne'));
    const certFile = join(dir, 'donne.crt');
    const keyFile = join(dir, 'donne.key');
    await writeFile(certFile, made.cert);
    await writeFile(keyFile, made.key, { mode: 0o600 });
    const server = await serve({ tls: { mode: 'files', certFile, keyFile } });
    const presented = await probeCertificate(server.url);
    const der = new X509Certificate(made.cert).raw;
    const sha = createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
    expect(presented.fingerprint).toBe(sha);
    expect(server.fingerprint).toBe(sha);
    const openssl = execFileSync('openssl', ['x509', '-noout', '-fingerprint', '-sha256', '-in', certFile], { encoding: 'utf8' });
    expect(openssl.trim().split('=')[1]).toBe(sha);
    await server.stop();
  }, 120_000);
});

describe('un poste qui a épinglé le certificat du bureau', () => {
  let pins: PinStore;
  let swapped: RunningServer;
  let original: string;
  let url: string;
  let token: string;

  beforeAll(async () => {
    const office = await serve({ tls: { mode: 'self-signed', dir: join(dir, 'bureau') } });
    url = office.url;
    original = office.fingerprint!;
    pins = new PinStore(join(dir, 'poste'));
    const presented = await probeCertificate(url);
    await pins.set(url, { fingerprint: presented.fingerprint, cert: presented.cert });
    const client = new ServerClient(url, { fetch: pinnedFetch(pins) });
    token = (await client.login(TEST_ADMIN.email, TEST_ADMIN.password)).token;
    await office.stop();
    // Another server takes the same address with another self-signed certificate.
    swapped = await serve({ tls: { mode: 'self-signed', dir: join(dir, 'imposteur') } }, Number(new URL(url).port));
    expect(swapped.fingerprint).not.toBe(original);
  }, 180_000);

  const expectRefused = async (call: Promise<unknown>) => {
    const error = await call.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).kind).toBe('certificate_changed');
    expect((error as ServerError).message).toMatch(/^Le certificat du serveur du bureau a changé/);
    expect((error as ServerError).details.certificate).toEqual({ serverUrl: url, pinned: original, presented: swapped.fingerprint });
  };

  it('refuses the swapped certificate for the accounts, the sync pull and push, and the pokes', async () => {
    const fetch = pinnedFetch(pins);
    const accounts = new AccountsClient(fetch, () => {});
    const login = await accounts.login(url, TEST_ADMIN.email, TEST_ADMIN.password);
    expect(login).toMatchObject({ ok: false, error: { code: 'certificate_changed' } });

    const client = new ServerClient(url, { fetch });
    await expectRefused(client.me(token));
    await expectRefused(client.pull(token, { clientId: 'poste-1', cursor: 0, limit: 10, knownMutationId: 0 }));
    await expectRefused(client.push(token, 'poste-1', []));

    // The poke socket closes during the handshake: no HTTP answer, so the token never left.
    const closed = await new Promise<{ opened: boolean; status?: number }>((resolve) => {
      let opened = false;
      webSocketPokes((u) => pinnedSocketOptions(pins, u))(client.eventsUrl, token, {
        open: () => (opened = true),
        poke: () => {},
        closed: (info) => resolve({ opened, ...info }),
      });
    });
    expect(closed).toEqual({ opened: false });
  });

  it('lets only an administrator accept the new fingerprint, once checked, and then connects again', async () => {
    const trust = new CertificateTrust(pins);
    expect(await trust.status(url, COUNSELOR)).toEqual({ serverUrl: url, pinned: original, presented: swapped.fingerprint, canAccept: false });
    await expect(trust.accept(url, COUNSELOR, swapped.fingerprint!)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(trust.accept(url, ADMIN, original)).rejects.toMatchObject({ code: 'fingerprint_mismatch' });
    expect(pins.get(url)!.fingerprint).toBe(original);

    expect(await trust.accept(url, ADMIN, swapped.fingerprint!)).toEqual({ fingerprint: swapped.fingerprint });
    expect(await trust.status(url, ADMIN)).toBeNull();
    const client = new ServerClient(url, { fetch: pinnedFetch(pins) });
    expect((await client.info()).protocol).toBeGreaterThan(0);
    const fresh = (await client.login(TEST_ADMIN.email, TEST_ADMIN.password)).token;

    // The pokes open again (an HTTP upgrade answered): the pin now names the new certificate.
    const opened = await new Promise<boolean>((resolve) => {
      const socket = webSocketPokes((u) => pinnedSocketOptions(pins, u))(client.eventsUrl, fresh, {
        open: () => {
          socket.close();
          resolve(true);
        },
        poke: () => {},
        closed: () => resolve(false),
      });
    });
    expect(opened).toBe(true);
  });
});

describe('les mises à jour téléchargées par Chromium', () => {
  it('accept the pinned certificate of that host only, and leave other hosts to Chromium', async () => {
    const pinned = await ensureSelfSignedCertificate(join(dir, 'maj-epingle'));
    const other = await ensureSelfSignedCertificate(join(dir, 'maj-autre'));
    const pins = new PinStore(join(dir, 'maj-poste'));
    await pins.set('https://192.168.1.20:8787', { fingerprint: pinned.fingerprint, cert: pinned.cert });
    const check = pinnedCertificateCheck(pins);
    const answer = (hostname: string, data: string) => new Promise<number>((resolve) => check({ hostname, certificate: { data } }, resolve));
    expect(await answer('192.168.1.20', pinned.cert)).toBe(ACCEPT);
    expect(await answer('192.168.1.20', other.cert)).toBe(REFUSE);
    expect(await answer('bureau.exemple.ca', other.cert)).toBe(CHROMIUM_DECIDES);
  });
});

describe('un poste connecté dont le serveur change de certificat', () => {
  it('shows the warning, sends nothing, and syncs again once an administrator accepts the new fingerprint', async () => {
    // One database, two certificates: the server reinstalled with a new certificate.
    const base = join(dir, 'base');
    const before = await serve({ dataDir: base, tls: { mode: 'self-signed', dir: join(dir, 'avant') } });
    const url = before.url;
    const station = join(dir, 'poste-connecte');
    const presented = await probeCertificate(url);
    await new PinStore(station).set(url, { fingerprint: presented.fingerprint, cert: presented.cert });
    const manager = new SessionManager({ dataDir: station, engine: { pokes: null } });
    try {
      expect(await manager.invoke('session:login', { serverUrl: url, email: TEST_ADMIN.email, password: TEST_ADMIN.password })).toMatchObject({ ok: true });
      expect((await manager.engine!.syncNow()).phase).toBe('idle');
      await before.stop();
      const after = await serve({ dataDir: base, tls: { mode: 'self-signed', dir: join(dir, 'apres') } }, Number(new URL(url).port));

      const refused = await manager.engine!.syncNow();
      expect(refused).toMatchObject({ phase: 'certificate_changed', online: false });
      expect(refused.message).toMatch(/^Le certificat du serveur du bureau a changé/);
      expect(await manager.invoke('tls:status', {})).toEqual({
        ok: true,
        value: { serverUrl: url, pinned: presented.fingerprint, presented: after.fingerprint, canAccept: true },
      });

      // Typed or pasted any way: the same fingerprint.
      const typed = after.fingerprint!.toLowerCase().replaceAll(':', ' ');
      expect(await manager.invoke('tls:accept', { fingerprint: typed })).toEqual({ ok: true, value: { fingerprint: after.fingerprint } });
      expect((await manager.engine!.syncNow()).phase).toBe('idle');
      expect(await manager.invoke('tls:status', {})).toEqual({ ok: true, value: null });
    } finally {
      await manager.close();
    }
  }, 300_000);
});
