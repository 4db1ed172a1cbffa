import { request } from 'node:http';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import type { RunningServer } from '../server';
import { startTestServer } from '../testing/http';

// GET /updates/<file> (issue 12, point 4): what electron-updater's generic provider reads, over
// real HTTP. Paths are sent raw (node:http), since fetch would resolve `..` before sending.

let work: string;
let server: RunningServer;
let withoutUpdates: RunningServer;

const LATEST = 'version: 0.2.0\nfiles:\n  - url: bureau-0.2.0-win-x64.exe\n    sha512: abc\n    size: 5\npath: bureau-0.2.0-win-x64.exe\nsha512: abc\n';
const INSTALLER = Buffer.from('MZ\u0090\u0000\u0003');

function get(base: string, path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bureau-updates-'));
  const updates = join(work, 'updates');
  await mkdir(join(updates, 'old'), { recursive: true });
  await writeFile(join(updates, 'latest.yml'), LATEST);
  await writeFile(join(updates, 'latest-linux.yml'), LATEST);
  await writeFile(join(updates, 'bureau-0.2.0-win-x64.exe'), INSTALLER);
  await writeFile(join(updates, 'bureau-0.2.0-win-x64.exe.blockmap'), 'blockmap');
  await writeFile(join(updates, 'bureau-0.2.0-mac-arm64.dmg'), 'dmg');
  await writeFile(join(updates, 'bureau-0.2.0-linux-x86_64.AppImage'), 'appimage');
  await writeFile(join(updates, '.env'), 'SECRET=1');
  await writeFile(join(updates, 'notes.txt'), 'notes');
  await writeFile(join(updates, 'old', 'latest.yml'), LATEST);
  await writeFile(join(work, 'secret.yml'), 'password: hunter2');
  await symlink(join(work, 'secret.yml'), join(updates, 'outside.yml'));
  const base = { ...loadConfig({ PORT: '0', DATA_DIR: 'memory://', LOG_LEVEL: 'silent' }) };
  server = await startTestServer({ ...base, updatesDir: updates });
  withoutUpdates = await startTestServer(base);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await withoutUpdates?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('GET /updates/<file>', () => {
  it('serves latest.yml to anyone, never cached, as YAML', async () => {
    const answer = await get(server.url, '/updates/latest.yml');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/yaml; charset=utf-8');
    expect(answer.headers['cache-control']).toBe('no-cache');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.body.toString('utf8')).toBe(LATEST);
    expect((await get(server.url, '/updates/latest-linux.yml')).status).toBe(200);
  });

  it('serves the installers and block maps with their types and sizes', async () => {
    const exe = await get(server.url, '/updates/bureau-0.2.0-win-x64.exe');
    expect(exe.status).toBe(200);
    expect(exe.headers['content-type']).toBe('application/vnd.microsoft.portable-executable');
    expect(exe.headers['content-length']).toBe(String(INSTALLER.length));
    expect(exe.headers['cache-control']).toBe('public, max-age=86400');
    expect(exe.body.equals(INSTALLER)).toBe(true);
    expect((await get(server.url, '/updates/bureau-0.2.0-win-x64.exe.blockmap')).headers['content-type']).toBe('application/octet-stream');
    expect((await get(server.url, '/updates/bureau-0.2.0-mac-arm64.dmg')).headers['content-type']).toBe('application/x-apple-diskimage');
    expect((await get(server.url, '/updates/bureau-0.2.0-linux-x86_64.AppImage')).headers['content-type']).toBe('application/vnd.appimage');
    // electron-updater asks HEAD first for some downloads.
    const head = await get(server.url, '/updates/bureau-0.2.0-win-x64.exe', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });

  it.each([
    '/updates/../package.json',
    '/updates/..%2Fsecret.yml',
    '/updates/%2e%2e%2fsecret.yml',
    '/updates/%2E%2E/secret.yml',
    '/updates/..%5Csecret.yml',
    '/updates/old/latest.yml',
    '/updates/old%2Flatest.yml',
    '/updates/outside.yml',
    '/updates/.env',
    '/updates/notes.txt',
    '/updates/',
    '/updates',
    '/updates/missing.yml',
    '/updates/%00latest.yml',
  ])('refuses %s: outside the folder, not published, or a listing', async (path) => {
    const answer = await get(server.url, path);
    expect(answer.status).toBe(404);
    expect(answer.body.toString('utf8')).not.toContain('hunter2');
    expect(answer.body.toString('utf8')).not.toContain('SECRET');
  });

  it('answers 404 in French when the server publishes no update', async () => {
    const answer = await get(withoutUpdates.url, '/updates/latest.yml');
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body.toString('utf8'))).toMatchObject({ error: { code: 'no_updates' } });
  });
});
