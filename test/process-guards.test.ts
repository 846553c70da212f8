// The process-level guard main.ts installs: a stray rejection or exception is logged with its
// stack and the process keeps running (Node's default would end it, and every request with it).
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { repoRoot } from './support/spawn-bot.js';

const script = `
import { createLogger } from './src/logger.js';
import { guardProcess } from './src/process-guards.js';
guardProcess(createLogger({ level: 'info' }));
Promise.reject(new Error('nobody listens to me'));
setTimeout(() => { throw new Error('thrown from a timer'); }, 10);
setTimeout(() => process.stdout.write('{"msg":"still alive"}\\n', () => process.exit(0)), 200);
`;

describe('guardProcess', () => {
  it('logs an unhandled rejection and an uncaught exception with context, and the process lives on', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 30_000,
    });
    const records = run.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg: string; origin?: string; err?: { message: string; stack: string } });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(records.map((r) => [r.msg, r.origin, r.err?.message])).toEqual([
      ['unhandled promise rejection; still running', 'unhandledRejection', 'nobody listens to me'],
      ['uncaught exception; still running', 'uncaughtException', 'thrown from a timer'],
      ['still alive', undefined, undefined],
    ]);
    expect(records[0]!.err!.stack).toMatch(/nobody listens to me\n\s+at /);
  });
});
