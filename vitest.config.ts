import { defineConfig } from 'vitest/config';
import { pathAliases } from './scripts/path-aliases.mjs';

export default defineConfig({
  resolve: { alias: pathAliases() },
  test: {
    include: ['src-*/**/*.test.ts', 'src-*/**/*.test.tsx', 'migrations/**/*.test.ts'],
    environment: 'node',
    // The migrated databases the server suites copy (src-server/testing/database-templates.ts),
    // and the import's reader bundled once for every reading of the run (src-main/testing).
    globalSetup: ['src-server/testing/vitest-global-setup.ts', 'src-main/testing/vitest-bundles.ts'],
    // Two files at once on a two-core machine (vitest's default is cores − 1, one file at a time):
    // a server suite spends much of its time waiting on PostgreSQL, on a child process or on
    // loopback HTTP, while the other file computes (docs/architecture.md, "Test suite time").
    maxWorkers: 2,
    // Each worker keeps its modules from one test file to the next instead of loading them afresh
    // for every file (`isolate: false`): the run took 510 s instead of 717 s on the two-core
    // machine (docs/architecture.md, "Test suite time"). So a test file must leave no state behind:
    // no vi.mock (a module another file loaded first is not mocked; count calls at a seam the test
    // owns, as import-service.test.ts does), timers and environment put back.
    isolate: false,
    // Server suites start real databases; give them room on a modest two-core machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
