// Issue 11 item 11: the operator CLI's routing preview applies caps exactly as routing does, and
// the CLI answers at the deployment's business time (the console workspace's moved clock).
// Chat through the console workspace (which saves its clock in DATA_DIR as npm start does), the
// CLI in-process on the same database and DATA_DIR.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { saveConsoleClock } from '../../src/chat/console/console-clock.js';
import { createConsoleHarness, type ConsoleHarness } from '../chat/console/harness.js';
import { testMongoUri } from '../support/db.js';
import { createCliHarness, type CliHarness } from './harness.js';

let chat: ConsoleHarness;
let cli: CliHarness;
beforeAll(async () => {
  cli = createCliHarness({ CONSOLE: 'true' });
  chat = await createConsoleHarness('2031-03-03T08:00:00Z', {
    onClockMoved: (at) => saveConsoleClock(cli.dir, at),
  });
  cli.env.MONGODB_URI = testMongoUri() + chat.dbName;
  await chat.type(
    'as @maria',
    '/team setup Acme',
    '/team add Sam Rivera @sam sdr',
    '/team add Eve Park @eve ae weight=2 cap=3',
    '/team add Ben Okafor @ben ae cap=1',
  );
});
afterAll(async () => {
  await chat.close();
});

const nextLine = (out: string) => /AE rotation[^\n]*\n {2}next: ([^\n]*)/.exec(out)?.[1];

describe('routing preview', () => {
  it('stops giving turns to an AE at their cap, and matches the offers routing then makes', async () => {
    const r = await cli.run('routing');
    expect(r.code).toBe(0);
    const next = nextLine(r.stdout);
    // Four leads fit under the caps (Eve 3, Ben 1); the fifth waits in the queue.
    expect(next).toMatch(
      /^@\w+, then @\w+, @\w+, @\w+, then nobody \(@(eve|ben), @(eve|ben) at cap\): the team queue$/,
    );
    const predicted = [...next!.matchAll(/@(eve|ben)\b(?! at)/g)].map((m) => m[1]).slice(0, 4);
    expect(predicted.filter((h) => h === 'eve')).toHaveLength(3);

    const offered: string[] = [];
    await chat.type('as @sam');
    for (const company of ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo']) {
      const out = await chat.type(
        `/lead ${company} Inc; Jo Doe; jo@${company.toLowerCase()}.example; inbound; $10k`,
      );
      const to = /is in\. Offered to @(\w+)/.exec(out)?.[1];
      offered.push(to ?? (/team queue/i.test(out) ? 'queue' : `?${out}`));
    }
    expect(offered).toEqual([...predicted, 'queue']);
  });

  it('runs at the console workspace’s business time once its clock has moved, and says so', async () => {
    const before = await cli.run('routing');
    expect(before.stdout).toMatch(/^Routing of "Acme" at .* \(real time\)\./);
    await chat.type('clock 2031-03-04 10:00');
    const r = await cli.run('routing');
    expect(r.stdout).toMatch(
      /^Routing of "Acme" at Tue 4 Mar 2031, 10:00 \(UTC\) \(the console workspace's business time/,
    );
    const digest = await cli.run('digest', 'now');
    expect(digest.code).toBe(0);
    expect(digest.stderr).toMatch(/Business time: the console workspace's business time/);
    expect(digest.stderr).toMatch(/"Acme": \d+ digests? for 2031-03-04 queued on console\./);
  });
});
