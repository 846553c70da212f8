// The whole product flow from Telegram, long polling: real telegraf ↔ fake Bot API over HTTP,
// the real database, createApp (outbox, journal, interactions) as main.ts builds it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { FakeUser } from '../../fakes/telegram/fake-telegram.js';
import { botMessages, eventually, say, startHarness, type Harness } from './harness.js';

let h: Harness;
const boss: FakeUser = {
  id: 1001,
  is_bot: false,
  first_name: 'Boss',
  username: 'boss_tg',
  language_code: 'en',
};
const sam: FakeUser = {
  id: 1002,
  is_bot: false,
  first_name: 'Sam',
  username: 'sam_sdr',
  language_code: 'en',
};
const anna: FakeUser = {
  id: 1003,
  is_bot: false,
  first_name: 'Anna',
  username: 'anna_ae',
  language_code: 'en',
};
const ivan: FakeUser = {
  id: 1004,
  is_bot: false,
  first_name: 'Иван',
  username: 'ivan_ae',
  language_code: 'ru',
};
const group = { id: -100500 };

const person = async (username: string) =>
  (await h.node.app.stores.people.byAddress(
    `telegram:${[boss, sam, anna, ivan].find((u) => u.username === username)!.id}`,
  ))!;

beforeAll(async () => {
  h = await startHarness();
  for (const u of [boss, sam, anna, ivan]) h.fake.user(u);
  h.fake.group({ id: group.id, title: 'Sales', type: 'supergroup', members: [boss, sam, anna, ivan] });
  await say(h, boss, '/team setup Sales', /Sales team is ready/);
  await say(h, boss, '/team@baton_test_bot channel', /Lead cards of Sales will be posted here/, group);
  await say(h, boss, '/team add Sam Seller tg:@sam_sdr sdr', /Added Sam Seller/);
  await say(h, boss, '/team add Anna Closer tg:@anna_ae ae', /Added Anna Closer/);
  await say(h, boss, '/team add Ivan Closer tg:@ivan_ae ae lang=ru', /Added Ivan Closer/);
});

afterEach(() => {
  h.fake.expectNoViolations();
  expect(h.errors()).toEqual([]);
});

afterAll(async () => {
  await h?.close();
});

describe('Telegram bot (long polling)', () => {
  it('registers the command menu in English and Russian', () => {
    const menus = h.fake.calls('setMyCommands');
    expect(menus.map((c) => (c.params as { language_code?: string }).language_code ?? 'default')).toEqual([
      'default',
      'ru',
    ]);
    expect(JSON.stringify(menus[1]!.params)).toMatch(/Передать нового лида/);
  });

  it('links a Telegram account a manager registered by @username on /start', async () => {
    await say(h, sam, '/start', /Welcome, Sam Seller! Your account is linked to the Sales team/);
    await say(h, anna, '/start', /Welcome, Anna Closer/);
    await say(h, ivan, '/start', /Иван Closer|Ivan Closer/);
    expect((await person('sam_sdr')).addresses).toContain('telegram:1002');
  });

  it('tells unknown people how to get added, in their Telegram language, with their id', async () => {
    const stranger = h.fake.user({ id: 1099, first_name: 'Пётр', language_code: 'ru' });
    const m = await say(h, stranger, '/lead', /telegram:1099/);
    expect(m.text).toMatch(/[а-я]{4}/);
    const en = h.fake.user({ id: 1098, first_name: 'Pete', language_code: 'en' });
    await say(h, en, 'hello?', /not in a Baton team yet.*telegram:1098/s);
  });

  it('explains /help to someone in no team: how to join, how to set a team up, then what each command does', async () => {
    const en = h.fake.user({ id: 1097, first_name: 'Newbie', language_code: 'en' });
    const m = await say(h, en, '/help', /not in a Baton team yet/);
    expect(m.text).toMatch(/telegram:1097/);
    expect(m.text).toMatch(/\/team setup/);
    for (const command of ['/lead', '/meeting', '/team', '/kpi', '/help lead'])
      expect(m.text).toContain(command);
    const ru = h.fake.user({ id: 1096, first_name: 'Новичок', language_code: 'ru' });
    const r = await say(h, ru, '/help', /Вас ещё нет в команде Baton/);
    expect(r.text).toMatch(/telegram:1096[\s\S]*\/team setup[\s\S]*\/lead — передать нового лида/);
  });

  it('links an account with /start <invite code>', async () => {
    await say(h, boss, '/team add Olga Farmer am', /Added Olga Farmer/);
    const invite = await say(h, boss, '/team invite @olga', /[A-Z0-9]{8}/);
    const code = /\b([A-Z0-9]{8})\b/.exec(invite.text!)![1]!;
    const olga = h.fake.user({ id: 1005, first_name: 'Olga' }); // no @username
    await say(h, olga, `/start ${code}`, /Welcome, Olga Farmer/);
    expect((await h.node.app.stores.people.byAddress('telegram:1005'))?.name).toBe('Olga Farmer');
    const other = h.fake.user({ id: 1006, first_name: 'Mallory' });
    await say(h, other, `/start ${code}`, /not valid/); // each code works once
  });

  it('ignores commands addressed to another bot in a group; answers its own in the DM', async () => {
    const before = h.fake.calls('sendMessage').length;
    h.fake.sendText(group.id, sam, '/lead@other_bot Acme; Jane; jane@acme.example');
    h.fake.sendText(group.id, boss, '/help@baton_test_bot');
    await eventually(
      () =>
        h.fake
          .calls('sendMessage')
          .find((c) => c.params.chat_id === boss.id && /What you can do/.test(String(c.params.text))),
      'help in the DM',
    );
    await say(h, boss, '/help', /What you can do/); // polled after the batch above was fully handled
    expect(
      h.fake
        .calls('sendMessage')
        .slice(before)
        .filter((c) => c.params.chat_id !== boss.id),
    ).toEqual([]);
  });

  it('waits out a short 429 on a reply', async () => {
    h.fake.failNext('sendMessage', { error_code: 429, retry_after: 1 });
    await say(h, sam, '/help', /What you can do/);
    expect(h.fake.stats.served429).toBe(1);
  });

  it('keeps polling after a handler fails, and apologises', async () => {
    h.fake.failNext('sendMessage', { error_code: 500, description: 'Internal Server Error' });
    await say(h, sam, '/help', /Sorry, something went wrong/);
    const logged = h.errors();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ msg: 'telegram update failed', update_id: expect.any(Number) });
    h.node.logs.length = 0; // consumed: afterEach expects no other error
    await say(h, sam, '/help', /What you can do/);
  });
  it('shows a new API key only in the private chat, never in the group', async () => {
    const before = botMessages(h.fake, boss).length;
    h.fake.sendText(group.id, boss, '/team@baton_test_bot api-key create Website');
    await eventually(
      () =>
        botMessages(h.fake, boss)
          .slice(before)
          .find((m) => /only in a private chat/.test(m.text ?? '')),
      'the refusal in the DM',
    );
    const team = (await person('boss_tg')).teamId;
    expect(await h.node.app.stores.apiKeys.listTeam(team)).toEqual([]);
    const made = await say(h, boss, '/team api-key create Website', /New API key of Sales \(Website\)/);
    expect(made.text).toMatch(/bk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}/);
    expect(await h.node.app.stores.apiKeys.listTeam(team)).toHaveLength(1);
    expect(botMessages(h.fake, group).some((m) => /bk_/.test(m.text ?? ''))).toBe(false);
  });
});
