// What a hostile or broken client can send to npm start's HTTP server, validly signed: bodies that
// are not what Slack sends, and timestamps from the future. Each gets a clear refusal at once and
// one log line; nothing is written, and the process keeps serving everyone else.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createFakeSlack,
  postToApp,
  signSlackRequest,
  slashCommand,
  TEST_SIGNING_SECRET,
  type FakeSlack,
} from '../fakes/slack/index.js';
import { testMongoUri, uniqueDbName } from '../support/db.js';
import { spawnBot, type BotProcess } from '../support/spawn-bot.js';

const BOSS = 'U0BOSS';
const CHANNEL = 'C0LEADS';

describe('npm start refuses what Slack does not send', () => {
  let slack: FakeSlack;
  let bot: BotProcess;
  let url: string;
  const dir = mkdtempSync(join(tmpdir(), 'baton-hostile-'));

  beforeAll(async () => {
    slack = await createFakeSlack({ users: [{ id: BOSS, name: 'boss', real_name: 'Boss' }] });
    bot = spawnBot({
      PORT: '0',
      DATA_DIR: dir,
      MONGODB_URI: testMongoUri() + uniqueDbName('hostile'),
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: slack.url,
      LOG_LEVEL: 'info',
    });
    const port = (await bot.waitForRecord((r) => String(r.msg).startsWith('listening'))).port as number;
    url = `http://127.0.0.1:${port}/slack/events`;
    await bot.waitForRecord((r) => r.msg === 'slack connected');
  }, 120_000);

  afterAll(async () => {
    if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    await bot.exited;
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Posts `body` as is, signed like Slack signs (now, unless `timestamp` says otherwise). */
  const postSigned = async (body: string, contentType: string, timestamp?: number) => {
    const started = Date.now();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': contentType, ...signSlackRequest(TEST_SIGNING_SECRET, body, timestamp) },
      body,
    });
    await res.text();
    return { status: res.status, ms: Date.now() - started };
  };
  const FORM = 'application/x-www-form-urlencoded';
  const JSON_TYPE = 'application/json';
  const refusals = () => bot.records.filter((r) => r.msg === 'slack: request refused');
  const setup = (name: string) =>
    slashCommand(slack, { command: '/team', text: `setup ${name}`, user_id: BOSS, channel_id: CHANNEL });

  it('answers 400 at once to validly signed bodies that are not Slack payloads, logs each, and keeps serving', async () => {
    const form = (payload: unknown) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const bodies: [string, string][] = [
      [form(null), FORM],
      ['null', JSON_TYPE],
      ['[]', JSON_TYPE],
      ['42', JSON_TYPE],
      ['"text"', JSON_TYPE],
      ['{}', JSON_TYPE],
      ['{"type":', JSON_TYPE],
      [form({ type: 'view_submission', user: { id: BOSS }, team: { id: 'T0BATON' } }), FORM],
      [form({ type: 'block_actions', user: { id: BOSS }, team: { id: 'T0BATON' } }), FORM],
      [form({ type: 'block_actions', user: { id: BOSS }, actions: [null] }), FORM],
      [form({ type: 'event_callback', team_id: 'T0BATON', event_id: 'Ev1', event: null }), FORM],
      ['command=%2Fteam&text=setup', FORM],
      [JSON.stringify({ type: 'something_else' }), JSON_TYPE],
    ];
    for (const [body, type] of bodies) {
      const answer = await postSigned(body, type);
      // At once: not after Bolt's 3 s wait for a listener (then a 404), whatever the machine's load.
      expect({ body, status: answer.status }).toEqual({ body, status: 400 });
      expect(answer.ms).toBeLessThan(2900);
    }
    expect(bot.child.exitCode).toBeNull();
    await bot.waitForRecord(() => refusals().length >= bodies.length);
    expect(refusals()).toHaveLength(bodies.length);
    expect(bot.records.filter((r) => (r.level as number) >= 50)).toEqual([]);

    expect((await postToApp(url, 'command', setup('Northwind'))).status).toBe(200);
    await slack.waitForCall('response_url', (c) => JSON.stringify(c.args).includes('Northwind'), 20_000);
  });

  it('refuses a validly signed request dated more than five minutes ahead, like a stale one', async () => {
    const now = Math.floor(Date.now() / 1000);
    const before = refusals().length;
    for (const timestamp of [now + 600, now + 310, now - 310]) {
      const res = await postToApp(url, 'command', setup(`Future${timestamp}`), { timestamp });
      expect({ timestamp, status: res.status }).toEqual({ timestamp, status: 401 });
    }
    // Within the window either way is fine (clocks differ a little); it is the only one answered.
    const answers = slack.calls('response_url').length;
    const sentAt = Date.now();
    expect((await postToApp(url, 'command', setup('Skewed'), { timestamp: now + 120 })).status).toBe(200);
    await slack.waitForCall('response_url', (c) => c.at >= sentAt, 20_000);
    expect(slack.calls('response_url')).toHaveLength(answers + 1);
    expect(
      refusals()
        .slice(before)
        .map((r) => r.reason),
    ).toEqual([
      'request timestamp newer than 5 minutes',
      'request timestamp newer than 5 minutes',
      'request timestamp older than 5 minutes',
    ]);
  });
});
