import { describe, expect, it } from '@jest/globals';
import { personKpis, teamKpis } from '../../../src/core/kpi/accumulator.js';
import { contractedValue } from '../../../src/core/kpi/ae.js';
import { periodWindow } from '../../../src/core/kpi/period.js';
import {
  account,
  ago,
  claimed,
  eur,
  lead,
  lostLead,
  minutesAfter,
  NOW,
  offer,
  person,
  renewal,
  usd,
  wonLead,
} from './fixtures.js';

const opts = { window: periodWindow('week', NOW, 'UTC'), now: NOW, currency: 'USD' };

describe('AE numbers', () => {
  it('counts leads offered and claims; speed to claim runs from the first offer, for every claim', () => {
    const reoffered = ago(2);
    const leads = [
      claimed('ae1', ago(1), 10),
      claimed('ae1', ago(2), 60),
      claimed('ae1', ago(3), 20),
      // offered to ae1 (expired), to ae2 (passed), to ae1 again: speed counts from the first offer
      lead({
        status: 'claimed',
        ownerId: 'ae1',
        offers: [
          offer('ae1', ago(4), 'expired'),
          offer('ae2', ago(3, 30), 'passed'),
          offer('ae1', reoffered, 'claimed'),
        ],
        claimedAt: minutesAfter(reoffered, 40),
      }),
      // never offered, taken from the queue 45 minutes after it came in: a claim like any other
      lead({ status: 'claimed', ownerId: 'ae1', createdAt: ago(1, 45), claimedAt: ago(1) }),
      // offered to ae1 and still open
      lead({ status: 'offered', offeredTo: 'ae1', offers: [offer('ae1', ago(0, 5))] }),
      // last week
      claimed('ae1', ago(9), 5),
      claimed('ae2', ago(1), 5),
      claimed('ae2', ago(1), 15),
    ];
    const r = personKpis({ person: person('ae1', ['ae']), leads, accounts: [] }, opts);
    // ae1: 10, 60, 20, 2 d 40 min (2920), 45 → median 45; every claim is in the sample
    // five leads were offered to ae1 (one of them twice: it counts once)
    expect(r.roles.ae?.current).toMatchObject({
      leadsOffered: 5,
      claimed: 5,
      speedToClaim: { medianMinutes: 45, sample: 5 },
    });
    expect(r.roles.ae?.previous).toMatchObject({
      leadsOffered: 1,
      claimed: 1,
      speedToClaim: { medianMinutes: 5, sample: 1 },
    });
    const team = teamKpis({ teamId: 'team_1', leads, accounts: [], people: [] }, opts);
    // 5 10 15 20 45 60 2920
    expect(team.totals.ae.current.speedToClaim).toEqual({ medianMinutes: 20, sample: 7 });
    expect(team.totals.ae.current.claimed).toBe(7);
    expect(team.totals.ae.current.leadsOffered).toBe(7);
    const ae2 = personKpis({ person: person('ae2', ['ae']), leads, accounts: [] }, opts);
    expect(ae2.roles.ae?.current.speedToClaim).toEqual({ medianMinutes: 10, sample: 2 });
    expect(ae2.roles.ae?.current.leadsOffered).toBe(3);
  });

  it('counts a claim made at this very instant (the window includes now)', () => {
    const leads = [claimed('ae1', ago(0, 3), 3), lead({ createdAt: NOW, createdBy: 'sdr1' })];
    const r = personKpis({ person: person('ae1', ['ae']), leads, accounts: [] }, opts);
    expect(r.roles.ae?.current).toMatchObject({ claimed: 1, speedToClaim: { medianMinutes: 3, sample: 1 } });
    const team = teamKpis({ teamId: 'team_1', leads, accounts: [], people: [] }, opts);
    expect(team.totals.sdr.current.leadsCreated).toBe(2);
  });

  it('counts won and lost by the deal time, with win rate, booked value and average deal size per currency', () => {
    const leads = [
      wonLead('ae1', ago(1), usd(1000_00)),
      wonLead('ae1', ago(2), usd(3000_00)),
      wonLead('ae1', ago(3), eur(500_00)),
      lostLead('ae1', ago(4)),
      lostLead('ae1', ago(10)),
      wonLead('ae2', ago(1), usd(9999_00)),
    ];
    const r = personKpis({ person: person('ae1', ['ae']), leads, accounts: [] }, opts);
    expect(r.roles.ae?.current).toMatchObject({
      won: 3,
      lost: 1,
      winRate: 0.75,
      bookedValue: { USD: 4000_00, EUR: 500_00 },
      averageDealSize: { USD: 2000_00, EUR: 500_00 },
    });
    expect(r.roles.ae?.previous).toMatchObject({
      won: 0,
      lost: 1,
      winRate: 0,
      bookedValue: {},
      averageDealSize: {},
    });
  });

  it('open pipeline is the estimated value of the AE’s open, claimed leads now', () => {
    const leads = [
      lead({
        status: 'claimed',
        ownerId: 'ae1',
        fields: { ...lead().fields, value: usd(10_000_00) },
        createdAt: ago(100),
      }),
      lead({ status: 'meeting_booked', ownerId: 'ae1', fields: { ...lead().fields, value: eur(5_000_00) } }),
      lead({ status: 'held', ownerId: 'ae1' }),
      lead({ status: 'no_show', ownerId: 'ae1', fields: { ...lead().fields, value: usd(1_00) } }),
      lead({ status: 'offered', offeredTo: 'ae1', fields: { ...lead().fields, value: usd(777_00) } }),
      lostLead('ae1', ago(1), { fields: { ...lead().fields, value: usd(888_00) } }),
    ];
    const r = personKpis({ person: person('ae1', ['ae']), leads, accounts: [] }, opts);
    expect(r.roles.ae?.now).toMatchObject({
      openLeads: 4,
      openLeadsWithoutValue: 1,
      openPipeline: { USD: 10_001_00, EUR: 5_000_00 },
    });
  });

  it('LTV is the average total contracted value (first contract + every renewal) of the AE’s accounts', () => {
    const renewedTwice = account({
      contract: { value: usd(150_00), termMonths: 12, startDate: '2026-01-01', endDate: '2026-12-31' },
      renewals: [
        renewal({ action: 'renewed', at: ago(400), previousValue: usd(100_00), newValue: usd(120_00) }),
        renewal({ action: 'upsold', at: ago(30), previousValue: usd(120_00), newValue: usd(150_00) }),
      ],
    });
    const churned = account({
      status: 'churned',
      contract: { value: usd(200_00), termMonths: 12, startDate: '2025-01-01', endDate: '2025-12-31' },
      renewals: [renewal({ action: 'churned', at: ago(150), previousValue: usd(200_00), reason: 'budget' })],
    });
    const inEuro = account({
      contract: { value: eur(1000_00), termMonths: 12, startDate: '2026-01-01', endDate: '2026-12-31' },
    });
    const someoneElses = account({ aeId: 'ae2' });
    expect(contractedValue(renewedTwice)).toEqual({ USD: 370_00 });
    const r = personKpis(
      { person: person('ae1', ['ae']), leads: [], accounts: [renewedTwice, churned, inEuro, someoneElses] },
      opts,
    );
    expect(r.roles.ae?.now).toMatchObject({ accounts: 3, lifetimeValue: { USD: 285_00, EUR: 1000_00 } });
  });

  it('gives nulls and empty sums without data', () => {
    const r = personKpis({ person: person('ae1', ['ae']), leads: [], accounts: [] }, opts);
    expect(r.roles.ae).toEqual({
      current: {
        leadsOffered: 0,
        claimed: 0,
        speedToClaim: { medianMinutes: null, sample: 0 },
        won: 0,
        lost: 0,
        winRate: null,
        bookedValue: {},
        averageDealSize: {},
      },
      previous: expect.objectContaining({ winRate: null }),
      now: { openLeads: 0, openLeadsWithoutValue: 0, openPipeline: {}, accounts: 0, lifetimeValue: {} },
    });
  });
});
