import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, SERVER_EXTERNAL } from '../scripts/build.mjs';

// Issue 12, point 3: the office server runs from its bundle with production dependencies only.
// The bundle is built, copied to an empty folder outside the repository (so nothing resolves from
// its node_modules), its package.json's dependencies installed there by npm (from npm's cache,
// which `npm ci` filled), and started on PGlite.

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let work: string;
let bundle: string;
let lock: { packages: Record<string, { version?: string }> };
const children: ChildProcess[] = [];

/** Only what a server machine has: no DATABASE_URL, no NODE_OPTIONS from vitest. */
function serverEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...extra };
}

function startBundle(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['main.js'], { cwd: bundle, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const ready = /prêt sur (http:\/\/\S+)/.exec(stdout);
      if (ready) resolve({ child, url: ready[1]! });
    });
    child.on('exit', (code) => reject(new Error(`le serveur s’est arrêté (code ${code}) :\n${stdout}\n${stderr}`)));
  });
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.on('exit', (code) => resolve(code));
  });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bureau-server-bundle-'));
  const built = join(work, 'built');
  await buildServer({ quiet: true, outDir: built });
  bundle = join(work, 'bureau-server');
  await cp(built, bundle, { recursive: true });
  lock = JSON.parse(await readFile(new URL('../package-lock.json', import.meta.url), 'utf8')) as typeof lock;
  await run(npm, ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: bundle, timeout: 180_000 });
}, 300_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

describe('the office server bundle (out/server)', () => {
  it('names exactly its externals that must be installed, at the versions of package-lock.json', async () => {
    const manifest = JSON.parse(await readFile(join(bundle, 'package.json'), 'utf8')) as { type: string; dependencies: Record<string, string> };
    expect(manifest.type).toBe('module');
    expect(manifest.dependencies).toEqual({
      '@electric-sql/pglite': lock.packages['node_modules/@electric-sql/pglite']!.version,
      '@node-rs/argon2': lock.packages['node_modules/@node-rs/argon2']!.version,
    });
    expect(SERVER_EXTERNAL).toEqual(expect.arrayContaining(Object.keys(manifest.dependencies)));
    // No development tool came along: the installed folder holds the two packages and their own parts.
    const installed = await readdir(join(bundle, 'node_modules'));
    expect(installed.filter((name) => !name.startsWith('.')).sort()).toEqual(['@electric-sql', '@node-rs']);
    // The migrations ship beside the bundle.
    expect(await readdir(join(bundle, 'migrations', 'meta'))).toContain('_journal.json');
  });

  it('creates an administrator with the bundled office command (argon2 from the installed package)', async () => {
    const child = spawn(process.execPath, ['office.js', 'user:create', '--email', 'direction@exemple.ca', '--name', 'Direction', '--role', 'admin'], {
      cwd: bundle,
      env: serverEnv({ DATA_DIR: join(work, 'data') }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdin!.end('une longue phrase secrète\n');
    expect(await exitCode(child), output).toBe(0);
  }, 180_000);

  it('starts with `node main.js` on PGlite, answers /healthz, lets that administrator sign in and stops cleanly', async () => {
    const { child, url } = await startBundle(serverEnv({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(work, 'data') }));
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'direction@exemple.ca', password: 'une longue phrase secrète' }),
    });
    expect(login.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
  }, 180_000);
});
