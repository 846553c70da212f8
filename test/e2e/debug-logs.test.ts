// At LOG_LEVEL=debug the log tells what happened, never who a lead's contact is: a lead created on
// Slack and one created on Telegram, both offered to an AE on Slack, leave no contact name, email
// or phone — nor a token — anywhere in npm start's output.
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

const BOSS = 'U0BOSS';
const ANN = 'U0ANN';
const CHANNEL = 'C0LEADS';
const TG_TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

describe('npm start at LOG_LEVEL=debug', () => {
  let slack: FakeSlack;
  let telegram: Awaited<ReturnType<typeof createFakeTelegram>>;
  let bot: BotProcess;
  let url: string;
  const dir = mkdtempSync(join(tmpdir(), 'baton-debug-'));

  beforeAll(async () => {
    slack = await createFakeSlack({
      users: [
        { id: BOSS, name: 'boss', real_name: 'Boss' },
        { id: ANN, name: 'ann', real_name: 'Ann Closer' },
      ],
    });
    telegram = await createFakeTelegram({ bots: [{ token: TG_TOKEN, username: 'baton_test_bot' }] });
    bot = spawnBot({
      PORT: '0',
      DATA_DIR: dir,
      MONGODB_URI: testMongoUri() + uniqueDbName('debug-logs'),
      SLACK_BOT_TOKEN: 'xoxb-secret-bot-token',
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: slack.url,
      TELEGRAM_BOT_TOKEN: TG_TOKEN,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      LOG_LEVEL: 'debug',
    });
    const port = (await bot.waitForRecord((r) => String(r.msg).startsWith('listening'))).port as number;
    url = `http://127.0.0.1:${port}/slack/events`;
    await bot.waitForRecord((r) => r.msg === 'telegram connected');
    await bot.waitForRecord((r) => r.msg === 'slack connected');
  }, 120_000);

  afterAll(async () => {
    if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    await bot.exited;
    await slack.close();
    await telegram.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const command = async (text: string, name = '/team') => {
    const payload = slashCommand(slack, { command: name, text, user_id: BOSS, channel_id: CHANNEL });
    const res = await postToApp(url, 'command', payload);
    expect(res.status).toBe(200);
    return slack.waitForCall('response_url', (c) => c.url === payload.response_url, 20_000);
  };

  it('leaves no contact data and no token in the log of a lead from each platform', async () => {
    await command('setup Northwind');
    await command('channel');
    await command(`add Ann Closer <@${ANN}|ann> ae`);
    await command('add Vera tg:@vera_sales sdr');
    const vera = telegram.user({ id: 4242, first_name: 'Vera', username: 'vera_sales' });
    telegram.sendText(vera, vera, '/start');
    await telegram.waitForCall('sendMessage', (c) => JSON.stringify(c.params).includes('Northwind'), 20_000);

    const contacts = [
      {
        lead: 'Acme Inc; Jane Roe, CTO; jane.roe@acme.example; +1 555 0199; inbound',
        secrets: ['Jane Roe', 'jane.roe@acme.example', '555 0199', '5550199'],
      },
      {
        lead: 'Рога и Копыта; Пётр Сидоров; petr.sidorov@roga.example; +7 916 555-01-77; referral',
        secrets: ['Пётр Сидоров', 'petr.sidorov@roga.example', '555-01-77', '5550177'],
      },
    ];
    await command(contacts[0]!.lead, '/lead');
    telegram.sendText(vera, vera, `/lead ${contacts[1]!.lead}`);
    // Both cards reach Ann on Slack, with the contact on them.
    for (const c of contacts) {
      await slack.waitForCall(
        'chat.postMessage',
        (call) => JSON.stringify(call.args).includes(c.secrets[0]!),
        30_000,
      );
    }
    await telegram.waitForCall('sendMessage', (c) => JSON.stringify(c.params).includes('Рога'), 20_000);

    const debugLines = bot.records.filter((r) => r.level === 20).length;
    expect(debugLines).toBeGreaterThan(20);
    const log = bot.lines.join('\n') + bot.stderr();
    for (const secret of [
      ...contacts.flatMap((c) => c.secrets),
      'xoxb-secret-bot-token',
      TG_TOKEN,
      'AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw',
    ]) {
      const leaks = bot.lines.filter((l) => l.includes(secret));
      expect({ secret, leaks: leaks.slice(0, 3) }).toEqual({ secret, leaks: [] });
    }
    expect(log).toContain('apiCall');
  });
});
