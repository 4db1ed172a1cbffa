// `npm run bench -- server`, start-up part (issue 3, point 1): the office server on its embedded
// default, PGlite in DATA_DIR, as `npm run server` starts it on an office PC. Figures: the time to
// "ready" on a brand-new folder (initdb, migrations, office defaults) and on that same folder again,
// and the resident memory idle and after 2,000 web-form leads. Floor, same run: a Node process
// that loads tsx and nothing of ours (time to its first line, resident memory idle).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OfficeHost } from '~main/services/office/office-host';
import { developmentServerCommand, type OfficeServerCommand } from '~main/services/office/server-command';
import { writePgliteTemplate } from '~server/db/pglite-template';
import { buildServer } from '../scripts/build.mjs';
import { figure, type Reporter } from './report';
import { residentMiB, startBenchServer } from './server-process';

const LEADS = 2_000;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SENDERS = 16;

/** The floor: `node --import tsx` running a line that says it is ready and waits. */
async function bareNode(): Promise<{ readyMs: number; residentMiB: number | null }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', 'console.log("ready"); setInterval(() => {}, 1000)'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  const readyMs = performance.now() - started;
  await settle();
  const resident = residentMiB(child.pid);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return { readyMs, residentMiB: resident };
}

function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 2_000));
}

async function postLeads(base: string): Promise<void> {
  let next = 0;
  const sender = async () => {
    while (next < LEADS) {
      const i = next++;
      const response = await fetch(`${base}/api/public/leads`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ prenom: 'Démarrage', nom: `Mémoire ${i}`, courriel: `memoire.${i}@exemple.ca`, telephone: `514 555 ${String(i).padStart(4, '0')}` }),
      });
      await response.arrayBuffer();
      if (response.status !== 201) throw new Error(`formulaire web : réponse ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: SENDERS }, sender));
}

export async function run(reporter: Reporter): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'bureau-bench-start-'));
  try {
    const floor = await bareNode();
    const env = { DATA_DIR: folder, DATABASE_URL: '' };
    const first = await startBenchServer(env);
    await first.stop();
    const again = await startBenchServer(env);
    let idle: number | null;
    let loaded: number | null;
    try {
      await settle();
      idle = residentMiB(again.process.pid);
      await postLeads(again.url);
      await settle();
      loaded = residentMiB(again.process.pid);
    } finally {
      await again.stop();
    }
    const suite = 'server';
    reporter.add(figure(suite, 'pglite-first-start', first.readyMs, 'ms', floor.readyMs, 'report (new DATA_DIR: initdb, migrations, defaults)'));
    reporter.add(figure(suite, 'pglite-start', again.readyMs, 'ms', floor.readyMs, 'report (existing DATA_DIR)'));
    if (idle !== null && loaded !== null && floor.residentMiB !== null) {
      reporter.add(figure(suite, 'pglite-resident-idle', idle, 'MiB', floor.residentMiB, 'report'));
      reporter.add(figure(suite, `pglite-resident-after-${LEADS}-leads`, loaded, 'MiB', floor.residentMiB, 'report'));
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The floor of the bundle: a bare `node` running a line that says it is ready and waits. */
async function plainNode(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', 'console.log("ready"); setInterval(() => {}, 1000)'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  const readyMs = performance.now() - started;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return readyMs;
}

/**
 * `npm run bench -- server-start` (issue 12, point 2): the office a workstation hosts, as the
 * installed desktop starts it (services/office/office-host.ts, main.ts): the server bundle
 * (`node out/server/main.js`, built here into out/bench-server before the clock starts, with the
 * template), its first start on a new data folder from the prepared template and a later start on
 * that folder, each until the server listens. Beside them, the first start without the template
 * (initdb) and the development command (`tsx src-server/main.ts`, what `npm start` runs). Floors,
 * same run: a bare Node process for the bundle, a Node process that loads tsx for tsx. Target: the
 * first start under 2 s on the lead's quiet machine.
 */
export async function runFirstStart(reporter: Reporter): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'bureau-bench-office-'));
  const bundle = join(ROOT, 'out', 'bench-server');
  try {
    const template = join(folder, 'office-template.tar.gz');
    await writePgliteTemplate(template);
    await buildServer({ quiet: true, outDir: bundle });
    const floor = await plainNode();
    const tsxFloor = await bareNode();
    const installed: OfficeServerCommand = { command: process.execPath, args: [join(bundle, 'main.js')] };
    const timed = async (dataDir: string, withTemplate: boolean, command = installed) => {
      const host = new OfficeHost({ dataDir, command, template: withTemplate ? template : null, listenHost: '127.0.0.1' });
      const started = performance.now();
      await host.start(0);
      const ms = performance.now() - started;
      await host.stop();
      return ms;
    };
    const first = await timed(join(folder, 'office'), true);
    const later = await timed(join(folder, 'office'), true);
    const initdb = await timed(join(folder, 'office-initdb'), false);
    const development = await timed(join(folder, 'office-tsx'), true, developmentServerCommand(ROOT));
    const suite = 'server-start';
    reporter.add(figure(suite, 'office-first-start', first, 'ms', floor, '< 2 000 ms (new data folder, from the prepared template)'));
    reporter.add(figure(suite, 'office-start', later, 'ms', floor, 'report (existing data folder)'));
    reporter.add(figure(suite, 'office-first-start-initdb', initdb, 'ms', floor, 'report (new data folder without the template: initdb)'));
    reporter.add(figure(suite, 'office-first-start-tsx', development, 'ms', tsxFloor.readyMs, 'report (development: tsx src-server/main.ts)'));
  } finally {
    rmSync(folder, { recursive: true, force: true });
    rmSync(bundle, { recursive: true, force: true });
  }
}
