// Settings that contradict each other are refused with the rule they break; nothing is written.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createConsoleHarness, type ConsoleHarness } from './harness.js';

let h: ConsoleHarness;
beforeAll(async () => {
  h = await createConsoleHarness();
  await h.type('as @boss', '/team setup Northwind');
});
afterAll(async () => {
  await h.close();
});

const team = async () => (await h.app.core.stores.teams.list())[0]!;

describe('/team set: contradictory settings (console workspace, real app and database)', () => {
  it('refuses a re-offer before the reminder, or an escalation before the re-offer, naming the rule', async () => {
    const out = await h.type('/team set sla 15 5 60');
    expect(out).toMatch(
      /Claim times: 15 5 60 is out of order: the reminder \(15 min\) must come before the re-offer \(5 min\), and the re-offer no later than the escalation \(60 min\), e\.g\. \/team set sla 5 15 60/,
    );
    expect(await h.type('/team set sla 5 30 20')).toMatch(
      /the re-offer no later than the escalation \(20 min\)/,
    );
    expect(await h.type('/team set sla 10 10 60')).toMatch(/the reminder \(10 min\) must come before/);
    expect((await team()).claimSla).toMatchObject({
      remindAfterMin: 5,
      reofferAfterMin: 15,
      escalateAfterMin: 60,
    });
    // In order it is taken (a re-offer at the escalation time is fine).
    expect(await h.type('/team set sla 10 30 30')).toMatch(
      /remind after 10 min, re-offer after 30 min, tell managers after 30 min/,
    );
    expect((await team()).claimSla).toMatchObject({
      remindAfterMin: 10,
      reofferAfterMin: 30,
      escalateAfterMin: 30,
    });
  });

  it('refuses a working day that ends before it starts; other settings still change', async () => {
    expect(await h.type('/team set workdays mon-fri 18:00-09:00')).toMatch(
      /Working hours: mon-fri 18:00-09:00 is the wrong way round: a working day starts before it ends/,
    );
    expect((await team()).workday).toEqual({ start: '09:00', end: '18:00' });
    expect(await h.type('/team set renewals 30,90,30,7')).toMatch(/Renewal reminders: 90, 30, 7 days before/);
  });

  it('in Russian', async () => {
    await h.type('/team lang ru');
    expect(await h.type('/team set sla 15 5 60')).toMatch(
      /Сроки взятия лида: «15 5 60» — напоминание \(15 мин\) должно быть раньше повторного предложения \(5 мин\)/,
    );
  });
});
