import { defineConfig } from '@playwright/test';
import { chromiumPath } from './scripts/chromium.mjs';

// `npm run test:e2e` (scripts/test-e2e.mjs): the renderer in Debian's Chromium through the
// development bridge, against real office servers (e2e/global-setup.ts starts one per worker).
// One worker by default: on the two-core machine two at once took 4.9 min against 5.3 min, each
// journey twice as long, since Chromium, the bridges and the server already keep both cores busy
// (docs/architecture.md, "Test suite time"). E2E_WORKERS=N runs N at once on a bigger machine.

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  // Without these Chromium keeps calling home, which floods a closed network with refusals.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/playwright',
  globalSetup: './e2e/global-setup.ts',
  workers: Number(process.env.E2E_WORKERS ?? 1),
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]] : [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
    actionTimeout: 10_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
