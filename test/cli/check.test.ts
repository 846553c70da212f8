import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { repoRoot } from '../support/spawn-bot.js';
import { createCliHarness } from './harness.js';

const h = createCliHarness();
afterAll(() => h.cleanup());

/** `npm run baton -- <args>` as an operator types it, with exactly `env` (plus PATH and HOME). */
function npmRunBaton(args: string[], env: Record<string, string>) {
  const r = spawnSync('npm', ['run', '--silent', 'baton', '--', ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    encoding: 'utf8',
    // The first run after a change of src/ compiles it.
    timeout: 300_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('check', () => {
  it('through npm run baton: prints the configuration and the database, exit 0', () => {
    const r = npmRunBaton(['check'], h.env);
    expect(r.stdout).toMatch(/^✓ configuration$/m);
    expect(r.stdout).toMatch(/database: {2}MONGODB_URI\n/);
    expect(r.stdout).toMatch(/slack: {5}off \(no SLACK_BOT_TOKEN\)/);
    expect(r.stdout).toMatch(/✓ database: .* answers\n {4}0 teams, 0 people, 0 leads/);
    expect(r.code).toBe(0);
  }, 320_000);

  it('names every bad variable and exits 1', async () => {
    const r = await h.run('check');
    expect(r.code).toBe(0);
    const bad = createCliHarness({ PORT: 'abc', SLACK_BOT_TOKEN: 'nope' });
    const b = await bad.run('check');
    expect(b.code).toBe(1);
    expect(b.stdout).toMatch(/✗ configuration:\n {4}PORT: must be a TCP port number/);
    expect(b.stdout).toMatch(/SLACK_BOT_TOKEN: must be a bot token starting with xoxb-/);
    expect(b.stdout).not.toMatch(/✓ database/);
    rmSync(bad.dir, { recursive: true, force: true });
  });

  it('says the database does not answer, and exits 1', async () => {
    const down = createCliHarness({ MONGODB_URI: 'mongodb://127.0.0.1:9/baton' });
    const r = await down.run('check');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✓ configuration[\s\S]*✗ database: /);
    rmSync(down.dir, { recursive: true, force: true });
  }, 30_000);

  it('shows usage for no or an unknown command', async () => {
    expect(await h.run()).toMatchObject({
      code: 2,
      stdout: expect.stringMatching(/npm run baton -- <command>/),
    });
    expect(await h.run('frobnicate')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/Unknown command "frobnicate"/),
    });
  });
});
