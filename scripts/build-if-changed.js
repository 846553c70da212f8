// Plain JavaScript on purpose: `npm start` and `npm run baton` run this before anything is
// compiled, and in a production install (npm ci --omit=dev) where neither tsx nor TypeScript is.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
/** The hash of the sources dist/ was compiled from. */
const stampFile = join(dist, '.sources.sha256');
/** Held while compiling, so processes starting together compile once and never read half a build. */
const lockFile = join(root, '.build.lock');

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

/** What the build reads: src/ and the compiler settings. Null when there are no sources (dist/ shipped alone). */
export function sourcesHash() {
  const src = join(root, 'src');
  if (!existsSync(src)) return null;
  const h = createHash('sha256');
  const files = [
    ...['tsconfig.json', 'tsconfig.build.json'].map((f) => join(root, f)),
    ...[...walk(src)].sort(),
  ];
  for (const f of files) {
    if (!existsSync(f)) continue;
    h.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  }
  return h.digest('hex');
}

/** True when dist/ holds a build of the current sources. */
export function buildIsCurrent() {
  if (!existsSync(join(dist, 'main.js'))) return false;
  const want = sourcesHash();
  if (want === null) return true;
  return existsSync(stampFile) && readFileSync(stampFile, 'utf8') === want;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

function takeLock() {
  for (;;) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    let holder, age;
    try {
      holder = Number(readFileSync(lockFile, 'utf8').trim() || NaN);
      age = Date.now() - statSync(lockFile).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    // A lock just created has no pid yet; a dead holder's lock (or a pid never written) is taken over.
    const dead = Number.isInteger(holder) ? !alive(holder) : age > 10_000;
    if (dead) rmSync(lockFile, { force: true });
    else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
  }
}

const seconds = (ms) => `${Math.round(ms / 1000)} s`;

/**
 * Compiles src/ into dist/ (tsc -p tsconfig.build.json) and records what it compiled. `force`
 * compiles even when dist/ is current (`npm run build`). `say` gets lines for the operator.
 */
export function build({ force = false, say = (line) => process.stderr.write(line + '\n') } = {}) {
  if (!force && buildIsCurrent()) return;
  takeLock();
  try {
    // Another process may have compiled while this one waited for the lock.
    if (!force && buildIsCurrent()) return;
    let tsc;
    try {
      tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
    } catch {
      throw new Error(
        'dist/ is missing or older than src/, and TypeScript is not installed here (a production install, ' +
          'npm ci --omit=dev). Compile where the dev dependencies are (npm ci && npm run build) and ship ' +
          'dist/ with the sources it was built from.',
      );
    }
    const want = sourcesHash();
    rmSync(stampFile, { force: true });
    const started = Date.now();
    say(
      existsSync(join(dist, 'main.js'))
        ? 'Compiling TypeScript (src/ changed since the last build)…'
        : 'Compiling TypeScript (first build)…',
    );
    const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (r.status !== 0)
      throw new Error(`TypeScript compilation failed (exit ${r.status ?? r.signal}); see above.`);
    mkdirSync(dist, { recursive: true });
    if (want !== null) writeFileSync(stampFile, want);
    say(`Compiled in ${seconds(Date.now() - started)}.`);
  } finally {
    rmSync(lockFile, { force: true });
  }
}

/** Builds when needed, then loads `entry` (a module in dist/); a failed build exits 1 with its reason. */
export async function runBuilt(entry) {
  try {
    build();
  } catch (err) {
    process.stderr.write(`baton: ${err.message}\n`);
    process.exit(1);
  }
  await import(new URL(`../dist/${entry}`, import.meta.url).href);
}
