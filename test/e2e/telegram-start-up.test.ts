// npm start while the Bot API fails: getMe answers 502 for a while and setMyCommands does not
// exist (a self-hosted or emulated Bot API server). Telegram keeps retrying and /healthz says it
// is connecting; Slack serves meanwhile; once the Bot API answers, Telegram connects without the
// command menu, which is only a warning.
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

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

describe('npm start while the Telegram Bot API fails', () => {
  let slack: FakeSlack;
  let telegram: Awaited<ReturnType<typeof createFakeTelegram>>;
  let bot: BotProcess;
  let port: number;
  const dir = mkdtempSync(join(tmpdir(), 'baton-tg-start-'));

  beforeAll(async () => {
    slack = await createFakeSlack({ users: [{ id: 'U0BOSS', name: 'boss', real_name: 'Boss' }] });
    telegram = await createFakeTelegram({ bots: [{ token: TOKEN, username: 'baton_test_bot' }] });
    telegram.failNext('getMe', { error_code: 502, description: 'Bad Gateway', times: 1000 });
    telegram.failNext('setMyCommands', {
      error_code: 404,
      description: 'Not Found: method not found',
      times: 1000,
    });
    bot = spawnBot({
      PORT: '0',
      DATA_DIR: dir,
      MONGODB_URI: testMongoUri() + uniqueDbName('tg-start-up'),
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: slack.url,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      LOG_LEVEL: 'info',
    });
    port = (await bot.waitForRecord((r) => String(r.msg).startsWith('listening'))).port as number;
  }, 120_000);

  afterAll(async () => {
    if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    await bot.exited;
    await slack.close();
    await telegram.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const platforms = async () =>
    (
      (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as {
        platforms: Record<string, string>;
      }
    ).platforms;

  it('keeps retrying Telegram and says it is connecting, while Slack serves', async () => {
    await bot.waitForRecord((r) => String(r.msg).startsWith('telegram: the Bot API did not answer'));
    await bot.waitForRecord((r) => r.msg === 'slack connected');
    expect(await platforms()).toEqual({ slack: 'http', telegram: 'connecting' });

    const setup = slashCommand(slack, {
      command: '/team',
      text: 'setup Northwind',
      user_id: 'U0BOSS',
      channel_id: 'C1',
    });
    expect((await postToApp(`http://127.0.0.1:${port}/slack/events`, 'command', setup)).status).toBe(200);
    await slack.waitForCall('response_url', (c) => JSON.stringify(c.args).includes('Northwind'), 20_000);
    expect(await platforms()).toEqual({ slack: 'http', telegram: 'connecting' });
    expect(bot.child.exitCode).toBeNull();
    const retries = bot.records.filter((r) =>
      String(r.msg).startsWith('telegram: the Bot API did not answer'),
    );
    expect(retries[0]).toMatchObject({ call: 'getMe', attempt: 1, retryInMs: 1000 });
  });

  it('connects once the Bot API answers, with the command menu missing only as a warning', async () => {
    telegram.reset(); // getMe answers again; setMyCommands still does not exist
    telegram.failNext('setMyCommands', {
      error_code: 404,
      description: 'Not Found: method not found',
      times: 1000,
    });
    await bot.waitForRecord((r) => r.msg === 'telegram connected', 60_000);
    expect(await platforms()).toEqual({ slack: 'http', telegram: 'polling' });
    expect(
      bot.records.filter(
        (r) => r.msg === 'telegram: could not set the command menu; commands work without it',
      ),
    ).toHaveLength(1);
    expect(bot.records.filter((r) => (r.level as number) >= 50)).toEqual([]);

    const boss = telegram.user({ id: 4242, first_name: 'Boss', username: 'boss_tg' });
    telegram.sendText(boss, boss, '/help');
    await telegram.waitForCall('sendMessage', (c) => c.params.chat_id === boss.id, 20_000);
  });
});
