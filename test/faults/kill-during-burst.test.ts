// kill -9 in the middle of a burst of /lead, then a restart: every acknowledged lead exists once,
// and its card and its offer are sent once. The real bot process (src/main.ts through tsx) runs
// against the fake Slack in this process and a database of this test's own.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Connection } from 'mongoose';
import { commandKey } from '../../src/chat/slack/listeners/commands/run-command.js';
import { idFromKey } from '../../src/core/ids.js';
import type { Team } from '../../src/core/roster/team.js';
import { postToApp, slashCommand, TEST_SIGNING_SECRET, type FakeSlack } from '../fakes/slack/index.js';
import { dropAndClose, openTestConnection, testMongoUri } from '../support/db.js';
import { spawnBot, type BotProcess } from '../support/spawn-bot.js';
import { deliveries, fakeSlackTeam, LEADS_CHANNEL, SDR, seedSlackTeam, until } from './slack-team.js';

jest.setTimeout(120_000);

const BURST = 24;
const KILL_AFTER_POSTS = 2;

describe('kill -9 during a burst of /lead', () => {
  let fake: FakeSlack;
  let conn: Connection;
  let team: Team;
  let env: Record<string, string>;
  const bots: BotProcess[] = [];

  beforeAll(async () => {
    fake = await fakeSlackTeam();
    conn = await openTestConnection();
    team = await seedSlackTeam(conn, fake);
    env = {
      MONGODB_URI: `${testMongoUri()}${conn.name}`,
      SLACK_BOT_TOKEN: 'xoxb-fault-test',
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: fake.url,
      PORT: '0',
      HOST: '127.0.0.1',
      CONSOLE: 'false',
      LOG_LEVEL: 'info',
    };
  });
  afterAll(async () => {
    for (const b of bots)
      if (b.child.exitCode === null && b.child.signalCode === null) b.child.kill('SIGKILL');
    await Promise.all(bots.map((b) => b.exited));
    await fake.close();
    await dropAndClose(conn);
  });

  async function start(): Promise<string> {
    const bot = spawnBot(env);
    bots.push(bot);
    const rec = await bot.waitForRecord(
      (r) => typeof r.port === 'number' && String(r.msg).startsWith('listening'),
    );
    await bot.waitForRecord((r) => r.msg === 'slack connected' && r.mode === 'http');
    return `http://127.0.0.1:${rec.port as number}/slack/events`;
  }

  it('finishes every acknowledged lead exactly once after a restart', async () => {
    const url = await start();
    const commands = Array.from({ length: BURST }, (_, i) =>
      slashCommand(fake, {
        command: '/lead',
        text: `Burst ${i} Ltd; Buyer ${i}; buyer${i}@burst${i}.example; inbound`,
        user_id: SDR,
        channel_id: LEADS_CHANNEL,
      }),
    );
    const acked = new Set<number>();
    const first = bots[0]!;
    // Mid-burst: once a few cards went out, some leads are finished, some half-way, some only
    // recorded — and the rest of the burst is still arriving.
    const killer = setInterval(() => {
      const posted = fake.calls('chat.postMessage').length;
      if ((posted >= KILL_AFTER_POSTS || acked.size === BURST) && first.child.signalCode === null)
        first.child.kill('SIGKILL');
    }, 10);
    let next = 0;
    const sender = async () => {
      while (next < BURST) {
        const i = next++;
        const res = await postToApp(url, 'command', commands[i]!).catch(() => undefined);
        if (res?.status === 200) acked.add(i);
        await new Promise((r) => setTimeout(r, 150));
      }
    };
    await Promise.all(Array.from({ length: 3 }, sender));
    await first.exited;
    clearInterval(killer);
    expect(acked.size).toBeGreaterThan(0);

    await start();
    // Recovery (at start), the outbox's start-up sweep and the card leases of the dead process.
    const leads = conn.collection('leads');
    const finished = async (i: number) => {
      const id = idFromKey('lead', `${team.id}:${commandKey(fake.team.id, commands[i]!.trigger_id)}`);
      const lead = await leads.findOne({ _id: id } as never);
      const d = deliveries(fake, `Burst ${i} Ltd`);
      return lead !== null && d.cards >= 1 && d.offers >= 1;
    };
    await until(
      async () => (await Promise.all([...acked].map(finished))).every(Boolean),
      'every acknowledged lead',
      60_000,
    );

    for (let i = 0; i < BURST; i++) {
      const stored = await leads.countDocuments({ 'fields.company': `Burst ${i} Ltd` });
      const d = deliveries(fake, `Burst ${i} Ltd`);
      if (acked.has(i)) {
        expect({ i, stored, ...d }).toEqual({ i, stored: 1, cards: 1, offers: 1 });
      } else {
        // Never acknowledged: it may have been recorded (then it is finished too), never twice.
        expect({ i, twice: stored > 1 || d.cards > 1 || d.offers > 1 }).toEqual({ i, twice: false });
      }
    }
    fake.expectNoViolations();
  });
});
