import { defineConfig } from 'drizzle-kit';

// The office server's PostgreSQL (or PGlite) database (src-server/db). `npm run db:generate`
// writes migrations here; migrateServerDatabase (src-server/db/migrate.ts) applies them.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src-server/db/schema.ts',
  out: './migrations/server',
  strict: true,
  verbose: true,
});
