// Jest loads global setup outside its module system, so this file is plain ESM and loads our
// TypeScript through tsx: the same launcher and config schema `npm start` uses.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';

/**
 * One database server per test run, chosen by the variables that choose Baton's own (see
 * test/support/engine.ts): MONGODB_URI → that MongoDB; DATABASE_BACKEND=postgres with
 * POSTGRES_URL → an embedded FerretDB on that PostgreSQL database; otherwise an embedded FerretDB
 * on SQLite in a temporary directory. Every test file then works in a database of its own (see
 * `test/support/db.ts`).
 */
export default async function globalSetup() {
  const { loadConfig, ConfigError } = await tsImport('../../src/config.ts', import.meta.url);
  let config;
  try {
    const { MONGODB_URI, DATABASE_BACKEND, POSTGRES_URL } = process.env;
    config = loadConfig({ MONGODB_URI, DATABASE_BACKEND, POSTGRES_URL });
  } catch (err) {
    if (err instanceof ConfigError)
      throw new Error(`The test database is misconfigured.\n${err.message}`, { cause: err });
    throw err;
  }
  if (config.mongodbUri) {
    process.env.BATON_TEST_MONGODB_URI = config.mongodbUri;
    process.env.BATON_TEST_ENGINE = 'mongodb';
    return;
  }
  const { ensureEmbeddedDbBinary, startEmbeddedDb } = await tsImport(
    '../../src/store/embedded-db.ts',
    import.meta.url,
  );
  const { terminalBuildProgress } = await tsImport('../../src/store/build-progress.ts', import.meta.url);
  await ensureEmbeddedDbBinary(() => {}, { progress: terminalBuildProgress(process.stdout) });
  let db;
  if (config.postgresUrl) {
    db = await startEmbeddedDb({ postgresUrl: config.postgresUrl, log: (m) => console.log(m) });
    // Test files create their databases as they go; servers the suite starts later (a second
    // process, in test/support/engine.ts) start after the collections they use exist.
    db.schemaReady();
    process.env.BATON_TEST_POSTGRES_URL = config.postgresUrl;
    process.env.BATON_TEST_ENGINE = 'ferretdb-postgres';
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'baton-test-db-'));
    db = await startEmbeddedDb({ dir });
    process.env.BATON_TEST_DB_DIR = dir;
    process.env.BATON_TEST_ENGINE = 'ferretdb-sqlite';
  }
  globalThis.__BATON_TEST_DB__ = db;
  process.env.BATON_TEST_MONGODB_URI = db.uri;
}
