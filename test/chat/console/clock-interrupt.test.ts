// Issue 11 item 12: Ctrl-C during a long `clock` move in the console workspace (npm start, piped
// script) stops it at a consistent point: the clock is saved as it moves, nothing fails on the
// way out, and the next start continues from there.
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { PipedConsole } from './piped-console.js';

const dataDir = mkdtempSync(join(tmpdir(), 'baton-clock-stop-'));
const bots: PipedConsole[] = [];
afterAll(() => {
  for (const b of bots) b.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

const shown = (text: string) =>
  DateTime.fromFormat(text, 'ccc d LLL yyyy, HH:mm', { zone: 'UTC' }).toJSDate();

describe('Ctrl-C during a clock move', () => {
  it('stops at a stop with the clock saved; the next start goes on from there', async () => {
    const bot = new PipedConsole({ DATA_DIR: dataDir, PORT: '0' });
    bots.push(bot);
    await bot.step(['demo'], 200_000);
    const from = bot.stdout.length;
    bot.child.stdin!.write('clock +90d\n');
    // Let it make a few stops (digests, renewal nudges), then press Ctrl-C.
    await bot.waitFor(/(⏱ [^\n]*\n[\s\S]*){3}/, 120_000, from);
    bot.interrupt();
    await bot.closed;
    // The bot shut down in order (npm itself dies of the SIGINT, as in a terminal).
    const log = readFileSync(join(dataDir, 'baton.log'), 'utf8');
    expect(log).toMatch(/"signal":"SIGINT".*"msg":"shutting down"/);
    expect(log).toMatch(/"msg":"stopped"/);
    expect(log).not.toMatch(/shutdown step failed|outbox is not started|"level":50/);

    const out = bot.stdout.slice(from);
    const stopped =
      /⏹ Stopped: business time is (.+?) \(UTC\) \(everything due until then has happened; clock (\S+ \S+) goes on\)/.exec(
        out,
      );
    expect(stopped).not.toBeNull();
    expect(out).not.toMatch(/Business time is now/);
    expect(bot.stderr).not.toMatch(/outbox is not started|Error/);
    // The clock is saved where the move stopped, at or after the last stop it printed.
    const stops = [...out.matchAll(/⏱ (.+?) \(UTC\) — /g)].map((m) => shown(m[1]!));
    const saved = new Date(
      (JSON.parse(readFileSync(join(dataDir, 'console-clock.json'), 'utf8')) as { at: string }).at,
    );
    expect(saved).toEqual(shown(stopped![1]!));
    expect(saved.getTime()).toBeGreaterThanOrEqual(stops.at(-1)!.getTime());

    // Started again: business time is where the move stopped (never before what happened).
    const again = new PipedConsole({ DATA_DIR: dataDir, PORT: '0' });
    bots.push(again);
    const greeting = await again.step(['clock'], 200_000);
    expect(greeting).toMatch(new RegExp(`Business time: ${stopped![1]} \\(UTC\\)\\.`));
    expect(await again.end()).toBe(0);
  }, 400_000);
});
