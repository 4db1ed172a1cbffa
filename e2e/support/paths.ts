import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

// Where the end-to-end run finds things and leaves them. Everything it writes lives under
// test-results/ (gitignored) or the system's temporary folder.

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The built renderer the bridges serve (`npm run test:e2e` builds it when stale). */
export const RENDERER_DIR = join(ROOT, 'out', 'renderer');
/** Full-page screenshots of every main screen, for the review a person does with their eyes. */
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');
/** The office servers started by the global setup, one per worker, as JSON (`E2eOffice[]`). */
export const OFFICES_ENV = 'BUREAU_E2E_OFFICES';

/** One office server of the run: its address and the file its SMS journal provider writes. */
export interface E2eOffice {
  url: string;
  smsJournal: string;
}

/**
 * This worker's office server. Each worker has its own (the global setup starts one per worker),
 * so two journeys running at once never see each other's leads, notifications or SMS; a worker
 * started again after a failure gets the same one (Playwright's TEST_PARALLEL_INDEX).
 */
export function workerOffice(): E2eOffice {
  const offices = process.env[OFFICES_ENV];
  if (!offices) throw new Error(`${OFFICES_ENV} manque : lancez les tests par « npm run test:e2e » (la préparation globale démarre les serveurs).`);
  const list = JSON.parse(offices) as E2eOffice[];
  const office = list[Number(process.env.TEST_PARALLEL_INDEX ?? 0)];
  if (!office) throw new Error(`Aucun serveur du bureau pour le travailleur ${process.env.TEST_PARALLEL_INDEX} (${list.length} démarrés).`);
  return office;
}

export function officeServerUrl(): string {
  return workerOffice().url;
}
