import { defineConfig } from 'drizzle-kit';

// The workstation's local SQLite database (src-main/db). `npm run db:generate` writes migrations
// here; they are applied by openLocalDatabase (src-main/db/migrate.ts) and never edited once landed.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src-main/db/schema.ts',
  out: './migrations/client',
  strict: true,
  verbose: true,
});
