import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { connectDatabase } from '../../src/store/database.js';
import { startEmbeddedDb, type EmbeddedDb } from '../../src/store/embedded-db.js';

/** The database every benchmark of a run uses: one server, a fresh database per benchmark. */
export type BenchDb = {
  /** Server URI without a database name (`mongodb://127.0.0.1:PORT/`). */
  uri: string;
  description: string;
  /** Connects mongoose to a new database `<prefix>_<random>`. */
  connect(prefix: string): Promise<{ conn: Connection; dbName: string }>;
  close(): Promise<void>;
};

/** Starts an embedded FerretDB in a temporary directory, or uses `mongodbUri` when given. */
export async function openBenchDb(mongodbUri?: string): Promise<BenchDb> {
  let embedded: EmbeddedDb | undefined;
  let dir: string | undefined;
  let uri: string;
  if (mongodbUri) {
    uri = mongodbUri.replace(/\/[^/]*$/, '/');
  } else {
    dir = mkdtempSync(join(tmpdir(), 'baton-bench-db-'));
    embedded = await startEmbeddedDb({ dir, log: (m) => console.log(m) });
    uri = embedded.uri;
  }
  const conns: Connection[] = [];
  return {
    uri,
    description: embedded ? 'embedded FerretDB 1.24.2 (SQLite)' : 'MONGODB_URI',
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
    },
  };
}
