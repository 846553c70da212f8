import { describe, expect, it } from '@jest/globals';
import { KpiAccumulator, teamKpis } from '../../../src/core/kpi/accumulator.js';
import { periodWindow } from '../../../src/core/kpi/period.js';
import { delta, deltaMoney, ratio, Sample } from '../../../src/core/kpi/stats.js';
import { account, ago, claimed, lead, NOW, person, usd, wonLead } from './fixtures.js';

const opts = { window: periodWindow('week', NOW, 'UTC'), now: NOW, currency: 'USD' };

describe('team report', () => {
  const people = [
    person('boss', ['admin', 'manager']),
    person('founder', ['manager', 'ae']),
    person('sdr1', ['sdr']),
    person('multi', ['sdr', 'am']),
    person('gone', ['ae'], false),
    person('gone2', ['ae'], false),
    person('quiet', ['manager']),
  ];
  const leads = [
    lead({ createdBy: 'boss', createdAt: ago(1) }),
    lead({ createdBy: 'sdr1', createdAt: ago(1) }),
    claimed('founder', ago(2), 3),
    wonLead('gone', ago(2), usd(10_00)),
    lead({ createdBy: 'stranger', createdAt: ago(1) }),
  ];
  const r = teamKpis(
    { teamId: 'team_1', leads, accounts: [account({ amId: 'multi', aeId: 'gone' })], people },
    opts,
  );

  it('gives each person a section per role held, plus roles they have numbers in', () => {
    const rows = Object.fromEntries(r.people.map((row) => [row.person.id, Object.keys(row.roles).sort()]));
    expect(rows).toEqual({
      boss: ['sdr'],
      founder: ['ae'],
      sdr1: ['sdr'],
      multi: ['am', 'sdr'],
      gone: ['ae'],
    });
    expect(r.people.map((row) => row.person.id)).toEqual(['boss', 'founder', 'sdr1', 'multi', 'gone']);
  });

  it('totals count everyone’s activity, including people not in the rows', () => {
    expect(r.totals.sdr.current.leadsCreated).toBe(3 + 1);
    expect(r.totals.ae.current).toMatchObject({ claimed: 1, won: 1, bookedValue: { USD: 10_00 } });
    expect(r.totals.ae.now.accounts).toBe(1);
    expect(r.totals.am.now.activeAccounts).toBe(1);
    expect(r.window.kind).toBe('week');
    expect(r.previous.to).toEqual(r.window.from);
  });

  it('a person report for someone without data has their roles’ sections, all empty', () => {
    const acc = new KpiAccumulator(opts);
    const p = acc.personReport(person('nobody', ['sdr', 'ae', 'am']));
    expect(p.roles.sdr?.current.showRate).toBeNull();
    expect(p.roles.ae?.current.winRate).toBeNull();
    expect(p.roles.am?.current.renewalRate).toBeNull();
    expect(acc.personReport(person('mgr', ['manager'])).roles).toEqual({});
  });
});

describe('stats helpers', () => {
  it('ratio is null for a zero denominator', () => {
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(1, 4)).toBe(0.25);
  });

  it('median is exact for odd and even samples and grows past its initial size', () => {
    const s = new Sample();
    expect(s.median()).toBeNull();
    for (const v of [9, 1, 5]) s.add(v);
    expect(s.median()).toBe(5);
    s.add(100);
    expect(s.median()).toBe(7);
    const big = new Sample();
    for (let i = 100; i >= 1; i--) big.add(i);
    expect(big.size).toBe(100);
    expect(big.median()).toBe(50.5);
  });

  it('delta compares with the previous period, null where it cannot', () => {
    expect(delta(12, 9)).toEqual({ current: 12, previous: 9, change: 3, relative: 3 / 9 });
    expect(delta(5, 0)).toEqual({ current: 5, previous: 0, change: 5, relative: null });
    expect(delta(0.5, null)).toEqual({ current: 0.5, previous: null, change: null, relative: null });
    expect(delta(null, null).change).toBeNull();
    expect(deltaMoney({ USD: 150 }, { USD: 100, EUR: 10 })).toEqual({
      USD: { current: 150, previous: 100, change: 50, relative: 0.5 },
      EUR: { current: 0, previous: 10, change: -10, relative: -1 },
    });
  });
});
