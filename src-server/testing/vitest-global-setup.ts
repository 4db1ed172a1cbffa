import { prepareTestTemplates } from './database-templates';

// Once per `vitest run`, before the workers start (they inherit the environment it sets): the
// migrated databases the server suites copy instead of migrating their own
// (database-templates.ts).
export default async function setup(): Promise<() => Promise<void>> {
  return prepareTestTemplates(process.env.TEST_DATABASE_URL);
}
