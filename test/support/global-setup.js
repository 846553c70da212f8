// Jest loads global setup outside its module system, so this file is plain ESM and loads our
// TypeScript through tsx: the same launcher `npm start` uses.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';

/**
 * One embedded FerretDB per test run (unless MONGODB_URI points at a real server); every test
 * file then works in a database of its own (see `test/support/db.ts`).
 */
export default async function globalSetup() {
  if (process.env.MONGODB_URI) {
    process.env.BATON_TEST_MONGODB_URI = process.env.MONGODB_URI;
    return;
  }
  const { ensureEmbeddedDbBinary, startEmbeddedDb } = await tsImport(
    '../../src/store/embedded-db.ts',
    import.meta.url,
  );
  const buildMs = ensureEmbeddedDbBinary((m) => console.log(`\n${m}`));
  if (buildMs > 0) console.log(`embedded database build took ${(buildMs / 1000).toFixed(1)} s`);
  const dir = mkdtempSync(join(tmpdir(), 'baton-test-db-'));
  const db = await startEmbeddedDb({ dir });
  globalThis.__BATON_TEST_DB__ = db;
  process.env.BATON_TEST_MONGODB_URI = db.uri;
  process.env.BATON_TEST_DB_DIR = dir;
}
