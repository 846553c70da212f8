import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import type { BuildProgress } from './build-progress.js';

/** The repository root (this file lives in src/store or dist/store). */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sourceDir = join(projectRoot, 'scripts', 'ferretdb');
const binDir = join(projectRoot, '.tools', 'bin');
export const embeddedDbBinary = join(binDir, 'embedded-ferretdb');

/** Raised when the embedded database cannot be built or started; the message says what to do. */
export class EmbeddedDbError extends Error {
  constructor(
    readonly code: 'GO_MISSING' | 'DB_BUILD_FAILED' | 'DB_START_FAILED',
    message: string,
  ) {
    super(message);
    this.name = 'EmbeddedDbError';
  }
}

function sourceHash(): string {
  const h = createHash('sha256');
  const goFiles = readdirSync(sourceDir)
    .filter((f) => f.endsWith('.go'))
    .sort();
  for (const f of ['go.mod', 'go.sum', ...goFiles]) h.update(f).update(readFileSync(join(sourceDir, f)));
  return h.digest('hex');
}

const defaultGoCandidates = ['go', '/usr/local/go/bin/go', '/usr/lib/go/bin/go'];

function findGo(candidates: string[]): string | undefined {
  for (const candidate of candidates) {
    const r = spawnSync(candidate, ['version'], { encoding: 'utf8' });
    if (r.status === 0) return candidate;
  }
  return undefined;
}

/** Runs a Go command in the sources' directory; `onLine` gets each stderr line (where -v lists packages). */
function runGo(
  go: string,
  args: string[],
  onLine: (line: string) => void = () => {},
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((res) => {
    const child = spawn(go, args, { cwd: sourceDir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    createInterface({ input: child.stderr }).on('line', (line) => {
      stderr = (stderr + line + '\n').slice(-8000);
      onLine(line);
    });
    child.once('error', (err) => res({ code: -1, stderr: err.message }));
    child.once('close', (code) => res({ code, stderr }));
  });
}

/**
 * Builds the FerretDB server on first need, and again whenever its Go sources change, telling
 * `progress` each step (modules, then compiling and linking with a count of packages).
 * Resolves with how long the build took in ms (0 when the existing binary was current).
 */
export async function ensureEmbeddedDbBinary(
  log: (msg: string) => void = () => {},
  opts: { binary?: string; goCandidates?: string[]; progress?: BuildProgress } = {},
): Promise<number> {
  const binary = opts.binary ?? embeddedDbBinary;
  const stampFile = `${binary}.stamp`;
  const want = sourceHash();
  if (existsSync(binary) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === want) {
    return 0;
  }
  const go = findGo(opts.goCandidates ?? defaultGoCandidates);
  if (!go) {
    throw new EmbeddedDbError(
      'GO_MISSING',
      'MONGODB_URI is not set, so Baton wants to start its embedded database (FerretDB), ' +
        'but Go is not installed to build it. Either install Go 1.22 or newer (https://go.dev/dl/) ' +
        'and run again, or set MONGODB_URI to a MongoDB 5+ server, e.g. MONGODB_URI=mongodb://127.0.0.1:27017/baton.',
    );
  }
  const progress = opts.progress;
  log(`Building the embedded database (FerretDB v1.24.2) into ${binary}: first start only, 1½–4 minutes…`);
  progress?.start();
  mkdirSync(dirname(binary), { recursive: true });
  const tmp = `${binary}.${process.pid}.tmp`;
  const started = Date.now();
  const failed = (what: string, stderr: string) => {
    rmSync(tmp, { force: true });
    progress?.failed();
    return new EmbeddedDbError(
      'DB_BUILD_FAILED',
      `Building the embedded database failed (${what} in scripts/ferretdb):\n${stderr}`,
    );
  };
  progress?.step(1, 2, 'fetching Go modules (downloads only the first time)');
  const mods = await runGo(go, ['mod', 'download']);
  if (mods.code !== 0) throw failed('go mod download', mods.stderr);
  progress?.step(2, 2, 'compiling and linking');
  let packages = 0;
  const r = await runGo(go, ['build', '-v', '-trimpath', '-buildvcs=false', '-o', tmp, '.'], (line) => {
    // -v names each package as it is compiled; anything else on stderr is an error message.
    if (/^[\w.-]+(\/[\w.~-]+)*$/.test(line)) progress?.packages(++packages);
  });
  if (r.code !== 0) throw failed('go build', r.stderr);
  // rename is atomic: a concurrent starter sees either the old or the new binary, never half of one.
  renameSync(tmp, binary);
  writeFileSync(stampFile, want);
  const ms = Date.now() - started;
  progress?.done(ms);
  log(`Embedded database built in ${(ms / 1000).toFixed(1)} s (${packages} packages compiled).`);
  return ms;
}

export type EmbeddedDb = {
  /** `mongodb://127.0.0.1:<port>/` — append a database name. */
  uri: string;
  pid: number;
  /** Where the data lives: `sqlite` files in a directory, or a `postgres` database. */
  backend: 'sqlite' | 'postgres';
  /**
   * Tells the server that this process has created every collection and index it uses, so the
   * next process sharing the PostgreSQL database may start (see scripts/ferretdb/schema_lock.go).
   * A no-op on SQLite.
   */
  schemaReady(): void;
  /** Stops the server and waits for it to exit. */
  stop(): Promise<void>;
};

/** Where the embedded server keeps its data: SQLite files in `dir`, or the database at `postgresUrl`. */
export type EmbeddedStorage = { dir: string } | { postgresUrl: string };

/**
 * Starts FerretDB on 127.0.0.1 (a free port, or `port` — e.g. to restart a stopped server where
 * its clients expect it) with its data in SQLite files in `dir` or in a PostgreSQL database, and
 * resolves once it answers `ping`. The child exits by itself if this process dies, even by
 * SIGKILL (it watches the stdin pipe we hold).
 *
 * On PostgreSQL, start-ups of processes sharing the database take turns: this one may wait
 * (`log` says so) until another calls `schemaReady()` or exits.
 */
export async function startEmbeddedDb(
  opts: EmbeddedStorage & {
    port?: number;
    log?: (msg: string) => void;
    timeoutMs?: number;
    /** PostgreSQL: how long a process may hold its turn without `schemaReady()` (default 5 min). */
    schemaLockMaxMs?: number;
    /** Where the server binary is built and kept (default `.tools/bin/embedded-ferretdb`). */
    binary?: string;
    /** Shown the build's steps when the binary must be built first. */
    progress?: BuildProgress;
  },
): Promise<EmbeddedDb> {
  const binary = opts.binary ?? embeddedDbBinary;
  await ensureEmbeddedDbBinary(opts.log, { binary, ...(opts.progress ? { progress: opts.progress } : {}) });
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const lockMaxMs = opts.schemaLockMaxMs ?? 5 * 60_000;
  const storage =
    'postgresUrl' in opts
      ? ['-backend', 'postgresql', '-postgresql-url', '-', '-schema-lock-max', `${lockMaxMs}ms`]
      : ['-backend', 'sqlite', '-dir', resolve(opts.dir)];
  if ('dir' in opts) mkdirSync(opts.dir, { recursive: true });
  const listen = ['-listen', `127.0.0.1:${opts.port ?? 0}`];
  const child = spawn(binary, [...storage, ...listen], { stdio: ['pipe', 'pipe', 'pipe'] });
  // The URL may carry a password, which an argument would show to every `ps`: it goes in on stdin.
  if ('postgresUrl' in opts) child.stdin.write(`${opts.postgresUrl}\n`);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr = (stderr + d).slice(-4000);
  });
  const exited = new Promise<void>((res) => child.once('exit', () => res()));

  const uri = await new Promise<string>((res, rej) => {
    const giveUp = () =>
      rej(new EmbeddedDbError('DB_START_FAILED', `Embedded database did not start in time.\n${stderr}`));
    let timer = setTimeout(giveUp, timeoutMs);
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      let parsed: { uri?: string; status?: string };
      try {
        parsed = JSON.parse(line) as typeof parsed;
      } catch {
        return; // not our JSON line: ignore
      }
      if (parsed.status) {
        // Waiting for another process's turn: that lasts at most its lock time.
        opts.log?.(`Embedded database: ${parsed.status}…`);
        clearTimeout(timer);
        timer = setTimeout(giveUp, lockMaxMs + timeoutMs);
      }
      if (parsed.uri) {
        clearTimeout(timer);
        res(parsed.uri);
      }
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      rej(new EmbeddedDbError('DB_START_FAILED', `Embedded database could not start: ${err.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new EmbeddedDbError('DB_START_FAILED', `Embedded database exited with code ${code}.\n${stderr}`));
    });
  }).catch(async (err: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw err;
  });

  await waitForPing(uri, timeoutMs);
  return {
    uri,
    pid: child.pid!,
    backend: 'postgresUrl' in opts ? 'postgres' : 'sqlite',
    schemaReady() {
      if ('postgresUrl' in opts && child.stdin?.writable) child.stdin.write('schema-ready\n');
    },
    stop: () => stopChild(child, exited),
  };
}

async function waitForPing(uri: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 1000 });
    try {
      await client.db('admin').command({ ping: 1 });
      return;
    } catch (err) {
      if (Date.now() > deadline) {
        throw new EmbeddedDbError(
          'DB_START_FAILED',
          `Embedded database does not answer ping: ${String(err)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.close();
    }
  }
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.stdin?.end();
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
