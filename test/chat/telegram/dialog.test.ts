// Forms as step-by-step dialogs in private chats (long polling, real database, createApp).
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { FakeUser, StoredMessage } from '../../fakes/telegram/fake-telegram.js';
import { botMessages, buttonData, eventually, say, seedTeam, startHarness, type Harness } from './harness.js';

let h: Harness;
const boss: FakeUser = { id: 3001, is_bot: false, first_name: 'Boss', username: 'boss_three', language_code: 'en' };
const sam: FakeUser = { id: 3002, is_bot: false, first_name: 'Sam', username: 'sam_three', language_code: 'en' };
const anna: FakeUser = { id: 3003, is_bot: false, first_name: 'Anna', username: 'anna_three', language_code: 'en' };
const ivan: FakeUser = { id: 3004, is_bot: false, first_name: 'Иван', username: 'ivan_three', language_code: 'ru' };
const group = { id: -100800 };

beforeAll(async () => {
  h = await startHarness();
  await seedTeam(h, boss, group, [
    { user: sam, name: 'Sam Seller', roles: 'sdr' },
    { user: anna, name: 'Anna Closer', roles: 'ae' },
    { user: ivan, name: 'Ivan Closer', roles: 'ae,sdr', lang: 'ru' },
  ]);
});
afterEach(() => {
  h.fake.expectNoViolations();
  expect(h.errors()).toEqual([]);
});
afterAll(async () => {
  await h?.close();
});

/** A user's side of a dialog: type answers, tap buttons, each time waiting for the next prompt. */
function dialogOf(user: FakeUser) {
  let prompt: StoredMessage;
  return {
    get prompt() {
      return prompt;
    },
    answer: async (text: string, next: RegExp) => (prompt = await say(h, user, text, next)),
    async tap(label: RegExp, next?: RegExp) {
      const before = botMessages(h.fake, user).length;
      expect((await h.fake.tapButton(prompt, buttonData(prompt, label), user)).ok).toBe(true);
      prompt = next
        ? await eventually(() => botMessages(h.fake, user).slice(before).find((m) => next.test(m.text ?? '')), `prompt ${next}`)
        : await eventually(() => h.fake.messagesIn(user).find((m) => m.message_id === prompt.message_id && m.edits.length > 0 && m), 'the prompt redrawn');
    },
  };
}
const leads = async () => h.node.app.stores.leads.list({ teamId: (await h.node.app.stores.teams.list())[0]!.id });

describe('forms as dialogs', () => {
  it('asks one field per message, re-asks an invalid answer, and creates the lead', async () => {
    const d = dialogOf(sam);
    await d.answer('/lead', /New lead · 1\/10[\s\S]*Company/);
    await d.answer('<b>Acme</b> & Sons', /Contact name/);
    await d.answer('Jane Doe', /Contact title/);
    await d.tap(/Skip/, /Email/);
    await d.answer('not-an-email', /⚠️[\s\S]*Email/);
    await d.answer('jane@acme.example', /Phone/);
    await d.tap(/Back/, /Email[\s\S]*Now: jane@acme\.example/);
    await d.tap(/Keep/, /Phone/);
    await d.tap(/Skip/, /Website/);
    await d.tap(/Skip/, /Source[\s\S]*Now: inbound/i);
    await d.tap(/referral/i, /BANT/);
    await d.tap(/Budget/);
    await d.tap(/Need/);
    expect(buttonData(d.prompt, /☑ Budget/)).toMatch(/^f:/);
    await d.tap(/Done/, /Estimated deal value/);
    await d.answer('$25k', /Notes/);
    await d.tap(/Skip/, /is in/);

    const [lead] = await leads();
    expect(lead!.fields).toMatchObject({ company: '<b>Acme</b> & Sons', source: 'referral', value: { amount: 2_500_000, currency: 'USD' } });
    expect(lead!.fields.contact).toMatchObject({ email: 'jane@acme.example' });

    // The card in the team's group, with the company escaped, and the offer in the AE's DM.
    const card = await eventually(() => botMessages(h.fake, group).find((m) => /Acme/.test(m.text ?? '')), 'the group card');
    expect(card.text).toMatch(/<b>Acme<\/b> & Sons/);
    expect(card.source!.text).toContain('&lt;b&gt;Acme&lt;/b&gt; &amp; Sons');
    expect(buttonData(card, /Claim/)).toBe(`lc:${lead!.id}`);
    const offeredTo = (await h.node.app.stores.people.get(lead!.offeredTo!))!;
    const aeChat = Number(offeredTo.addresses[0]!.split(':')[1]);
    const offer = await eventually(() => botMessages(h.fake, aeChat).find((m) => /Acme/.test(m.text ?? '')), 'the offer DM');
    expect(buttonData(offer, /Claim|Взять/)).toBe(`lc:${lead!.id}`);
  });

  it('returns to the field in error when the whole form is refused, then creates the lead', async () => {
    const d = dialogOf(sam);
    await d.answer('/lead', /Company/);
    await d.answer('Nomail GmbH', /Contact name/);
    await d.answer('Max', /Contact title/);
    for (const next of [/Email/, /Phone/, /Website/, /Source/]) await d.tap(/Skip/, next);
    await d.tap(/Keep/, /BANT/);
    await d.tap(/Done/, /Estimated deal value/);
    await d.tap(/Skip/, /Notes/);
    await d.tap(/Skip/, /⚠️[\s\S]*Email/); // refused: neither email nor phone
    expect((await leads()).filter((l) => /Nomail/.test(l.fields.company))).toEqual([]);
    await d.answer('max@nomail.example', /Nomail GmbH is in/);
    expect((await leads()).filter((l) => /Nomail/.test(l.fields.company))).toHaveLength(1);
  });

  it('runs the dialog privately when /lead is typed in the group', async () => {
    await say(h, sam, '/lead@baton_test_bot', /sent you the form/, group);
    const d = dialogOf(sam);
    await d.answer('Groupco', /Contact name/); // the prompt went to the DM; the answer continues it there
    await d.tap(/Cancel/);
    expect(d.prompt.text).toMatch(/Cancelled/);
  });

  it('speaks Russian to a Russian client and cancels without saving', async () => {
    const m = await say(h, ivan, '/lead', /Компания/);
    await h.fake.tapButton(m, buttonData(m, /Отмена/), ivan);
    await eventually(() => h.fake.messagesIn(ivan).find((x) => x.message_id === m.message_id && /Отменено/.test(x.text ?? '')), 'cancelled');
    expect(h.fake.messagesIn(ivan).find((x) => x.message_id === m.message_id)!.reply_markup).toBeUndefined();
  });

  it('a command typed during a dialog cancels it ("form cancelled") and runs; later text is not an answer', async () => {
    const d = dialogOf(sam);
    await d.answer('/lead', /Company/);
    await say(h, sam, '/help kpi', /\/kpi \[today/);
    await eventually(
      () => h.fake.messagesIn(sam).find((m) => m.message_id === d.prompt.message_id && /Form cancelled/.test(m.text ?? '')),
      'the prompt retired as cancelled',
    );
    expect(h.fake.messagesIn(sam).find((m) => m.message_id === d.prompt.message_id)!.reply_markup).toBeUndefined();
    // Text now is not taken as the company: the private fallback answers with the help.
    await say(h, sam, 'Stray Inc', /What you can do/);
    expect((await leads()).filter((l) => /Stray/.test(l.fields.company))).toEqual([]);
  });

  it('a form command typed during a dialog ends it and opens a fresh one, which takes the next answer', async () => {
    const old = dialogOf(sam);
    await old.answer('/lead', /Company/);
    await old.answer('Halfway Ltd', /Contact name/);
    const fresh = dialogOf(sam);
    await fresh.answer('/lead', /New lead · 1\/10[\s\S]*Company/);
    await eventually(
      () => h.fake.messagesIn(sam).find((m) => m.message_id === old.prompt.message_id && /Form cancelled/.test(m.text ?? '')),
      'the old prompt retired as cancelled',
    );
    await fresh.answer('Restart Inc', /Contact name/);
    await fresh.tap(/Cancel/);
    expect((await leads()).filter((l) => /Halfway|Restart/.test(l.fields.company))).toEqual([]);
  });

  it('moves once on a double tap; the second tap is told the question was answered', async () => {
    const d = dialogOf(boss);
    await d.answer('/lead', /Company/);
    await d.answer('Doubletap Inc', /Contact name/);
    await d.answer('Max', /Contact title/);
    const skip = buttonData(d.prompt, /Skip/);
    const before = botMessages(h.fake, boss).length;
    const answers = await Promise.all([h.fake.tapButton(d.prompt, skip, boss), h.fake.tapButton(d.prompt, skip, boss)]);
    expect(answers.map((a) => a.params.text ?? '').sort()).toEqual(['', 'That question was already answered.']);
    await eventually(() => botMessages(h.fake, boss).slice(before).some((m) => /Email/.test(m.text ?? '')), 'the email prompt');
    expect(botMessages(h.fake, boss).slice(before).filter((m) => /Email/.test(m.text ?? ''))).toHaveLength(1);
  });

  it('books a meeting: the lead chosen with a button, date and time typed in the person’s zone', async () => {
    await say(h, sam, '/lead Meetco; Mia; mia@meetco.example; inbound', /Meetco is in/);
    const lead = (await leads()).find((l) => l.fields.company === 'Meetco')!;
    const owner = (await h.node.app.stores.people.get(lead.offeredTo!))!;
    const aeUser = [anna, ivan].find((u) => owner.addresses.includes(`telegram:${u.id}`))!;
    const offer = await eventually(() => botMessages(h.fake, aeUser).find((m) => /Meetco/.test(m.text ?? '')), 'the offer');
    await h.fake.tapButton(offer, buttonData(offer, /Claim|Взять/), aeUser);
    await eventually(async () => (await h.node.app.stores.leads.get(lead.id))!.status === 'claimed', 'claimed');

    const d = dialogOf(sam);
    await d.answer('/meeting', /Lead[\s\S]*Tap an option/);
    await d.tap(/Meetco/, /Date/);
    await d.answer('someday', /⚠️[\s\S]*Date/);
    await d.answer('2027-03-15', /Time/);
    await d.answer('15:00', /Duration/);
    await d.tap(/Keep/, /Time zone/);
    await d.tap(/Keep/, /Meetco/);
    const booked = (await h.node.app.stores.leads.get(lead.id))!;
    expect(booked.status).toBe('meeting_booked');
    expect(booked.meetings.at(-1)!.startsAt).toEqual(new Date('2027-03-15T14:00:00Z')); // 15:00 in Berlin
  });
});
