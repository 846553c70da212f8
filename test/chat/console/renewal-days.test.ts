// Renewal day counts agree with the date shown, counted in each reader's zone, across months and DST.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createConsoleHarness, type ConsoleHarness } from './harness.js';

let h: ConsoleHarness;
beforeAll(async () => {
  // Monday 6 Sep 2027, 10:00 in Berlin.
  h = await createConsoleHarness();
});
afterAll(async () => {
  await h.close();
});

describe('renewal day counts (console workspace, real app and database)', () => {
  it('count calendar days to the date shown, in the reader’s zone, across a DST change', async () => {
    await h.type(
      'as @boss',
      '/team setup Northwind',
      '/team set timezone Europe/Berlin',
      '/team set digest 07:00',
      '/team set renewals 30,7',
      '/team tz America/Los_Angeles',
      '/team add Sam Seller @sam sdr tz=Europe/Berlin',
      '/team add Gus Closer @gus ae tz=Europe/Berlin',
      '/team add Kenji Tanaka @kenji am tz=Asia/Tokyo',
      '/team add Mia Berg @mia manager tz=Europe/Berlin',
    );
    await h.type('as @sam', '/lead Acme; Jane Doe; jane@acme.com');
    await h.type('as @gus', '/lead claim L-1', '/meeting L-1 today 11:00');
    const met = await h.type('clock +2h');
    await h.type(`press ${/\[(\d+) Held\]/.exec(met)?.[1]}`, '/lead won L-1');
    // Two months from today: the contract's last day is Friday 5 Nov 2027.
    const won = await h.type('30000', 'USD', '2', '', '');
    expect(won).toMatch(/→ @kenji \(DM\):\n {2}🤝 New account for you: Acme.*2027 – 5 Nov 2027/);

    // 6 Oct, 07:00 in Berlin (14:00 in Tokyo): 30 days to 5 Nov.
    const month = await h.type('clock 2027-10-06 12:00');
    expect(month).toMatch(/→ @kenji \(DM\):\n {2}🔔 Acme renews in 30 days \(5 Nov 2027\)/);
    // Unanswered for 3 days: 9 Oct 07:00 in Berlin (27 days left) is still 8 Oct in Los Angeles (28).
    const escalated = await h.type('clock 2027-10-09 12:00');
    expect(escalated).toMatch(/→ @mia \(DM\):\n {2}⚠️ Acme renews in 27 days \(5 Nov 2027\)/);
    expect(escalated).toMatch(/→ @boss \(DM\):\n {2}⚠️ Acme renews in 28 days \(5 Nov 2027\)/);
    // 29 Oct: 7 days, though Berlin's clocks go back an hour on the 31st.
    const week = await h.type('clock 2027-10-29 12:00');
    expect(week).toMatch(/→ @kenji \(DM\):\n {2}🔔 Acme renews in 7 days \(5 Nov 2027\)/);
  }, 180_000);

  it('in Russian, with the right plural form', async () => {
    await h.type('clock 2027-11-01 09:00', 'as @kenji', '/team lang ru', 'as @boss', '/team lang ru');
    await h.type('as @sam', '/lead Globex; Hank Scorpio; hank@globex.com');
    await h.type('as @gus', '/lead claim L-2', '/meeting L-2 today 15:00');
    const met = await h.type('clock +7h');
    await h.type(`press ${/\[(\d+) Held\]/.exec(met)?.[1]}`, '/lead won L-2');
    // From Monday 1 Nov: one month, ends Tuesday 30 Nov; the 7-day nudge on 23 Nov says 7 дней.
    await h.type('30000', 'USD', '1', '', '');
    const week = await h.type('clock 2027-11-23 12:00');
    expect(week).toMatch(/→ @kenji \(DM\):\n {2}🔔 Продление Globex через 7 дней \(30 ноября 2027\)/);
    const escalated = await h.type('clock 2027-11-26 12:00');
    expect(escalated).toMatch(/→ @boss \(DM\):\n {2}⚠️ Продление Globex через 5 дней \(30 ноября 2027\)/);
    expect(escalated).toMatch(/→ @mia \(DM\):\n {2}⚠️ Globex renews in 4 days \(30 Nov 2027\)/);
  }, 180_000);

  it('refuses a contract start long past in the form, says the earliest date, and asks again', async () => {
    // Friday 26 Nov 2027 in Berlin.
    await h.type('as @sam', '/lead Initech; Bill Lumbergh; bill@initech.com');
    await h.type('as @gus', '/lead claim L-3', '/meeting L-3 today 15:00');
    const met = await h.type('clock +4h');
    await h.type(`press ${/\[(\d+) Held\]/.exec(met)?.[1]}`, '/lead won L-3');
    const refused = await h.type('30000', 'USD', '12', '2019-01-01', 'Annual plan.');
    expect(refused).toMatch(
      /✗ Contract start: 2019-01-01 is too far in the past: give 12 Nov 2027 or later .*\n\? Contract start/,
    );
    const won = await h.type('2027-11-20');
    expect(won).toMatch(/Recorded: Initech won/);
    // Kenji reads Russian now.
    expect(won).toMatch(/→ @kenji \(DM\):\n.*20 ноября 2027 – 19 ноября 2028/);
  }, 60_000);
});
