import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevWeb } from '../scripts/dev-web';
import { RENDERER_DIR, SCREENSHOT_DIR, SERVER_URL_ENV } from './support/paths';

// Once per run: a fresh office server on a free loopback port, PGlite in a temporary folder,
// filled with the demo office (src-server/seed/demo.ts). Every test opens its own workstations
// (bridges) on it; the server goes when the run ends.

export default async function globalSetup(): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bureau-e2e-office-'));
  await rm(SCREENSHOT_DIR, { recursive: true, force: true });
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  // The tests post many web-form leads from one address; the per-IP limit is the website's guard.
  process.env.WEB_FORM_RATE_LIMIT ??= '10000';
  // The office writes its SMS to a journal (server-api.md, SMS_PROVIDER=journal): the SMS journey
  // sees its message sent without any provider's network. Read by e2e/sms.spec.ts.
  process.env.SMS_PROVIDER ??= 'journal';
  process.env.SMS_JOURNAL_FILE ??= join(dataDir, 'sms-journal.jsonl');
  const office = await startDevWeb({
    serverPort: 0,
    bridgePort: 0,
    dataDir,
    seed: true,
    rendererDir: RENDERER_DIR,
    build: 'if-missing',
    quiet: true,
  });
  // Workers start after this and inherit the environment.
  process.env[SERVER_URL_ENV] = office.serverUrl;
  return async () => {
    await office.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
