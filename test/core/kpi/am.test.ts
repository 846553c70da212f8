import { describe, expect, it } from '@jest/globals';
import { personKpis, teamKpis } from '../../../src/core/kpi/accumulator.js';
import { periodWindow } from '../../../src/core/kpi/period.js';
import { account, ago, eur, NOW, person, renewal, usd } from './fixtures.js';

const opts = { window: periodWindow('week', NOW, 'UTC'), now: NOW, currency: 'USD' };
const contract = (endDate: string, value = usd(100_00)) => ({
  value,
  termMonths: 12,
  startDate: '2025-01-01',
  endDate,
});

describe('AM numbers', () => {
  const accounts = [
    account({
      renewals: [
        renewal({ action: 'renewed', at: ago(1), previousValue: usd(100_00), newValue: usd(100_00) }),
      ],
    }),
    account({
      renewals: [
        renewal({ action: 'upsold', at: ago(2), previousValue: usd(100_00), newValue: usd(150_00) }),
      ],
    }),
    account({
      status: 'churned',
      renewals: [renewal({ action: 'churned', at: ago(3), previousValue: usd(200_00), reason: 'budget' })],
    }),
    account({
      renewals: [
        renewal({ action: 'renewed', at: ago(4), previousValue: eur(100_00), newValue: eur(90_00) }),
      ],
    }),
    // switched currency: a renewal for the rate, but not comparable for NRR/expansion
    account({
      renewals: [
        renewal({ action: 'renewed', at: ago(5), previousValue: usd(100_00), newValue: eur(100_00) }),
      ],
    }),
    // last week, and long ago
    account({
      renewals: [
        renewal({ action: 'churned', at: ago(10), previousValue: usd(50_00), reason: 'x' }),
        renewal({ action: 'renewed', at: ago(400), previousValue: usd(1), newValue: usd(1) }),
      ],
    }),
    // someone else's
    account({
      amId: 'am2',
      renewals: [
        renewal({ action: 'renewed', at: ago(1), previousValue: usd(100_00), newValue: usd(500_00) }),
      ],
    }),
  ];

  it('counts decisions in the window with renewal rate, NRR and expansion per currency', () => {
    const r = personKpis({ person: person('am1', ['am']), leads: [], accounts }, opts);
    const cur = r.roles.am?.current;
    expect(cur).toMatchObject({ renewed: 3, upsold: 1, churned: 1, decided: 5, renewalRate: 0.8 });
    expect(cur?.netRevenueRetention.USD).toBeCloseTo(250 / 400);
    expect(cur?.netRevenueRetention.EUR).toBeCloseTo(0.9);
    expect(cur?.expansion).toEqual({ USD: 50_00 });
    expect(cur?.previousValue).toEqual({ USD: 400_00, EUR: 100_00 });
    expect(cur?.retainedValue).toEqual({ USD: 250_00, EUR: 90_00 });
    expect(r.roles.am?.previous).toMatchObject({
      churned: 1,
      decided: 1,
      renewalRate: 0,
      netRevenueRetention: { USD: 0 },
    });
  });

  it('team totals include every account', () => {
    const r = teamKpis({ teamId: 'team_1', leads: [], accounts, people: [] }, opts);
    expect(r.totals.am.current).toMatchObject({ decided: 6, renewed: 4, expansion: { USD: 450_00 } });
  });

  it('renewals due: active accounts ending within 90 days (team calendar), overdue included', () => {
    // today is 2026-06-15; +90 days is 2026-09-13
    const due = [
      account({ contract: contract('2026-06-30', usd(300_00)) }),
      account({ contract: contract('2026-09-13', eur(50_00)) }),
      account({ contract: contract('2026-06-10', usd(20_00)) }),
      account({ contract: contract('2026-09-14') }),
      account({ status: 'churned', contract: contract('2026-07-01') }),
    ];
    const r = personKpis({ person: person('am1', ['am']), leads: [], accounts: due }, opts);
    expect(r.roles.am?.now).toEqual({
      activeAccounts: 4,
      renewalsDue: 3,
      overdue: 1,
      renewalsDueValue: { USD: 320_00, EUR: 50_00 },
    });
  });

  it('reads "today" in the team’s zone', () => {
    // 23:30 UTC on 14 June: still the 14th in Los Angeles, already the 15th in Moscow.
    const late = new Date('2026-06-14T23:30:00Z');
    const endingToday = [account({ contract: contract('2026-06-14') })];
    const inZone = (tz: string) =>
      personKpis(
        { person: person('am1', ['am']), leads: [], accounts: endingToday },
        { ...opts, now: late, window: periodWindow('week', late, tz) },
      ).roles.am?.now;
    expect(inZone('America/Los_Angeles')).toMatchObject({ renewalsDue: 1, overdue: 0 });
    expect(inZone('Europe/Moscow')).toMatchObject({ renewalsDue: 1, overdue: 1 });
  });

  it('gives nulls and empty maps without data', () => {
    const r = personKpis({ person: person('am1', ['am']), leads: [], accounts: [] }, opts);
    expect(r.roles.am?.current).toEqual({
      renewed: 0,
      upsold: 0,
      churned: 0,
      decided: 0,
      renewalRate: null,
      netRevenueRetention: {},
      expansion: {},
      previousValue: {},
      retainedValue: {},
    });
    expect(r.roles.am?.now).toEqual({ activeAccounts: 0, renewalsDue: 0, overdue: 0, renewalsDueValue: {} });
  });
});
