// The operator CLI in-process, on a database of the test's own (the same code npm run baton runs).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runCli } from '../../src/cli/run.js';
import { connectDatabase } from '../../src/store/database.js';
import { createModels } from '../../src/store/models.js';
import { createMongoStores } from '../../src/store/mongo-stores.js';
import type { Stores } from '../../src/core/ports.js';
import { testMongoUri, uniqueDbName } from '../support/db.js';

export type CliRun = { code: number; stdout: string; stderr: string };

function sink(): { stream: Writable; text: () => string } {
  let s = '';
  return {
    stream: new Writable({
      write(chunk: Buffer | string, _enc, cb) {
        s += String(chunk);
        cb();
      },
    }),
    text: () => s,
  };
}

export type CliHarness = {
  dir: string;
  env: Record<string, string>;
  /** Runs `baton <args>` against this harness's database. */
  run(...args: string[]): Promise<CliRun>;
  /** Writes a file in the harness's temp dir and returns its path. */
  file(name: string, text: string): string;
  /** Reads the database directly, to check what a command did (or did not) write. */
  stores(): Promise<{ stores: Stores; close(): Promise<void> }>;
  /** Drops the database and removes the temp dir. */
  cleanup(): Promise<void>;
};

export function createCliHarness(extraEnv: Record<string, string> = {}): CliHarness {
  const dir = mkdtempSync(join(tmpdir(), 'baton-cli-'));
  const uri = testMongoUri() + uniqueDbName();
  const env = { MONGODB_URI: uri, DATA_DIR: dir, LOG_LEVEL: 'silent', CONSOLE: 'false', ...extraEnv };
  return {
    dir,
    env,
    async run(...args) {
      const out = sink();
      const err = sink();
      const code = await runCli(args, { stdout: out.stream, stderr: err.stream }, env);
      return { code, stdout: out.text(), stderr: err.text() };
    },
    file(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    async cleanup() {
      const conn = await connectDatabase(uri);
      await conn.dropDatabase();
      await conn.close();
      rmSync(dir, { recursive: true, force: true });
    },
    async stores() {
      const conn = await connectDatabase(uri);
      return {
        stores: createMongoStores(createModels(conn)),
        close: async () => {
          await conn.close();
        },
      };
    },
  };
}
