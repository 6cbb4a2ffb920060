import { prepareMigratedDatabases } from './helpers/migrated-database';

/** Migrates once for the run; each test file's database is a copy (tests/helpers/database.ts). */
export default function setup() {
  return prepareMigratedDatabases();
}
