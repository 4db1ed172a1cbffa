import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FullConfig } from '@playwright/test';
import { buildDataHost } from '../scripts/build.mjs';
import { startDevWeb, type DevWeb } from '../scripts/dev-web';
import { BUILT_HOST_ENV } from '../src-main/host/port';
import { OFFICES_ENV, RENDERER_DIR, ROOT, SCREENSHOT_DIR, type E2eOffice } from './support/paths';

// Once per run: one fresh office server per worker, on a free loopback port, PGlite in a
// temporary folder, filled with the demo office (src-server/seed/demo.ts). A worker's tests open
// their own workstations (bridges) on its office, so the journeys of two workers never share
// leads, notifications or the SMS journal; the servers go when the run ends.

export default async function globalSetup(config: FullConfig): Promise<() => Promise<void>> {
  await rm(SCREENSHOT_DIR, { recursive: true, force: true });
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  // The tests post many web-form leads from one address; the per-IP limit is the website's guard.
  process.env.WEB_FORM_RATE_LIMIT ??= '10000';
  // Every workstation's data host from one bundle of the sources, made afresh for this run
  // (src-main/host/port.ts): a host a journey starts is ready in a quarter of the time.
  process.env[BUILT_HOST_ENV] = (await buildDataHost(join(ROOT, 'test-results', 'data-host'))).host;
  const runDir = await mkdtemp(join(tmpdir(), 'bureau-e2e-offices-'));
  // Each office writes its SMS to a journal of its own (server-api.md, SMS_PROVIDER=journal): the
  // SMS journey sees its message sent without any provider's network (e2e/sms.spec.ts). An office
  // a journey creates on a workstation (first-run.spec.ts) inherits this environment.
  process.env.SMS_PROVIDER ??= 'journal';
  process.env.SMS_JOURNAL_FILE ??= join(runDir, 'sms-journal-hosted.jsonl');

  const started: DevWeb[] = [];
  const stop = async () => {
    for (const office of started.splice(0)) await office.stop();
    await rm(runDir, { recursive: true, force: true });
  };
  try {
    const offices: E2eOffice[] = [];
    for (let worker = 0; worker < config.workers; worker++) {
      const dataDir = join(runDir, `office-${worker}`);
      const smsJournal = join(dataDir, 'sms-journal.jsonl');
      const office = await startDevWeb({
        serverPort: 0,
        bridgePort: 0,
        dataDir,
        seed: true,
        serverEnv: { SMS_JOURNAL_FILE: smsJournal },
        rendererDir: RENDERER_DIR,
        build: 'if-missing',
        quiet: true,
      });
      started.push(office);
      offices.push({ url: office.serverUrl, smsJournal });
    }
    // Workers start after this and inherit the environment.
    process.env[OFFICES_ENV] = JSON.stringify(offices);
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}
