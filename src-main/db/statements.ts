import type Database from 'better-sqlite3';

// Prepared statements cached per connection and SQL text: preparing costs more than running most of
// our queries, and the lists, the dashboard and the rebase run the same few statements all day.

const MAX_CACHED = 500;
const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function statement(sqlite: Database.Database, sql: string): Database.Statement {
  let cache = caches.get(sqlite);
  if (!cache) {
    cache = new Map();
    caches.set(sqlite, cache);
  }
  let prepared = cache.get(sql);
  if (!prepared) {
    // Filter combinations make a bounded but not tiny set of texts; never let it grow unchecked.
    if (cache.size >= MAX_CACHED) cache.clear();
    prepared = sqlite.prepare(sql);
    cache.set(sql, prepared);
  }
  return prepared;
}
