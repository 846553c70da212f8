// A mixed team: the SDR works on Telegram, the AE on Slack — both fakes, one application.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from 'mongoose';
import { createApp, type App } from '../../../src/app.js';
import { createSlackApp, type SlackApp } from '../../../src/chat/slack/create-slack-app.js';
import { slackAddress } from '../../../src/chat/slack/ids.js';
import { createTelegramBot, type TelegramBot } from '../../../src/chat/telegram/create-telegram-bot.js';
import { addMember, setTeamChannel, setupTeam } from '../../../src/core/roster/index.js';
import { createHttpServer, type HttpServer } from '../../../src/http/server.js';
import { createLogger } from '../../../src/logger.js';
import {
  blockAction,
  createFakeSlack,
  postToApp,
  TEST_SIGNING_SECRET,
  type FakeSlack,
} from '../../fakes/slack/index.js';
import { createFakeTelegram, type FakeTelegram } from '../../fakes/telegram/fake-telegram.js';
import { dropAndClose, openTestConnection } from '../../support/db.js';
import { textOf } from '../slack/harness.js';
import { botMessages, eventually } from './harness.js';

const CHANNEL = 'C0LEADS';
const GROUP = -100900;
const fast = { perSecond: 1000, burst: 1000 };
let slackFake: FakeSlack;
let tgFake: FakeTelegram;
let conn: Connection;
let app: App;
let slack: SlackApp;
let tg: TelegramBot;
let http: HttpServer;
let url: string;
const errors: Record<string, unknown>[] = [];

beforeAll(async () => {
  slackFake = await createFakeSlack({
    users: [
      { id: 'U0BOSS', name: 'boss', real_name: 'Boss' },
      { id: 'U0ANNA', name: 'anna', real_name: 'Anna Closer' },
    ],
  });
  tgFake = await createFakeTelegram();
  tgFake.user({ id: 4001, first_name: 'Sam', username: 'sam_mixed' });
  tgFake.group({ id: GROUP, title: 'Sales' });
  conn = await openTestConnection();
  const log = createLogger({
    level: 'error',
    destination: { write: (s: string) => void errors.push(JSON.parse(s) as Record<string, unknown>) },
  });
  app = await createApp({
    config: { defaults: { timezone: 'UTC', locale: 'en' }, runJobs: false },
    log,
    connection: conn,
    outbox: {
      limits: {
        slack: { direct: fast, channel: fast, global: fast },
        telegram: { direct: fast, channel: fast, global: fast },
      },
    },
  });
  const ctx = (actorId?: string) => ({
    ...(actorId && { actorId }),
    source: 'cli' as const,
    key: `seed:${Math.random()}`,
    now: new Date(),
  });
  const { admin } = await setupTeam(
    app.core,
    {
      teamName: 'Sales',
      founder: { address: slackAddress(slackFake.team.id, 'U0BOSS'), name: 'Boss', username: 'boss' },
    },
    ctx(),
  );
  await setTeamChannel(app.core, { platform: 'slack', id: CHANNEL }, ctx(admin.id));
  await setTeamChannel(app.core, { platform: 'telegram', id: String(GROUP) }, ctx(admin.id));
  await addMember(
    app.core,
    { name: 'Sam Seller', handle: 'sam', roles: ['sdr'], address: 'telegram:4001' },
    ctx(admin.id),
  );
  await addMember(
    app.core,
    {
      name: 'Anna Closer',
      handle: 'anna',
      roles: ['ae'],
      address: slackAddress(slackFake.team.id, 'U0ANNA'),
    },
    ctx(admin.id),
  );

  http = createHttpServer({ log });
  slack = createSlackApp({
    config: {
      botToken: 'xoxb-test',
      signingSecret: TEST_SIGNING_SECRET,
      apiUrl: slackFake.url,
      mode: 'http',
    },
    interactions: app.interactions,
    journal: app.journal,
    log,
    http,
    identity: { teamId: slackFake.team.id, botId: slackFake.bot.botId, botUserId: slackFake.bot.userId },
    retries: 0,
  });
  tg = createTelegramBot({
    config: {
      botToken: tgFake.token,
      apiRoot: tgFake.apiRoot,
      mode: 'polling',
    },
    interactions: app.interactions,
    journal: app.journal,
    stores: app.persistence.telegram,
    log,
  });
  app.outbox.addSender(slack.sender);
  app.outbox.addSender(tg.sender);
  await app.start();
  await slack.start();
  await tg.start();
  url = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}/slack/events`;
  await tgFake.waitForPolling();
});

afterAll(async () => {
  await tg?.stop();
  await slack?.stop();
  await http?.close();
  await app?.stop();
  await tgFake?.close();
  await slackFake?.close();
  if (conn) await dropAndClose(conn);
});

describe('a team on Slack and Telegram', () => {
  it('hands a lead created on Telegram to an AE on Slack; each sees the claim on their own platform', async () => {
    tgFake.sendText(
      4001,
      { id: 4001, is_bot: false, first_name: 'Sam', username: 'sam_mixed' },
      '/lead Mixco; Jane Doe; jane@mixco.example; inbound',
    );
    await eventually(
      () => botMessages(tgFake, 4001).find((m) => /Mixco is in/.test(m.text ?? '')),
      'the SDR reply on Telegram',
    );
    const tgCard = await eventually(
      () => botMessages(tgFake, GROUP).find((m) => /Mixco/.test(m.text ?? '')),
      'the Telegram group card',
    );
    await eventually(() => slackFake.lastMessageTo(CHANNEL), 'the Slack channel card');
    const offer = await eventually(
      () => slackFake.messagesIn('U0ANNA').find((m) => /Mixco/.test(textOf(m))),
      'the offer in Anna’s Slack DM',
    );

    const [lead] = await app.stores.leads.list({ teamId: (await app.stores.teams.list())[0]!.id });
    const click = await postToApp(
      url,
      'interaction',
      blockAction(slackFake, {
        user: 'U0ANNA',
        message: offer,
        actions: [{ action_id: `lead.claim:${lead!.id}` }],
      }),
    );
    expect(click.status).toBe(200);

    // Telegram: the group card is edited, and the SDR is told who claimed the lead.
    await eventually(
      () =>
        tgFake
          .messagesIn(GROUP)
          .find((m) => m.message_id === tgCard.message_id && /Claimed by Anna Closer/.test(m.text ?? '')),
      'the Telegram card edited',
    );
    await eventually(
      () => botMessages(tgFake, 4001).find((m) => /Anna Closer claimed your lead/.test(m.text ?? '')),
      'the SDR told on Telegram',
    );
    // Slack: the AE's DM card shows it is hers.
    await eventually(
      () => slackFake.messagesIn('U0ANNA').find((m) => /Claimed by/.test(textOf(m))),
      'the Slack DM card edited',
    );
    tgFake.expectNoViolations();
    slackFake.expectNoViolations();
    expect(errors).toEqual([]);
  });
});
