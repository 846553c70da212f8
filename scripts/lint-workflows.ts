// Checks .github/workflows with actionlint (part of `npm test`): the workflows cannot run here, so
// this is what keeps them valid. actionlint is a Go tool, installed once into the ignored .tools/
// folder at the pinned version (Go is needed anyway, for the embedded database).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/store/embedded-db.js';

const VERSION = 'v1.7.12';
const binDir = join(projectRoot, '.tools', 'bin');
const binary = join(binDir, 'actionlint');
const stamp = `${binary}.version`;

function ensureActionlint(): void {
  if (existsSync(binary) && existsSync(stamp) && readFileSync(stamp, 'utf8') === VERSION) return;
  mkdirSync(binDir, { recursive: true });
  const go = ['go', '/usr/local/go/bin/go', '/usr/lib/go/bin/go'].find(
    (g) => spawnSync(g, ['version']).status === 0,
  );
  if (!go) throw new Error('lint:workflows needs Go 1.22+ to install actionlint (https://go.dev/dl/)');
  console.log(`Installing actionlint ${VERSION} into .tools/bin (once)…`);
  const r = spawnSync(go, ['install', `github.com/rhysd/actionlint/cmd/actionlint@${VERSION}`], {
    env: { ...process.env, GOBIN: binDir },
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`go install actionlint@${VERSION} failed`);
  writeFileSync(stamp, VERSION);
}

const dir = join(projectRoot, '.github', 'workflows');
const files = readdirSync(dir)
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => join(dir, f));
ensureActionlint();
const r = spawnSync(binary, ['-color', ...files], { cwd: projectRoot, stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
console.log(`actionlint: ${files.length} workflow file(s) OK`);
