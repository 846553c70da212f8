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
  it('counts offers received and claims, with the median minutes from the offer to the claim', () => {
    const reoffered = ago(2);
    const leads = [
      claimed('ae1', ago(1), 10),
      claimed('ae1', ago(2), 60),
      claimed('ae1', ago(3), 20),
      // offered to ae1 (expired), to ae2 (passed), to ae1 again: speed counts from the latest offer to ae1
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
      // taken from the queue: a claim, but no offer to measure from
      lead({ status: 'claimed', ownerId: 'ae1', claimedAt: ago(1) }),
      // offered to ae1 and still open
      lead({ status: 'offered', offeredTo: 'ae1', offers: [offer('ae1', ago(0, 5))] }),
      // last week
      claimed('ae1', ago(9), 5),
      claimed('ae2', ago(1), 5),
      claimed('ae2', ago(1), 15),
    ];
    const r = personKpis({ person: person('ae1', ['ae']), leads, accounts: [] }, opts);
    expect(r.roles.ae?.current).toMatchObject({
      offersReceived: 6,
      claimed: 5,
      speedToClaim: { medianMinutes: 30, sample: 4 },
    });
    expect(r.roles.ae?.previous).toMatchObject({
      offersReceived: 1,
      claimed: 1,
      speedToClaim: { medianMinutes: 5, sample: 1 },
    });
    const team = teamKpis({ teamId: 'team_1', leads, accounts: [], people: [] }, opts);
    // ae1: 10, 60, 20, 40; ae2: 5, 15 → 5 10 15 20 40 60
    expect(team.totals.ae.current.speedToClaim).toEqual({ medianMinutes: 17.5, sample: 6 });
    const ae2 = personKpis({ person: person('ae2', ['ae']), leads, accounts: [] }, opts);
    expect(ae2.roles.ae?.current.speedToClaim).toEqual({ medianMinutes: 10, sample: 2 });
    expect(ae2.roles.ae?.current.offersReceived).toBe(3);
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
        offersReceived: 0,
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
