import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

// Where the end-to-end run finds things and leaves them. Everything it writes lives under
// test-results/ (gitignored) or the system's temporary folder.

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The built renderer the bridges serve (`npm run test:e2e` builds it when stale). */
export const RENDERER_DIR = join(ROOT, 'out', 'renderer');
/** Full-page screenshots of every main screen, for the review a person does with their eyes. */
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');
/** The office server started by the global setup, for every worker. */
export const SERVER_URL_ENV = 'BUREAU_E2E_SERVER_URL';

export function officeServerUrl(): string {
  const url = process.env[SERVER_URL_ENV];
  if (!url) throw new Error(`${SERVER_URL_ENV} manque : lancez les tests par « npm run test:e2e » (la préparation globale démarre le serveur).`);
  return url;
}
