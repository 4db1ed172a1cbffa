// Where the Playwright journeys find Chromium: Debian's package, never a browser Playwright
// downloads (these machines have no internet beyond the npm registry and Debian's packages).
// Shared by playwright.config.ts and scripts/test-e2e.mjs.

/** CHROMIUM_PATH, or Debian's /usr/bin/chromium. */
export function chromiumPath() {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}
