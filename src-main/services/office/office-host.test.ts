import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeCertificate } from '../tls/pinned';
import { OfficeHost } from './office-host';
import { developmentServerCommand } from './server-command';

// The office hosted by a workstation (issue 12, point 2): the real server in a child process, on a
// real PGlite in a temporary folder, started from the prepared template, set up, stopped and
// started again as the application does at each launch.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ADMIN = { name: 'Nadia Roy', email: 'nadia@cabinet.test', password: 'une phrase secrète' };

describe('le bureau hébergé par ce poste', () => {
  let folder: string;
  let template: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'bureau-office-host-'));
    template = join(folder, 'template.tar.gz');
    // As `npm run build` makes it.
    execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src-server', 'db', 'pglite-template.ts'), template], { cwd: ROOT, stdio: 'inherit' });
  }, 600_000);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('démarre depuis le modèle, crée le bureau, s’arrête proprement et redémarre avec ses données', async () => {
    const dataDir = join(folder, 'office');
    const host = new OfficeHost({ dataDir, command: developmentServerCommand(ROOT), template, listenHost: '127.0.0.1' });
    const port = await host.start(0);
    expect(port).toBeGreaterThan(0);
    expect(host.state()).toMatchObject({ state: 'running', localUrl: `https://127.0.0.1:${port}`, port });
    expect(existsSync(join(dataDir, 'server.lock'))).toBe(true);
    // HTTPS with the certificate made on this first start, its key readable by its owner only.
    const fingerprint = host.state().fingerprint!;
    expect((await probeCertificate(host.localUrl)).fingerprint).toBe(fingerprint);
    expect(statSync(join(dataDir, 'tls', 'key.pem')).mode & 0o777).toBe(0o600);

    const setup = await host.setup({ officeName: 'Cabinet Roy', admin: ADMIN });
    expect(setup.user).toMatchObject({ email: ADMIN.email, role: 'admin' });
    expect(setup.joinCode.code).toMatch(/^[0-9A-Z]{8}$/);
    // Once only, even for the hosting workstation.
    await expect(host.setup({ officeName: 'Autre', admin: { ...ADMIN, email: 'autre@cabinet.test' } })).rejects.toMatchObject({
      code: 'office_already_set_up',
    });
    expect((await host.joinCode()).code).not.toBe(setup.joinCode.code);

    // A plain fetch does not trust the self-signed certificate: only a pinned client does.
    await expect(fetch(`${host.localUrl}/api/sync/info`)).rejects.toThrow();

    await host.stop();
    expect(host.state().state).toBe('stopped');
    // The server closed its database and gave its lock back: nobody killed it.
    expect(existsSync(join(dataDir, 'server.lock'))).toBe(false);

    const again = new OfficeHost({ dataDir, command: developmentServerCommand(ROOT), template, listenHost: '127.0.0.1' });
    await again.start(port);
    try {
      // The same certificate as before: the workstations' pins still hold.
      expect(again.state().fingerprint).toBe(fingerprint);
      expect((await again.joinCode()).code).toMatch(/^[0-9A-Z]{8}$/);
    } finally {
      await again.stop();
    }
  }, 600_000);

  it('dit en français qu’un port est déjà pris, sans rien laisser tourner', async () => {
    const first = new OfficeHost({ dataDir: join(folder, 'a'), command: developmentServerCommand(ROOT), template, listenHost: '127.0.0.1' });
    const port = await first.start(0);
    const second = new OfficeHost({ dataDir: join(folder, 'b'), command: developmentServerCommand(ROOT), template, listenHost: '127.0.0.1' });
    try {
      await expect(second.start(port)).rejects.toMatchObject({ code: 'port_in_use', message: `Le port ${port} de ce poste est déjà utilisé par un autre programme.` });
      expect(second.state().state).toBe('failed');
      await expect(second.joinCode()).rejects.toThrow('Le serveur du bureau n’est pas démarré.');
    } finally {
      await first.stop();
    }
  }, 600_000);
});
