import type { Database } from '@/db/client';

// Drizzle asks postgres.js for a prepared statement (parsed and planned once per
// connection, then only bound and executed) only for a query built with
// .prepare(name); every other query is parsed and planned again on each request.
// For the stats query that planning costs Postgres about 0.4 ms, several times
// its execution. The hot read paths therefore keep one prepared query per
// database and query shape, with placeholders for every value.
const caches = new WeakMap<Database, Map<string, unknown>>();

/** The prepared query `name` on this database, built on first use. */
export function preparedQuery<T>(db: Database, name: string, build: () => T): T {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let query = cache.get(name) as T | undefined;
  if (query === undefined) {
    query = build();
    cache.set(name, query);
  }
  return query;
}
