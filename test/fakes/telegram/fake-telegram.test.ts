// The real telegraf 4.16.3 against the fake: long polling, then webhooks with a secret.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Markup, Telegraf, Telegram } from 'telegraf';
import { createFakeTelegram, type FakeTelegram } from './fake-telegram.js';

/** A bot shaped like Baton's lead cards: /start shows a card, "Claim" answers and edits it. */
function createCardBot(token: string, apiRoot: string, errors: unknown[]): Telegraf {
  const bot = new Telegraf(token, { telegram: { apiRoot } });
  bot.command('start', (ctx) =>
    ctx.replyWithHTML(
      '<b>Lead #7</b> from <i>Acme &amp; Co</i>',
      Markup.inlineKeyboard([Markup.button.callback('Claim', 'claim:7')]),
    ),
  );
  bot.command('broken', (ctx) =>
    ctx.reply(
      'A button that cannot exist',
      Markup.inlineKeyboard([Markup.button.callback('Go', 'x'.repeat(65))]),
    ),
  );
  bot.action(/^claim:(\d+)$/, async (ctx) => {
    await ctx.answerCbQuery('Claimed');
    await ctx.editMessageText(`<b>Lead #${ctx.match[1]}</b> claimed by ${ctx.from.first_name}`, {
      parse_mode: 'HTML',
    });
  });
  bot.catch((err) => {
    errors.push(err);
  });
  return bot;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

let fake: FakeTelegram;
beforeAll(async () => {
  fake = await createFakeTelegram();
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

describe('long polling with telegraf', () => {
  it('answers /start with an HTML card, then a tap is answered and the card edited', async () => {
    const errors: unknown[] = [];
    const bot = createCardBot(fake.token, fake.apiRoot, errors);
    const launched = bot.launch(); // resolves only when the bot stops
    try {
      const alice = fake.user({ id: 1001, first_name: 'Alice', username: 'alice', language_code: 'en' });
      fake.sendText(alice, alice, '/start');
      await fake.waitForCall('sendMessage');
      const card = fake.lastMessage(alice, { fromBot: true })!;
      expect(card.text).toBe('Lead #7 from Acme & Co');
      expect(card.entities).toEqual([
        { type: 'bold', offset: 0, length: 7 },
        { type: 'italic', offset: 13, length: 9 },
      ]);
      expect(card.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Claim', callback_data: 'claim:7' }]] });

      const answer = await fake.tapButton(card, 'claim:7', alice);
      expect(answer.params.text).toBe('Claimed');
      await fake.waitForCall('editMessageText');
      const edited = fake.lastMessage(alice)!;
      expect(edited.message_id).toBe(card.message_id);
      expect(edited.text).toBe('Lead #7 claimed by Alice');
      expect(edited.edits.map((v) => v.text)).toEqual(['Lead #7 from Acme & Co']);
      expect(edited.reply_markup).toBeUndefined(); // editMessageText without reply_markup drops the keyboard
      expect(fake.calls().map((c) => c.method)).toEqual(
        expect.arrayContaining([
          'getMe',
          'deleteWebhook',
          'getUpdates',
          'sendMessage',
          'answerCallbackQuery',
        ]),
      );
    } finally {
      bot.stop('test over');
      await launched;
    }
    expect(errors).toEqual([]);
    fake.expectNoViolations();
  });

  it('matches /start@<getMe username> in a group and ignores commands for another bot', async () => {
    const bot = createCardBot(fake.token, fake.apiRoot, []);
    const launched = bot.launch();
    try {
      const bob = fake.user({ id: 1002, first_name: 'Bob' });
      const team = fake.group({ id: -500, title: 'Sales team', members: [bob] });
      fake.sendText(team, bob, '/start@other_bot');
      fake.sendText(team, bob, '/start@baton_test_bot please');
      await fake.waitForCall('sendMessage', (c) => c.params.chat_id === team.id);
      expect(fake.messagesIn(team).map((m) => m.text)).toEqual([
        '/start@other_bot',
        '/start@baton_test_bot please',
        'Lead #7 from Acme & Co',
      ]);
    } finally {
      bot.stop();
      await launched;
    }
  });

  it('holds getUpdates until an update is queued, and otherwise until the timeout', async () => {
    const telegram = new Telegram(fake.token, { apiRoot: fake.apiRoot });
    let settled = false;
    const started = Date.now();
    const held = telegram.callApi('getUpdates', { timeout: 30 }).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false);
    const queued = fake.enqueueUpdate({
      message: { message_id: 1, date: 0, chat: { id: 1, type: 'private' }, text: 'hi' },
    });
    const updates = await held;
    expect(updates.map((u) => u.update_id)).toEqual([queued.update_id]);
    expect(Date.now() - started).toBeLessThan(10_000); // far below the 30 s it would otherwise hold

    await telegram.callApi('getUpdates', { offset: queued.update_id + 1, timeout: 0 }); // confirm it
    const emptyStart = Date.now();
    expect(await telegram.callApi('getUpdates', { timeout: 1 })).toEqual([]);
    expect(Date.now() - emptyStart).toBeGreaterThanOrEqual(900);
  });
});

describe('webhooks with telegraf', () => {
  const secret = 'baton-Secret_42';
  const path = '/telegram/hook';
  let bot: Telegraf;
  let server: Server;
  let hookUrl: string;
  const errors: unknown[] = [];

  beforeAll(async () => {
    bot = createCardBot(fake.token, fake.apiRoot, errors);
    server = createServer(bot.webhookCallback(path, { secretToken: secret }));
    hookUrl = `http://127.0.0.1:${await listen(server)}${path}`;
    await bot.telegram.setWebhook(hookUrl, { secret_token: secret, drop_pending_updates: true });
  });
  afterAll(async () => {
    await bot.telegram.deleteWebhook();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('delivers updates with the secret; the answer comes inside the webhook response', async () => {
    const carol = fake.user({ id: 1003, first_name: 'Carol' });
    const start = fake.sendText(carol, carol, '/start');
    const delivery = await fake.waitForDelivery((d) => d.update_id === start.update_id);
    expect(delivery).toMatchObject({ url: hookUrl, status: 200, attempt: 1, raw: false });
    expect(fake.lastMessage(carol)!.text).toBe('Lead #7 from Acme & Co');

    const answer = await fake.tapButton(fake.lastMessage(carol)!, 'claim:7', carol);
    expect(answer.via).toBe('webhook-reply');
    await fake.waitForCall('editMessageText', (c) => c.params.chat_id === carol.id);
    expect(fake.lastMessage(carol)!.text).toBe('Lead #7 claimed by Carol');
    expect(fake.pendingUpdates()).toEqual([]);
    fake.expectNoViolations();
  });

  it('is refused (403) without the secret or with a wrong one, and accepted with it', async () => {
    const dave = fake.user({ id: 1004, first_name: 'Dave' });
    const update = {
      update_id: 900_001,
      message: { message_id: 1, date: 0, chat: { id: dave.id, type: 'private' }, from: dave, text: 'hello' },
    };
    expect((await fake.deliverRaw(hookUrl, update)).status).toBe(403);
    expect((await fake.deliverRaw(hookUrl, update, { secret: 'wrong' })).status).toBe(403);
    expect((await fake.deliverRaw(hookUrl, update, { secret })).status).toBe(200);
    const raw = fake.deliveries.filter((d) => d.raw);
    expect(raw.map((d) => [d.update_id, d.status])).toEqual([
      [900_001, 403],
      [900_001, 403],
      [900_001, 200],
    ]);
  });

  it('rejects a 65-byte callback_data with a 400 and records the violation', async () => {
    const erin = fake.user({ id: 1005, first_name: 'Erin' });
    const command = fake.sendText(erin, erin, '/broken');
    await fake.waitForDelivery((d) => d.update_id === command.update_id);
    const [call] = fake.calls('sendMessage');
    expect(call!.status).toBe(400);
    expect(call!.error?.description).toBe('Bad Request: BUTTON_DATA_INVALID');
    expect(fake.messagesIn(erin).map((m) => m.text)).toEqual(['/broken']);
    expect(fake.violations).toHaveLength(1);
    expect(fake.violations[0]!.problems).toEqual([
      'reply_markup/inline_keyboard/0/0/callback_data: 65 bytes (must be 1-64)',
    ]);
    expect(() => fake.expectNoViolations()).toThrow(/sendMessage .*\n.*callback_data: 65 bytes/);
    expect(errors).toHaveLength(1); // telegraf surfaced the 400 to bot.catch
    errors.length = 0;
  });
});
