import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfficeService } from './office-service';
import { developmentServerCommand } from './server-command';

// « Créer le bureau sur ce poste » and « Rejoindre un bureau » through the office:* channels
// (issue 12, point 2): a workstation hosts a real office server (child process, PGlite in a
// temporary folder); another joins it with its address and code; each remembers its choice.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ADMIN = { name: 'Nadia Roy', email: 'nadia@cabinet.test', password: 'une phrase secrète' };

describe('créer le bureau sur un poste, le rejoindre depuis un autre', () => {
  let folder: string;
  let template: string;
  let hosting: OfficeService;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'bureau-office-service-'));
    template = join(folder, 'template.tar.gz');
    execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src-server', 'db', 'pglite-template.ts'), template], { cwd: ROOT, stdio: 'inherit' });
    hosting = await OfficeService.open({ dataDir: join(folder, 'hote'), command: developmentServerCommand(ROOT), template, preferredPort: 0, listenHost: '127.0.0.1' });
  }, 600_000);
  afterAll(async () => {
    await hosting?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('crée le bureau, donne un code, puis un autre poste le rejoint avec ce code, une fois', async () => {
    expect(hosting.state()).toMatchObject({ mode: 'none', serverUrl: null });
    const refused = await hosting.invoke('office:create', { officeName: 'Cabinet Roy', admin: { ...ADMIN, password: 'court' } });
    expect(refused).toMatchObject({ ok: false, error: { fields: { 'admin.password': expect.stringMatching(/10 caractères/) } } });

    const created = await hosting.create({ officeName: 'Cabinet Roy', admin: ADMIN });
    expect(created.serverUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(created.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(hosting.state().hosted?.fingerprint).toBe(created.fingerprint);
    expect(hosting.state()).toMatchObject({ mode: 'host', officeName: 'Cabinet Roy', serverUrl: created.serverUrl, hosted: { state: 'running' } });
    await expect(hosting.create({ officeName: 'Autre', admin: ADMIN })).rejects.toThrow('Ce poste est déjà relié à un bureau.');

    const joining = await OfficeService.open({ dataDir: join(folder, 'poste-2'), command: developmentServerCommand(ROOT) });
    const address = created.serverUrl.replace('https://', '');
    // The workstation reads the certificate, the person compares its fingerprint and confirms it.
    expect(await joining.invoke('office:probe', { serverUrl: address })).toEqual({ ok: true, value: { serverUrl: created.serverUrl, fingerprint: created.fingerprint } });
    await expect(joining.join(address, created.joinCode.code)).rejects.toMatchObject({ code: 'fingerprint_required' });
    const other = created.fingerprint!.replace(/^../, created.fingerprint!.startsWith('00') ? '11' : '00');
    await expect(joining.join(address, created.joinCode.code, other)).rejects.toMatchObject({ code: 'fingerprint_mismatch' });
    const lower = created.fingerprint!.toLowerCase().replaceAll(':', ' ');
    await expect(joining.invoke('office:join', { serverUrl: address, code: 'ZZZZ-ZZZ', fingerprint: lower })).resolves.toMatchObject({
      ok: false,
      error: { fields: { code: 'Un code compte huit caractères, par exemple K7QF-2MZD.' } },
    });
    const fingerprint = created.fingerprint!;
    await expect(joining.join(address, 'ZZZZ-ZZZ', fingerprint)).rejects.toMatchObject({ fields: { code: 'Un code compte huit caractères, par exemple K7QF-2MZD.' } });
    await expect(joining.join(address, 'ZZZZ-ZZZZ', fingerprint)).rejects.toMatchObject({ code: 'join_code_invalid' });
    const joined = await joining.join(address, created.joinCode.code.toLowerCase(), fingerprint);
    expect(joined).toEqual({ serverUrl: created.serverUrl, officeName: 'Cabinet Roy' });
    // Remembered: the next launch goes to the sign-in with this address.
    const relaunched = await OfficeService.open({ dataDir: join(folder, 'poste-2'), command: developmentServerCommand(ROOT) });
    expect(relaunched.state()).toEqual({ mode: 'join', serverUrl: created.serverUrl, officeName: 'Cabinet Roy', hosted: null });

    // The code served once; the hosting workstation gives another.
    const third = await OfficeService.open({ dataDir: join(folder, 'poste-3'), command: developmentServerCommand(ROOT) });
    await expect(third.join(address, created.joinCode.code, fingerprint)).rejects.toMatchObject({ code: 'join_code_invalid' });
    const next = await hosting.joinCode();
    expect(next.code).not.toBe(created.joinCode.code);
    expect(next.lanUrls.every((url) => url.startsWith('https://'))).toBe(true);
    expect(await third.join(address, next.code, fingerprint)).toMatchObject({ officeName: 'Cabinet Roy' });
  }, 600_000);

  it('garde en HTTP un bureau créé avant le HTTPS : ses postes et leurs copies locales le connaissent à cette adresse', async () => {
    const dataDir = join(folder, 'hote-ancien');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'office.json'), JSON.stringify({ mode: 'host', port: 0, officeName: 'Cabinet Ancien' }));
    const legacy = await OfficeService.open({ dataDir, command: developmentServerCommand(ROOT), template, listenHost: '127.0.0.1' });
    try {
      await legacy.resume();
      expect(legacy.state()).toMatchObject({ mode: 'host', serverUrl: 'http://127.0.0.1:0', hosted: { state: 'running', fingerprint: null } });
      expect(legacy.state().hosted?.localUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await legacy.joinCode()).code).toMatch(/^[0-9A-Z]{8}$/);
    } finally {
      await legacy.close();
    }
  }, 600_000);

  it('dit en français qu’aucun bureau ne répond, ou que ce n’en est pas un', async () => {
    const station = await OfficeService.open({ dataDir: join(folder, 'poste-4'), command: developmentServerCommand(ROOT) });
    await expect(station.join('pas une adresse', undefined)).rejects.toMatchObject({ code: 'invalid_input' });
    // A port nobody listens on.
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const freePort = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    await expect(station.join(`http://127.0.0.1:${freePort}`, undefined)).rejects.toMatchObject({ code: 'server_unreachable' });
    // Something answers, but not a Bureau office.
    const other = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Imprimante</h1>'));
    await new Promise<void>((done) => other.listen(0, '127.0.0.1', done));
    try {
      await expect(station.join(`http://127.0.0.1:${(other.address() as AddressInfo).port}`, undefined)).rejects.toMatchObject({ code: 'not_an_office' });
    } finally {
      await new Promise<void>((done) => other.close(() => done()));
    }
    expect(station.state().mode).toBe('none');
  });
});
