import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createFakeSlack,
  postToApp,
  slashCommand,
  TEST_SIGNING_SECRET,
  type FakeSlack,
} from '../fakes/slack/index.js';
import { createFakeTelegram } from '../fakes/telegram/fake-telegram.js';
import { testMongoUri, uniqueDbName } from '../support/db.js';
import { spawnBot, type BotProcess } from '../support/spawn-bot.js';

/**
 * The composition root with both platforms configured, exactly as an operator would run it:
 * Slack in HTTP mode on the shared port, Telegram by long polling, one team spanning both.
 */
describe('npm start with Slack and Telegram configured', () => {
  let slack: FakeSlack;
  let telegram: Awaited<ReturnType<typeof createFakeTelegram>>;
  let bot: BotProcess;
  let port: number;
  const dir = mkdtempSync(join(tmpdir(), 'baton-main-'));

  beforeAll(async () => {
    slack = await createFakeSlack({
      users: [{ id: 'UBOSS', name: 'boss', tz: 'Europe/Berlin', locale: 'en-US' }],
    });
    telegram = await createFakeTelegram({
      bots: [{ token: '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw', username: 'baton_test_bot' }],
    });
    bot = spawnBot({
      PORT: '0',
      DATA_DIR: dir,
      MONGODB_URI: testMongoUri() + uniqueDbName('platforms-from-main'),
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: slack.url,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      LOG_LEVEL: 'info',
    });
    const rec = await bot.waitForRecord((r) => String(r.msg).startsWith('listening'));
    port = rec.port as number;
    await bot.waitForRecord((r) => r.msg === 'telegram connected');
    await bot.waitForRecord((r) => r.msg === 'slack connected');
  });

  afterAll(async () => {
    bot.child.kill('SIGTERM');
    await bot.exited;
    await slack.close();
    await telegram.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports both platforms on /healthz', async () => {
    const body = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as {
      platforms: Record<string, string>;
    };
    expect(body.platforms).toEqual({ slack: 'http', telegram: 'polling' });
  });

  it('serves Slack on the shared port and answers Telegram by polling, for one team', async () => {
    const setup = await postToApp(
      `http://127.0.0.1:${port}/slack/events`,
      'command',
      slashCommand(slack, { command: '/team', text: 'setup Northwind', user_id: 'UBOSS', channel_id: 'C1' }),
    );
    expect(setup.status).toBe(200);
    const answer = await slack.waitForCall(
      'response_url',
      (c) => JSON.stringify(c.args).includes('Northwind'),
      20_000,
    );
    expect(JSON.stringify(answer.args)).toMatch(/Northwind team is ready/);

    await postToApp(
      `http://127.0.0.1:${port}/slack/events`,
      'command',
      slashCommand(slack, {
        command: '/team',
        text: 'add Vera tg:@vera_sales sdr',
        user_id: 'UBOSS',
        channel_id: 'C1',
      }),
    );
    await slack.waitForCall('response_url', (c) => JSON.stringify(c.args).includes('Vera'), 20_000);

    const vera = telegram.user({ id: 4242, first_name: 'Vera', username: 'vera_sales', language_code: 'ru' });
    telegram.sendText(vera, vera, '/start');
    const hello = await telegram.waitForCall(
      'sendMessage',
      (c) => JSON.stringify(c.params).includes('Northwind'),
      20_000,
    );
    expect(JSON.stringify(hello.params)).toMatch(/привязан к команде Northwind/);
    slack.expectNoViolations();
    telegram.expectNoViolations();
  });
});
