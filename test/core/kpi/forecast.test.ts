import { describe, expect, it } from '@jest/globals';
import { teamKpis } from '../../../src/core/kpi/accumulator.js';
import { periodWindow } from '../../../src/core/kpi/period.js';
import type { Lead } from '../../../src/core/leads/lead.js';
import { account, ago, eur, lead, lostLead, meeting, NOW, renewal, usd, wonLead } from './fixtures.js';

const opts = { window: periodWindow('week', NOW, 'UTC'), now: NOW, currency: 'USD' };
const times = <T>(n: number, make: () => T): T[] => Array.from({ length: n }, make);
const withValue = (value: ReturnType<typeof usd>, p: Partial<Lead>) =>
  lead({ ...p, fields: { ...lead().fields, value } });

describe('funnel', () => {
  it('follows the leads created in the window through claim, meeting, held and won', () => {
    const held = () => [meeting({ status: 'held', outcomeAt: ago(1) })];
    const leads = [
      ...times(2, () => lead({ createdAt: ago(1) })),
      ...times(2, () => lead({ createdAt: ago(1), status: 'claimed', ownerId: 'ae1', claimedAt: ago(1) })),
      ...times(2, () =>
        lead({
          createdAt: ago(2),
          status: 'meeting_booked',
          ownerId: 'ae1',
          claimedAt: ago(2),
          meetings: [meeting()],
        }),
      ),
      ...times(3, () =>
        lead({ createdAt: ago(3), status: 'held', ownerId: 'ae1', claimedAt: ago(3), meetings: held() }),
      ),
      wonLead('ae1', ago(1), usd(1), { createdAt: ago(4) }),
      // created before the window: not in this cohort, though won in it
      wonLead('ae1', ago(1), usd(1), { createdAt: ago(30) }),
    ];
    const f = teamKpis({ teamId: 't', leads, accounts: [], people: [] }, opts).funnel;
    expect(f.current.stages.map((s) => [s.stage, s.count])).toEqual([
      ['created', 10],
      ['claimed', 8],
      ['meeting_booked', 6],
      ['held', 4],
      ['won', 1],
    ]);
    expect(f.current.stages.map((s) => s.fromPrevious)).toEqual([null, 0.8, 0.75, 4 / 6, 0.25]);
    expect(f.current.stages.map((s) => s.fromCreated)).toEqual([1, 0.8, 0.6, 0.4, 0.1]);
    expect(
      f.previous.stages.every((s) => s.count === 0 && s.fromPrevious === null && s.fromCreated === null),
    ).toBe(true);
  });
});

describe('forecast', () => {
  const heldLost = () =>
    lostLead('ae1', ago(20), { meetings: [meeting({ status: 'held', outcomeAt: ago(25) })] });
  const noShowLost = () =>
    lostLead('ae1', ago(20), { meetings: [meeting({ status: 'no_show', outcomeAt: ago(25) })] });
  const closed = [
    ...times(6, () => wonLead('ae1', ago(10), usd(1000_00))),
    ...times(4, heldLost),
    ...times(5, () => lostLead('ae1', ago(30))),
    ...times(5, () => lead({ status: 'disqualified', createdAt: ago(50), updatedAt: ago(40) })),
    ...times(3, noShowLost),
    // closed before the lookback: ignored
    lostLead('ae1', ago(200)),
    wonLead('ae1', ago(181), usd(1_000_000_00)),
  ];
  const open = [
    withValue(usd(2300_00), { status: 'offered' }),
    withValue(usd(1000_00), { status: 'held', ownerId: 'ae1' }),
    lead({ status: 'held', ownerId: 'ae1' }),
    withValue(usd(5000_00), { status: 'no_show', ownerId: 'ae1' }),
    withValue(eur(300_00), { status: 'claimed', ownerId: 'ae1' }),
  ];
  const contract = (value: ReturnType<typeof usd>, endDate: string) => ({
    value,
    termMonths: 12,
    startDate: '2025-07-01',
    endDate,
  });
  const accounts = [
    ...times(4, () =>
      account({
        contract: contract(usd(1), '2027-05-31'),
        renewals: [renewal({ action: 'renewed', at: ago(60), previousValue: usd(1), newValue: usd(1) })],
      }),
    ),
    account({
      status: 'churned',
      contract: contract(usd(1), '2026-04-30'),
      renewals: [renewal({ action: 'churned', at: ago(45), previousValue: usd(1), reason: 'x' })],
    }),
    account({ contract: contract(usd(1000_00), '2026-07-31') }),
    account({ contract: contract(usd(500_00), '2026-09-01') }),
    account({ contract: contract(eur(100_00), '2026-06-01') }),
    account({ contract: contract(usd(99_00), '2026-12-31') }),
  ];

  it('measures P(won | reached stage) on the leads closed in the lookback, with sample sizes', () => {
    const f = teamKpis({ teamId: 't', leads: [...closed, ...open], accounts, people: [] }, opts).forecast;
    expect(f.lookback.days).toBe(180);
    expect(f.minSample).toBe(5);
    const byStage = Object.fromEntries(f.stages.map((s) => [s.stage, s]));
    expect(byStage.new).toMatchObject({ closed: 23, won: 6, open: 1 });
    expect(byStage.new?.rate).toBeCloseTo(6 / 23);
    expect(byStage.claimed).toMatchObject({ closed: 18, won: 6, rate: 1 / 3, open: 1 });
    expect(byStage.meeting_booked).toMatchObject({ closed: 13, won: 6 });
    expect(byStage.held).toMatchObject({ closed: 10, won: 6, rate: 0.6, open: 2 });
    // only 3 closed leads ever had a no-show: not enough data
    expect(byStage.no_show).toMatchObject({ closed: 3, won: 0, rate: null, open: 1, expected: {} });
    expect(f.averageWonDeal).toEqual({ USD: 1000_00 });
  });

  it('expects new revenue from open leads: rate × estimate, else the average won deal', () => {
    const f = teamKpis({ teamId: 't', leads: [...closed, ...open], accounts, people: [] }, opts).forecast;
    // offered 2300 × 6/23 = 600; held 1000 × 0.6 = 600; held without estimate 1000 (average) × 0.6 = 600; claimed EUR 300 / 3
    expect(f.expectedNewRevenue).toEqual({ USD: 1800_00, EUR: 100_00 });
    expect(f.leadsWithoutRate).toBe(1);
    expect(f.leadsWithoutValue).toBe(0);
  });

  it('expects renewal revenue: lookback renewal rate × value of contracts due in 90 days', () => {
    const f = teamKpis({ teamId: 't', leads: [], accounts, people: [] }, opts).forecast;
    expect(f.renewals).toEqual({
      decided: 5,
      kept: 4,
      rate: 0.8,
      dueAccounts: 3,
      dueValue: { USD: 1500_00, EUR: 100_00 },
    });
    expect(f.expectedRenewalRevenue).toEqual({ USD: 1200_00, EUR: 80_00 });
  });

  it('says "not enough data" below five cases, and leaves out leads with nothing to value them by', () => {
    const few = [...times(4, () => wonLead('ae1', ago(10), eur(1))), ...open];
    const f = teamKpis({ teamId: 't', leads: few, accounts: accounts.slice(1), people: [] }, opts).forecast;
    expect(f.stages.every((s) => s.rate === null)).toBe(true);
    expect(f.expectedNewRevenue).toEqual({});
    expect(f.leadsWithoutRate).toBe(5);
    expect(f.renewals.rate).toBeNull();
    expect(f.expectedRenewalRevenue).toEqual({});
    // enough wins, but only in EUR: a USD team has no average to assume for leads without an estimate
    const eurOnly = teamKpis(
      {
        teamId: 't',
        leads: [...times(5, () => wonLead('ae1', ago(10), eur(1))), lead({ status: 'held', ownerId: 'ae1' })],
        accounts: [],
        people: [],
      },
      opts,
    ).forecast;
    expect(eurOnly.leadsWithoutValue).toBe(1);
    expect(eurOnly.expectedNewRevenue).toEqual({});
  });

  it('is empty, never NaN, without data', () => {
    const f = teamKpis({ teamId: 't', leads: [], accounts: [], people: [] }, opts).forecast;
    expect(f.stages.map((s) => [s.closed, s.rate, s.open])).toEqual(times(5, () => [0, null, 0]));
    expect(f).toMatchObject({
      averageWonDeal: {},
      expectedNewRevenue: {},
      expectedRenewalRevenue: {},
      leadsWithoutRate: 0,
      leadsWithoutValue: 0,
    });
    expect(f.renewals).toEqual({ decided: 0, kept: 0, rate: null, dueAccounts: 0, dueValue: {} });
  });
});
