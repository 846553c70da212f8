// kill -9 of the bot while it delivers webhooks to a receiver that fails, hangs and answers 429,
// then a restart: every event of every acknowledged lead arrives (at least once, de-duplicable by
// id), in order per lead, each signature verifies. The real bot process (src/main.ts through tsx)
// runs against the fake Slack and a receiver on 127.0.0.1 in this process.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Connection } from 'mongoose';
import { commandKey } from '../../src/chat/slack/listeners/commands/run-command.js';
import { idFromKey } from '../../src/core/ids.js';
import type { Team } from '../../src/core/roster/team.js';
import { createModels } from '../../src/store/models.js';
import { createMongoStores } from '../../src/store/mongo-stores.js';
import { verifySignature } from '../../src/webhooks/sign.js';
import { postToApp, slashCommand, TEST_SIGNING_SECRET, type FakeSlack } from '../fakes/slack/index.js';
import { dropAndClose, openTestConnection, testMongoUri } from '../support/db.js';
import { spawnBot, type BotProcess } from '../support/spawn-bot.js';
import { Receiver } from '../webhooks/receiver.js';
import { fakeSlackTeam, LEADS_CHANNEL, SDR, seedSlackTeam, until } from './slack-team.js';

jest.setTimeout(150_000);

const BURST = 10;
const SECRET = 'whsec_kill-test-secret';

describe('kill -9 while webhooks are being delivered', () => {
  let fake: FakeSlack;
  let conn: Connection;
  let team: Team;
  let env: Record<string, string>;
  const receiver = new Receiver();
  const bots: BotProcess[] = [];

  beforeAll(async () => {
    fake = await fakeSlackTeam();
    conn = await openTestConnection();
    team = await seedSlackTeam(conn, fake);
    await receiver.start();
    const stores = createMongoStores(createModels(conn));
    await stores.webhooks.insert({
      id: 'wh-00c0ffee',
      teamId: team.id,
      url: receiver.url,
      events: [],
      secret: SECRET,
      createdBy: 'seed',
      createdAt: new Date(),
    });
    await stores.teams.update(team.id, { webhooks: true });
    env = {
      MONGODB_URI: `${testMongoUri()}${conn.name}`,
      SLACK_BOT_TOKEN: 'xoxb-fault-test',
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: fake.url,
      PORT: '0',
      HOST: '127.0.0.1',
      CONSOLE: 'false',
      LOG_LEVEL: 'info',
      WEBHOOKS_ALLOW_PRIVATE: 'true',
      WEBHOOKS_TIMEOUT_MS: '1000',
    };
  });
  afterAll(async () => {
    for (const b of bots)
      if (b.child.exitCode === null && b.child.signalCode === null) b.child.kill('SIGKILL');
    await Promise.all(bots.map((b) => b.exited));
    await receiver.stop();
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

  it('delivers every event of every acknowledged lead after a restart, in order, signed', async () => {
    // The receiver misbehaves at first: a 500, a hang past the timeout, a 429, a dropped connection.
    receiver.script = [{ status: 500 }, 'hang', { status: 429, retryAfter: '1' }, 'drop'];
    const url = await start();
    const commands = Array.from({ length: BURST }, (_, i) =>
      slashCommand(fake, {
        command: '/lead',
        text: `Hook ${i} Ltd; Buyer ${i}; buyer${i}@hook${i}.example; inbound`,
        user_id: SDR,
        channel_id: LEADS_CHANNEL,
      }),
    );
    const acked = new Set<number>();
    const first = bots[0]!;
    // Killed once deliveries are under way: some delivered, some failing, some not yet recorded.
    const killer = setInterval(() => {
      if ((receiver.received.length >= 6 || acked.size === BURST) && first.child.signalCode === null)
        first.child.kill('SIGKILL');
    }, 10);
    for (let i = 0; i < BURST; i++) {
      const res = await postToApp(url, 'command', commands[i]!).catch(() => undefined);
      if (res?.status === 200) acked.add(i);
      await new Promise((r) => setTimeout(r, 100));
    }
    await first.exited;
    clearInterval(killer);
    expect(acked.size).toBeGreaterThan(0);

    await start();
    const leadIds = [...acked].map((i) =>
      idFromKey('lead', `${team.id}:${commandKey(fake.team.id, commands[i]!.trigger_id)}`),
    );
    const want = leadIds.flatMap((id) => [`${id}:1:lead.created`, `${id}:1:lead.offered`]);
    await until(
      () => {
        const got = new Set(receiver.delivered().map((e) => e.id));
        return want.every((id) => got.has(id));
      },
      'every event of every acknowledged lead',
      90_000,
    );
    const delivered = receiver.delivered();
    // In order per lead: its creation before its offer, at every delivery (duplicates included).
    for (const id of leadIds) {
      const seen = delivered.filter((e) => e.id.startsWith(`${id}:`)).map((e) => e.type);
      expect(seen.indexOf('lead.created')).toBeGreaterThanOrEqual(0);
      expect(seen.indexOf('lead.created')).toBeLessThan(seen.indexOf('lead.offered'));
    }
    for (const r of receiver.received) {
      const header = String(r.headers['baton-signature']);
      const t = Number(/t=(\d+)/.exec(header)?.[1]);
      expect(verifySignature(SECRET, header, r.body, t)).toBe(true);
    }
  });
});
