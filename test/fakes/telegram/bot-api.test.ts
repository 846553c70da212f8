// Bot API behaviour of the fake, called through telegraf's own client (and raw HTTP where the
// wire format is the point).
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Markup, Telegram } from 'telegraf';
import { createFakeTelegram, type FakeTelegram } from './fake-telegram.js';

let fake: FakeTelegram;
let tg: Telegram;
beforeAll(async () => {
  fake = await createFakeTelegram({
    bots: [
      { token: '111:AAA', username: 'baton_bot' },
      { token: '222:BBB', username: 'other_bot', first_name: 'Other' },
    ],
  });
  tg = new Telegram('111:AAA', { apiRoot: fake.apiRoot });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

/** The error telegraf throws for a failed call, as the Bot API body. */
async function failure(
  call: Promise<unknown>,
): Promise<{ code?: number; description?: string; retryAfter?: number }> {
  try {
    await call;
  } catch (e) {
    const err = e as {
      response?: { error_code: number; description: string; parameters?: { retry_after?: number } };
    };
    return {
      code: err.response?.error_code,
      description: err.response?.description,
      retryAfter: err.response?.parameters?.retry_after,
    };
  }
  throw new Error('the call succeeded');
}

describe('the fake Bot API', () => {
  it('answers getMe per token and 401/404 like Telegram', async () => {
    expect(await tg.getMe()).toMatchObject({ id: 111, is_bot: true, username: 'baton_bot' });
    expect(await new Telegram('222:BBB', { apiRoot: fake.apiRoot }).getMe()).toMatchObject({
      first_name: 'Other',
    });
    const unknown = await fetch(`${fake.apiRoot}/bot999:ZZZ/getMe`, { method: 'POST' });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
    const missing = await fetch(`${fake.apiRoot}/bot111:AAA/sendTelepathy`, { method: 'POST' });
    expect(await missing.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
  });

  it('stores sent messages per chat and keeps the history of edits', async () => {
    const ann = fake.user({ id: 10, first_name: 'Ann' });
    const sent = await tg.sendMessage(ann.id, 'Lead <b>#1</b>', {
      parse_mode: 'HTML',
      ...Markup.inlineKeyboard([Markup.button.callback('Claim', 'c:1')]),
    });
    expect(sent).toMatchObject({ message_id: 1, chat: { id: 10, type: 'private' }, text: 'Lead #1' });
    await tg.editMessageReplyMarkup(ann.id, sent.message_id, undefined, {
      inline_keyboard: [[{ text: 'Claimed', callback_data: 'noop' }]],
    });
    expect(
      await failure(
        tg.editMessageReplyMarkup(ann.id, sent.message_id, undefined, {
          inline_keyboard: [[{ text: 'Claimed', callback_data: 'noop' }]],
        }),
      ),
    ).toMatchObject({
      code: 400,
      description: expect.stringMatching(/^Bad Request: message is not modified/),
    });
    await tg.editMessageText(ann.id, sent.message_id, undefined, 'Lead #1 (closed)');
    const [card] = fake.messagesIn(ann);
    expect(card).toMatchObject({
      text: 'Lead #1 (closed)',
      reply_markup: undefined,
      edit_date: expect.any(Number),
    });
    expect(card!.edits.map((v) => [v.text, JSON.stringify(v.reply_markup)])).toEqual([
      ['Lead #1', '{"inline_keyboard":[[{"text":"Claim","callback_data":"c:1"}]]}'],
      ['Lead #1', '{"inline_keyboard":[[{"text":"Claimed","callback_data":"noop"}]]}'],
    ]);
    expect(await tg.deleteMessage(ann.id, sent.message_id)).toBe(true);
    expect(fake.messagesIn(ann)).toEqual([]);
    expect(fake.messagesIn(ann, { includeDeleted: true })).toHaveLength(1);
    expect(await failure(tg.deleteMessage(ann.id, sent.message_id))).toMatchObject({
      description: 'Bad Request: message to delete not found',
    });
    fake.expectNoViolations();
  });

  it("answers Telegram's errors for unknown chats, bad HTML, empty text and other bots' messages", async () => {
    const ben = fake.user({ id: 11, first_name: 'Ben' });
    expect(await failure(tg.sendMessage(999, 'hi'))).toMatchObject({
      code: 400,
      description: 'Bad Request: chat not found',
    });
    expect(await failure(tg.sendMessage(ben.id, 'a <b', { parse_mode: 'HTML' }))).toMatchObject({
      description: "Bad Request: can't parse entities: Unclosed start tag at byte offset 2",
    });
    expect(await failure(tg.sendMessage(ben.id, '  '))).toMatchObject({
      description: 'Bad Request: message text is empty',
    });
    const other = new Telegram('222:BBB', { apiRoot: fake.apiRoot });
    const theirs = await other.sendMessage(ben.id, 'from the other bot');
    expect(await failure(tg.editMessageText(ben.id, theirs.message_id, undefined, 'mine now'))).toMatchObject(
      {
        description: "Bad Request: message can't be edited",
      },
    );
    expect(fake.violations.map((v) => v.problems[0])).toEqual([
      "text: can't parse entities: Unclosed start tag at byte offset 2",
      'text: empty after entity parsing',
    ]);
  });

  it('serves a blocked user, injected failures and the 429 counter', async () => {
    const cy = fake.user({ id: 12, first_name: 'Cy' });
    fake.setBlocked(cy);
    expect(await failure(tg.sendMessage(cy.id, 'hi'))).toEqual({
      code: 403,
      description: 'Forbidden: bot was blocked by the user',
      retryAfter: undefined,
    });
    fake.setBlocked(cy, false);
    fake.failNext('sendMessage', { error_code: 429, retry_after: 7, times: 2 });
    expect(await failure(tg.sendMessage(cy.id, 'a'))).toEqual({
      code: 429,
      description: 'Too Many Requests: retry after 7',
      retryAfter: 7,
    });
    expect(await failure(tg.sendMessage(cy.id, 'b'))).toMatchObject({ code: 429 });
    expect(await tg.sendMessage(cy.id, 'c')).toMatchObject({ text: 'c' });
    fake.failNext('sendMessage', {
      error_code: 400,
      description: 'Bad Request: something odd',
      token: '222:BBB',
    });
    expect(await tg.sendMessage(cy.id, 'd')).toMatchObject({ text: 'd' }); // only the other bot fails
    expect(fake.stats.served429).toBe(2);
  });

  it('uploads photos and documents as multipart, and accepts form-urlencoded calls', async () => {
    const dee = fake.user({ id: 13, first_name: 'Dee' });
    const photo = await tg.sendPhoto(
      dee.id,
      { source: Buffer.from('fake-png-bytes'), filename: 'chart.png' },
      {
        caption: '<b>KPI</b> chart',
        parse_mode: 'HTML',
        ...Markup.inlineKeyboard([Markup.button.callback('Refresh', 'kpi:refresh')]),
      },
    );
    expect(photo.caption).toBe('KPI chart');
    const doc = await tg.sendDocument(dee.id, { source: Buffer.from('a,b\n1,2\n'), filename: 'leads.csv' });
    expect(doc.document).toMatchObject({ file_name: 'leads.csv', file_size: 8 });
    const [p, d] = fake.messagesIn(dee);
    expect(p!.file?.upload).toMatchObject({ field: 'photo', filename: 'chart.png', size: 14 });
    expect(p!.reply_markup).toEqual({
      inline_keyboard: [[{ text: 'Refresh', callback_data: 'kpi:refresh' }]],
    });
    expect(d!.file?.upload?.data.toString()).toBe('a,b\n1,2\n');
    expect(await tg.sendPhoto(dee.id, p!.file!.file_id)).toMatchObject({
      photo: [{ file_id: p!.file!.file_id }],
    });

    const form = await fetch(`${fake.apiRoot}/bot111:AAA/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ chat_id: String(dee.id), text: 'via form', disable_notification: 'true' }),
    });
    expect(await form.json()).toMatchObject({ ok: true, result: { text: 'via form' } });
    fake.expectNoViolations();
  });

  it('keeps commands per scope and language; getChat and getChatMember', async () => {
    const ru = { scope: { type: 'all_private_chats' as const }, language_code: 'ru' };
    await tg.setMyCommands([{ command: 'start', description: 'Начать' }], ru);
    await tg.setMyCommands([{ command: 'start', description: 'Start' }]);
    expect(await tg.getMyCommands(ru)).toEqual([{ command: 'start', description: 'Начать' }]);
    expect(await tg.getMyCommands()).toEqual([{ command: 'start', description: 'Start' }]);
    expect(await tg.getMyCommands({ language_code: 'de' })).toEqual([]);

    const eve = fake.user({ id: 14, first_name: 'Eve', username: 'eve' });
    const team = fake.group({ id: -100123, title: 'Sales', type: 'supergroup', members: [eve] });
    expect(await tg.getChat(team.id)).toMatchObject({ id: -100123, type: 'supergroup', title: 'Sales' });
    expect(await tg.getChatMember(team.id, eve.id)).toMatchObject({
      status: 'member',
      user: { username: 'eve' },
    });
    fake.user({ id: 15, first_name: 'Fay' });
    expect(await tg.getChatMember(team.id, 15)).toMatchObject({ status: 'left' });
    await tg.sendChatAction(team.id, 'typing');
    expect(fake.calls('sendChatAction')).toHaveLength(1);
  });
});
