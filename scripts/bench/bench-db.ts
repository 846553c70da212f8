import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { connectDatabase } from '../../src/store/database.js';
import { startEmbeddedDb, type EmbeddedDb } from '../../src/store/embedded-db.js';
import type { Knobs } from './knobs.js';

/** The database every benchmark of a run uses: one server, a fresh database per benchmark. */
export type BenchDb = {
  /** Server URI without a database name (`mongodb://127.0.0.1:PORT/`). */
  uri: string;
  description: string;
  /** Connects mongoose to a new database `<prefix>_<random>`. */
  connect(prefix: string): Promise<{ conn: Connection; dbName: string }>;
  close(): Promise<void>;
};

/** Runs one SQL statement through `psql` against `adminUrl`; throws with psql's words when it fails. */
function psql(adminUrl: string, sql: string): void {
  const r = spawnSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-d', adminUrl, '-c', sql], {
    encoding: 'utf8',
  });
  if (r.error) throw new Error(`BENCH_DB=postgres needs psql on the PATH: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`psql failed on "${sql}": ${r.stderr.trim()}`);
}

/**
 * A PostgreSQL database of its own for this run (created now, dropped by the returned function),
 * so that a run never reads another run's data and leaves nothing behind.
 */
function createPostgresDatabase(adminUrl: string): { url: string; drop(): void } {
  const name = `baton_bench_${Date.now()}_${process.pid}`;
  psql(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => psql(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * Starts the embedded FerretDB as Baton does — over SQLite files in a temporary directory, or
 * over a fresh PostgreSQL database (`BENCH_DB=postgres`) — or uses `MONGODB_URI` when given.
 */
export async function openBenchDb(
  knobs: Pick<Knobs, 'db' | 'postgresAdminUrl' | 'mongodbUri'>,
): Promise<BenchDb> {
  let embedded: EmbeddedDb | undefined;
  let dir: string | undefined;
  let postgres: { url: string; drop(): void } | undefined;
  let uri: string;
  let description: string;
  if (knobs.mongodbUri) {
    uri = knobs.mongodbUri.replace(/\/[^/]*$/, '/');
    description = 'MONGODB_URI';
  } else if (knobs.db === 'postgres') {
    postgres = createPostgresDatabase(knobs.postgresAdminUrl);
    try {
      embedded = await startEmbeddedDb({ postgresUrl: postgres.url, log: (m) => console.log(m) });
    } catch (err) {
      postgres.drop();
      throw err;
    }
    // An interrupted run drops its database too (psql forces the server's connections closed).
    const onSignal = () => {
      postgres?.drop();
      process.exit(130);
    };
    process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
    // One server only: no other process waits for its start-up turn, and none creates collections.
    embedded.schemaReady();
    uri = embedded.uri;
    description = `embedded FerretDB 1.24.2 (PostgreSQL, database ${new URL(postgres.url).pathname.slice(1)})`;
  } else {
    dir = mkdtempSync(join(tmpdir(), 'baton-bench-db-'));
    embedded = await startEmbeddedDb({ dir, log: (m) => console.log(m) });
    uri = embedded.uri;
    description = 'embedded FerretDB 1.24.2 (SQLite)';
  }
  const conns: Connection[] = [];
  return {
    uri,
    description,
    async connect(prefix) {
      const dbName = `${prefix}_${Math.random().toString(36).slice(2, 8)}`;
      const conn = await connectDatabase(uri, { dbName });
      conns.push(conn);
      return { conn, dbName };
    },
    async close() {
      for (const c of conns) {
        await c.dropDatabase().catch(() => undefined);
        await c.close().catch(() => undefined);
      }
      await embedded?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
      postgres?.drop();
    },
  };
}
