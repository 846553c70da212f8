// The whole product flow from Telegram, long polling: real telegraf ↔ fake Bot API over HTTP,
// the real database, createApp (outbox, journal, interactions) as main.ts builds it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { FakeUser, StoredMessage } from '../../fakes/telegram/fake-telegram.js';
import { botMessages, buttonData, eventually, say, startHarness, type Harness } from './harness.js';

let h: Harness;
const boss: FakeUser = { id: 1001, is_bot: false, first_name: 'Boss', username: 'boss_tg', language_code: 'en' };
const sam: FakeUser = { id: 1002, is_bot: false, first_name: 'Sam', username: 'sam_sdr', language_code: 'en' };
const anna: FakeUser = { id: 1003, is_bot: false, first_name: 'Anna', username: 'anna_ae', language_code: 'en' };
const ivan: FakeUser = { id: 1004, is_bot: false, first_name: 'Иван', username: 'ivan_ae', language_code: 'ru' };
const group = { id: -100500 };

const person = async (username: string) =>
  (await h.node.app.stores.people.byAddress(`telegram:${[boss, sam, anna, ivan].find((u) => u.username === username)!.id}`))!;

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
    expect(menus.map((c) => (c.params as { language_code?: string }).language_code ?? 'default')).toEqual(['default', 'ru']);
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

  it('ignores commands addressed to another bot in a group', async () => {
    const before = botMessages(h.fake, group).length;
    h.fake.sendText(group.id, sam, '/lead@other_bot Acme');
    h.fake.sendText(group.id, boss, '/help@baton_test_bot');
    await eventually(() => h.fake.calls('sendMessage').find((c) => c.params.chat_id === boss.id && /What you can do/.test(String(c.params.text))), 'help in the DM');
    expect(botMessages(h.fake, group).slice(before).some((m) => /Acme/.test(m.text ?? ''))).toBe(false);
  });
});

describe('/lead as a dialog', () => {
  let prompt: StoredMessage;
  const answer = async (text: string, expectNext: RegExp) => (prompt = await say(h, sam, text, expectNext));
  const tap = async (label: RegExp, expectNext?: RegExp) => {
    const before = botMessages(h.fake, sam).length;
    const call = await h.fake.tapButton(prompt, buttonData(prompt, label), sam);
    expect(call.ok).toBe(true);
    if (expectNext) {
      prompt = await eventually(
        () => botMessages(h.fake, sam).slice(before).find((m) => expectNext.test(m.text ?? '')),
        `prompt ${expectNext}`,
      );
    } else {
      prompt = await eventually(() => h.fake.messagesIn(sam).find((m) => m.message_id === prompt.message_id && m.edits.length > 0 && m), 'the prompt redrawn');
    }
  };

  it('asks one field per message, re-asks an invalid answer, and creates the lead', async () => {
    await answer('/lead', /New lead · 1\/10[\s\S]*Company/);
    expect(buttonData(prompt, /Cancel/)).toMatch(/^f:/);
    await answer('<b>Acme</b> & Sons', /Contact name/);
    await answer('Jane Doe', /Contact title/);
    await tap(/Skip/, /Email/);
    await answer('not-an-email', /⚠️[\s\S]*Email/);
    await answer('jane@acme.example', /Phone/);
    await tap(/Back/, /Email[\s\S]*Now: jane@acme\.example/);
    await tap(/Keep/, /Phone/);
    await tap(/Skip/, /Website/);
    await tap(/Skip/, /Source[\s\S]*Now: inbound/i);
    await tap(/referral/i, /BANT/);
    await tap(/Budget/);
    await tap(/Need/);
    expect(buttonData(prompt, /☑ Budget/)).toBeTruthy();
    await tap(/Done/, /Estimated deal value/);
    await answer('$25k', /Notes/);
    await tap(/Skip/, /is in/);

    const teamId = (await person('sam_sdr')).teamId;
    const [lead] = await h.node.app.stores.leads.list({ teamId });
    expect(lead).toMatchObject({ fields: expect.objectContaining({ company: '<b>Acme</b> & Sons', source: 'referral' }) });
    expect(lead!.fields.contact).toMatchObject({ email: 'jane@acme.example' });
    expect(lead!.fields.value).toEqual({ amount: 2_500_000, currency: 'USD' });

    // The card in the team's group, with the company escaped, and the offer in the AE's DM.
    const card = await eventually(() => botMessages(h.fake, group).find((m) => /Acme/.test(m.text ?? '')), 'the group card');
    expect(card.text).toMatch(/<b>Acme<\/b> & Sons/);
    expect(card.source!.text).toContain('&lt;b&gt;Acme&lt;/b&gt; &amp; Sons');
    expect(buttonData(card, /Claim/)).toBe(`lc:${lead!.id}`);
    const offeredTo = (await h.node.app.stores.people.get(lead!.offeredTo!))!;
    const aeChat = Number(offeredTo.addresses.find((a) => a.startsWith('telegram:'))!.split(':')[1]);
    const offer = await eventually(() => botMessages(h.fake, aeChat).find((m) => /Acme/.test(m.text ?? '')), 'the offer DM');
    expect(buttonData(offer, offeredTo.locale === 'ru' ? /Взять|Claim/ : /Claim/)).toBe(`lc:${lead!.id}`);
  });

  it('cancels a dialog and says nothing was saved (in Russian for a Russian client)', async () => {
    const m = await say(h, ivan, '/lead', /Компания|Company/);
    expect(buttonData(m, /Отмена/)).toMatch(/^f:/);
    await h.fake.tapButton(m, buttonData(m, /Отмена/), ivan);
    await eventually(() => h.fake.messagesIn(ivan).find((x) => x.message_id === m.message_id && /Отменено/.test(x.text ?? '')), 'cancelled');
    expect(h.fake.messagesIn(ivan).find((x) => x.message_id === m.message_id)!.reply_markup).toBeUndefined();
  });
});
