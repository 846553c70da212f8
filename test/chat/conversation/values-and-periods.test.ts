// Issue 13 items 3, 6 and 7: what is wrong with a value, Russian periods, dates people say.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseDate } from '../../../src/chat/parsers/when-syntax.js';
import { createTalk, type Talk } from './harness.js';

let t: Talk;
const leadCount = async () => (await t.h.deps.stores.leads.list({ teamId: await t.teamId() })).length;

beforeAll(async () => {
  // 2027-03-26 is a Friday; Europe/Berlin moves its clocks forward on Sunday 2027-03-28 at 02:00.
  t = await createTalk('2027-03-26T09:00:00Z');
});
afterAll(() => t.close());

describe('item 3: say what is wrong with a value', () => {
  it.each([
    ['Acme; Jane; jane@acme.com; $-5k', /\$-5k is not a valid amount/],
    ['Acme; Jane; jane@acme.com; 1e9', /1e9 is not a valid amount/],
    ['Acme; Jane; foo@bar', /foo@bar is not a valid email/],
  ])('/lead %s', async (text, problem) => {
    const before = await leadCount();
    const reply = await t.say('sam', 'lead', text);
    expect(reply).toMatch(problem);
    expect(reply).not.toMatch(/give an email or a phone|Value: —/);
    expect(await leadCount()).toBe(before);
  });

  it.each([
    ['show', '/lead show L-12'],
    ['claim', '/lead claim L-12'],
    ['won', '/lead won L-12'],
    ['pass', '/lead pass L-12'],
  ])('/lead %s without a lead asks which lead', async (verb, example) => {
    const reply = await t.say('anna', 'lead', verb);
    expect(reply).toBe(`Which lead? For example: ${example}`);
    expect(reply).not.toMatch(/Contact name/);
  });

  it('asks which lead in Russian too, and for /meeting', async () => {
    expect(await t.say('vera', 'lead', 'взять')).toBe('Какой лид? Например: /lead взять L-12');
    expect(await t.say('sam', 'meeting', 'cancel')).toBe('Which lead? For example: /meeting cancel L-12');
  });
});

describe('item 6: every period the help lists works in both languages', () => {
  it.each([
    ['неделя', 'За 7 дней'],
    ['вчера', 'Вчера'],
    ['сегодня', 'Сегодня'],
    ['team месяц', 'Команда · За 30 дней'],
    ['команда месяц', 'Команда · За 30 дней'],
    ['14 дней', 'За 14 дней'],
    ['за последние 10 дней', 'За 10 дней'],
    ['квартал', 'За 90 дней'],
    ['30д', 'За 30 дней'],
  ])('/kpi %s (in Russian)', async (text, title) => {
    const reply = await t.say('vera', 'kpi', text);
    expect(reply).toContain(title);
    expect(reply).not.toMatch(/период должен|Исправьте/);
  });

  it.each([
    ['week', 'Last 7 days'],
    ['yesterday', 'Yesterday'],
    ['today', 'Today'],
    ['team month', 'Team · Last 30 days'],
    ['14 days', 'Last 14 days'],
    ['30d', 'Last 30 days'],
    ['quarter', 'Last 90 days'],
  ])('/kpi %s (in English)', async (text, title) => {
    expect(await t.say('boss', 'kpi', text)).toContain(title);
  });

  it('names the word it does not understand', async () => {
    expect(await t.say('boss', 'kpi', 'someday')).toMatch(/someday is not a period/);
    expect(await t.say('vera', 'kpi', 'когда-нибудь')).toMatch(/«когда-нибудь» — это не период/);
  });
});

describe('item 7: dates people say', () => {
  it('reads yesterday and вчера', () => {
    const now = new Date('2027-03-26T09:00:00Z');
    expect(parseDate('yesterday', 'Europe/Berlin', now)?.toISODate()).toBe('2027-03-25');
    expect(parseDate('вчера', 'Europe/Moscow', now)?.toISODate()).toBe('2027-03-25');
  });

  it('does not move a time inside the DST gap silently: says so and offers the valid time', async () => {
    const lead = await t.say('sam', 'lead', 'Gap GmbH; Greta; greta@gap.example; inbound');
    const ae = /Offered to @(\w+)/.exec(lead)![1]!.toLowerCase();
    const number = /L-(\d+)/.exec(lead)![1]!;
    await t.say(ae, 'lead', `claim L-${number}`);
    const reply = await t.say('sam', 'meeting', `L-${number} 2027-03-28 02:30`);
    expect(reply).toMatch(
      /02:30 does not exist on 28 Mar 2027: the clocks go forward that night\. Did you mean 03:30\?/,
    );
    const form = await t.app.submit(
      t.inb('sam'),
      'meeting',
      (await t.h.deps.stores.leads.byNumber(await t.teamId(), Number(number)))!.id,
      {
        lead: (await t.h.deps.stores.leads.byNumber(await t.teamId(), Number(number)))!.id,
        date: '2027-03-28',
        time: '02:30',
        durationMin: '30',
        timezone: 'Europe/Berlin',
      },
    );
    expect(form).toEqual({ kind: 'errors', errors: { time: expect.stringMatching(/Did you mean 03:30/) } });
    expect(await t.say('sam', 'meeting', `L-${number} 2027-03-28 03:30`)).toMatch(/Booked/);
  });

  it('accepts a one-day out-of-office and shows the same "until" date in the reply and on the team card', async () => {
    // Today only (Friday 26 March, Anna's zone is Berlin).
    const reply = await t.say('boss', 'team', 'ooo @anna 26.3-26.3');
    expect(reply).toMatch(/Anna Closer is away until 26 Mar 2027/);
    // Vera reads it in Moscow, where Berlin's end of the day is already the 27th: still the 26th.
    expect(await t.say('vera', 'team', '')).toMatch(
      /Anna Closer \(@anna\).*нет по 26 марта 2027 включительно/,
    );
    expect(await t.say('boss', 'team', '')).toMatch(/Anna Closer \(@anna\).*away until 26 Mar 2027/);
    expect(await t.say('boss', 'team', 'ooo @boris 1.4-1.4')).toMatch(
      /Boris Closer is away until 1 Apr 2027/,
    );
    expect(await t.say('boss', 'team', '')).toMatch(
      /Boris Closer \(@boris\).*away from 1 Apr 2027 until 1 Apr 2027/,
    );
    // A lead routed now skips Anna, saying the same date.
    const lead = await t.say('vera', 'lead', 'ООО Тест; Пётр; petr@test.example; входящая заявка');
    expect(lead).toMatch(/Предложен: @Boris Closer.*Anna Closer — отсутствует по 26 марта 2027 включительно/);
    const card = await t.say('boss', 'lead', `show ${/L-\d+/.exec(lead)![0]}`);
    expect(card).toMatch(/Anna Closer — out of office until 26 Mar 2027/);
  });

  it('accepts an out-of-office that began days ago (its first day is this year’s, not next year’s)', async () => {
    // Friday 26 March: away since Monday, back after next Tuesday.
    expect(await t.say('boss', 'team', 'ooo @boris 22.3-30.3')).toMatch(/Boris Closer is away until 30 Mar 2027/);
    expect(await t.say('boss', 'team', '')).toMatch(/Boris Closer \(@boris\).*away until 30 Mar 2027/);
    // Over New Year it still means the coming days.
    expect(await t.say('boss', 'team', 'ooo @boris 28.12-3.1')).toMatch(/Boris Closer is away until 3 Jan 2028/);
  });
});
