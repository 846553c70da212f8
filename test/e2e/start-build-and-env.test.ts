import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '../support/spawn-bot.js';
import { testMongoUri, uniqueDbName } from '../support/db.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'baton-build-env-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const baseEnv = () => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' });

type Run = { code: number | null; stdout: string; stderr: string; port?: number };

/**
 * Runs `command` in `cwd` until it logs that it listens (then stops it with SIGTERM) or exits;
 * resolves with what it printed and the port it listened on.
 */
function runUntilListening(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<Run> {
  return new Promise((res, rej) => {
    // Its own process group: npm does not pass SIGTERM on to the bot it runs, so the group gets it.
    const child = spawn(command, args, {
      cwd,
      env: { ...baseEnv(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const stop = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        /* already gone */
      }
    };
    let stdout = '';
    let stderr = '';
    let port: number | undefined;
    const timer = setTimeout(() => {
      stop('SIGKILL');
      rej(new Error(`no "listening" within 150 s\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, 150_000);
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    createInterface({ input: child.stdout }).on('line', (line) => {
      stdout += line + '\n';
      const m = /"port":(\d+).*"msg":"listening/.exec(line);
      if (m && port === undefined) {
        port = Number(m[1]);
        stop('SIGTERM');
      }
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      res({ code, stdout, stderr, ...(port === undefined ? {} : { port }) });
    });
  });
}

function runCli(cwd: string, args: string[], env: Record<string, string>, command = process.execPath): Run {
  const r = spawnSync(command, args, {
    cwd,
    env: { ...baseEnv(), ...env },
    encoding: 'utf8',
    timeout: 150_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

type BuildModule = { build(opts?: { say?: (line: string) => void }): void; buildIsCurrent(): boolean };

beforeAll(async () => {
  // Start from a current build (the first test file to need one compiles it; later ones find it).
  const { build } = (await import(join(repoRoot, 'scripts', 'build-if-changed.js'))) as BuildModule;
  build({ say: () => {} });
}, 600_000);

describe('npm start compiles only what changed', () => {
  it('starts from the last build when src/ is unchanged: dist/ is not rewritten and nothing is compiled', async () => {
    const main = join(repoRoot, 'dist', 'main.js');
    const before = statSync(main).mtimeMs;
    const run = await runUntilListening('npm', ['start'], repoRoot, {
      PORT: '0',
      MONGODB_URI: testMongoUri() + uniqueDbName(),
      CONSOLE: 'false',
    });
    expect(run.port).toBeGreaterThan(0);
    expect(run.stderr).not.toMatch(/Compiling/);
    expect(statSync(main).mtimeMs).toBe(before);
    const { buildIsCurrent } = (await import(
      join(repoRoot, 'scripts', 'build-if-changed.js')
    )) as BuildModule;
    expect(buildIsCurrent()).toBe(true);
  }, 180_000);
});

describe('.env', () => {
  it('is read by the bot; a variable set in the environment wins over it', async () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, '.env'),
      `PORT=abc\nCONSOLE=false\nMONGODB_URI=${testMongoUri()}${uniqueDbName()}\n`,
    );
    const start = join(repoRoot, 'scripts', 'start.js');
    const bad = await runUntilListening(process.execPath, [start], cwd, {});
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/PORT: must be a TCP port number/);

    const good = await runUntilListening(process.execPath, [start], cwd, { PORT: '0' });
    expect(good.port).toBeGreaterThan(0);
    expect(good.stdout).toMatch(/read \.env \(variables set in the environment win over it\)/);
  }, 180_000);

  it('is read by the operator CLI: check validates it and says where the configuration came from', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, '.env'), `PORT=abc\nMONGODB_URI=${testMongoUri()}${uniqueDbName()}\n`);
    const baton = join(repoRoot, 'scripts', 'baton.js');
    const bad = runCli(cwd, [baton, 'check'], {});
    expect(bad.stdout).toMatch(/✗ configuration:\n {4}PORT: must be a TCP port number/);
    expect(bad.code).toBe(1);

    const good = runCli(cwd, [baton, 'check'], { PORT: '3001' });
    expect(good.stdout).toMatch(/sources: {3}the environment and \.env \(the environment wins\)/);
    expect(good.stdout).toMatch(/http: {6}0\.0\.0\.0:3001/);
    expect(good.code).toBe(0);
  }, 180_000);
});

/**
 * A production install: package.json, the launchers, the compiled dist/ and only the production
 * dependencies (each a link to this checkout's copy) — no src/, no tsx, no TypeScript.
 */
function productionInstall(): string {
  const dir = tempDir();
  for (const f of ['package.json', 'package-lock.json', 'scripts', 'dist'])
    cpSync(join(repoRoot, f), join(dir, f), { recursive: true });
  const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
  };
  for (const [path, pkg] of Object.entries(lock.packages)) {
    // Top-level packages only: a nested one comes with its parent's directory.
    if (!/^node_modules\/(@[^/]+\/)?[^/]+$/.test(path) || pkg.dev || pkg.devOptional) continue;
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(join(repoRoot, path), target);
  }
  return dir;
}

describe('the operator CLI in a production install (npm ci --omit=dev, dist/ built)', () => {
  it('runs through npm run baton without the dev dependencies', () => {
    const dir = productionInstall();
    const env = { MONGODB_URI: testMongoUri() + uniqueDbName(), CONSOLE: 'false' };
    const check = runCli(dir, ['run', '--silent', 'baton', '--', 'check'], env, 'npm');
    expect(check.stderr).toBe('');
    expect(check.stdout).toMatch(/✓ database: .* answers\n {4}0 teams, 0 people, 0 leads/);
    expect(check.code).toBe(0);

    const roster = join(dir, 'roster.csv');
    writeFileSync(roster, 'name,handle,roles\nMaria Lopez,maria,admin;manager\nAnna Novak,anna,ae\n');
    const imported = runCli(
      dir,
      ['run', '--silent', 'baton', '--', 'import-roster', roster, '--team', 'Acme'],
      env,
      'npm',
    );
    expect(imported.code).toBe(0);
    const routing = runCli(dir, ['run', '--silent', 'baton', '--', 'routing'], env, 'npm');
    expect(routing.stdout).toMatch(/AE rotation \(new leads\)/);
    expect(routing.code).toBe(0);
  }, 180_000);
});
