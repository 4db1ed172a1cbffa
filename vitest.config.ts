import { defineConfig } from 'vitest/config';
import { pathAliases } from './scripts/path-aliases.mjs';

export default defineConfig({
  resolve: { alias: pathAliases() },
  test: {
    include: ['src-*/**/*.test.ts', 'src-*/**/*.test.tsx', 'migrations/**/*.test.ts'],
    environment: 'node',
    // Server suites start real databases; give them room on a modest two-core machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
