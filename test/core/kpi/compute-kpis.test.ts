// The KPI use case on a real database, fed by the real use cases under a manual clock.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Account } from '../../../src/core/accounts/account.js';
import { periodWindow } from '../../../src/core/kpi/period.js';
import type { Lead } from '../../../src/core/leads/lead.js';
import { claimLead } from '../../../src/core/leads/claim-lead.js';
import { buildTeamReport, computeKpis } from '../../../src/core/kpi/compute-kpis.js';
import { createLead } from '../../../src/core/leads/create-lead.js';
import { disqualifyLead } from '../../../src/core/leads/disqualify-lead.js';
import { bookMeeting, recordMeetingOutcome } from '../../../src/core/meetings/index.js';
import { recordLost, recordWon } from '../../../src/core/deals/record-deal.js';
import { recordRenewal } from '../../../src/core/accounts/record-renewal.js';
import {
  createCoreHarness,
  leadInput,
  seedTeam,
  type CoreHarness,
  type SeededTeam,
  refusal,
} from '../../support/core.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = new Date('2026-12-01T09:00:00Z');
const usd = (major: number) => ({ amount: major * 100, currency: 'USD' });

let h: CoreHarness;
let t: SeededTeam;
let sdr1: string, sdr2: string, ae1: string, am1: string, boss: string;

/** Moves the clock to T0 + offset (never backwards). */
function at(offsetMs: number): void {
  if (T0.getTime() + offsetMs < h.clock.now().getTime()) throw new Error('the clock must not go backwards');
  h.clock.set(new Date(T0.getTime() + offsetMs));
}

async function newLead(by: string, overrides: Record<string, unknown> = {}): Promise<Lead> {
  const r = await createLead(h.deps, { input: leadInput(overrides) }, h.ctx(by));
  if (r.status !== 'created') throw new Error('expected a new lead');
  return r.lead;
}

async function claimAfter(lead: Lead, minutes: number): Promise<Lead> {
  h.clock.advance(minutes * MIN);
  return (await claimLead(h.deps, { leadRef: lead.id }, h.ctx(ae1))).lead;
}

async function meetingHeldOrMissed(lead: Lead, by: string, outcome: 'held' | 'no_show'): Promise<void> {
  await bookMeeting(
    h.deps,
    {
      leadRef: lead.id,
      startsAt: new Date(h.clock.now().getTime() + DAY),
      durationMin: 30,
      timezone: 'Europe/Berlin',
    },
    h.ctx(by),
  );
  h.clock.advance(DAY + HOUR);
  await recordMeetingOutcome(h.deps, { leadRef: lead.id, outcome }, h.ctx(ae1));
}

async function won(lead: Lead, major: number): Promise<Account> {
  return (
    await recordWon(
      h.deps,
      { leadRef: lead.id, value: usd(major), termMonths: 12, startDate: '2026-12-03' },
      h.ctx(ae1),
    )
  ).account;
}

beforeAll(async () => {
  h = await createCoreHarness(T0.toISOString());
  t = await seedTeam(h, { sdrs: 2, aes: 1, ams: 1 });
  [sdr1, sdr2, ae1, am1, boss] = [t.sdrs[0]!.id, t.sdrs[1]!.id, t.aes[0]!.id, t.ams[0]!.id, t.admin.id];

  // Previous week: 1–8 December.
  const l1 = await newLead(sdr1);
  await claimAfter(l1, 10);
  await meetingHeldOrMissed(l1, sdr1, 'held');
  at(2 * DAY);
  const a1 = await won(l1, 12_000);
  const l2 = await newLead(sdr2);
  await claimAfter(l2, 30);
  at(3 * DAY);
  await recordLost(h.deps, { leadRef: l2.id, reason: 'price' }, h.ctx(ae1));
  for (let i = 0; i < 3; i++) {
    const d = await newLead(sdr1);
    await disqualifyLead(h.deps, { leadRef: d.id, reason: 'not a fit' }, h.ctx(sdr1));
  }

  // This week: 8–15 December (the clock only moves forward).
  at(7 * DAY + HOUR);
  const l3 = await newLead(sdr1, { value: '5000' });
  await claimAfter(l3, 20);
  at(7 * DAY + 2 * HOUR);
  const l4 = await newLead(sdr1);
  await claimAfter(l4, 40);
  at(7 * DAY + 3 * HOUR);
  await claimAfter(await newLead(sdr2), 60);
  at(7 * DAY + 5 * HOUR);
  await newLead(sdr2);
  at(8 * DAY);
  await meetingHeldOrMissed(l3, sdr1, 'held');
  const a2 = await won(l3, 8_000);
  at(9 * DAY + 3 * HOUR);
  await meetingHeldOrMissed(l4, sdr2, 'no_show');
  at(11 * DAY);
  await recordRenewal(
    h.deps,
    { accountId: a1.id, periodEnd: a1.contract.endDate, action: { kind: 'renewed', value: usd(15_000) } },
    h.ctx(am1),
  );
  at(12 * DAY);
  await recordRenewal(
    h.deps,
    { accountId: a2.id, periodEnd: a2.contract.endDate, action: { kind: 'churned', reason: 'budget' } },
    h.ctx(am1),
  );

  at(14 * DAY);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('computeKpis on a real team', () => {
  it('gives an SDR their own numbers against last week', async () => {
    const { report } = await computeKpis(h.deps, { scope: 'person', personId: sdr1 }, h.ctx(sdr1), 'week');
    expect(report.window.from).toEqual(new Date('2026-12-08T09:00:00Z'));
    expect(report.roles.sdr?.current).toEqual({
      leadsCreated: 2,
      meetingsBooked: 1,
      meetingsHeld: 1,
      noShows: 0,
      showRate: 1,
      leadsWithMeeting: 2,
      leadToMeeting: 1,
    });
    expect(report.roles.sdr?.previous).toEqual({
      leadsCreated: 4,
      meetingsBooked: 1,
      meetingsHeld: 1,
      noShows: 0,
      showRate: 1,
      leadsWithMeeting: 1,
      leadToMeeting: 0.25,
    });
    expect(Object.keys(report.roles)).toEqual(['sdr']);
  });

  it('gives a manager the team: people, totals, funnel and forecast', async () => {
    const { report } = await computeKpis(h.deps, { scope: 'team' }, h.ctx(boss), 'week');
    const row = (id: string) => report.people.find((r) => r.person.id === id)?.roles;
    expect(row(sdr2)?.sdr?.current).toMatchObject({
      leadsCreated: 2,
      meetingsBooked: 1,
      noShows: 1,
      showRate: 0,
      leadToMeeting: 0,
    });
    expect(row(ae1)?.ae?.current).toMatchObject({
      leadsOffered: 4,
      claimed: 3,
      speedToClaim: { medianMinutes: 40, sample: 3 },
      won: 1,
      lost: 0,
      winRate: 1,
      bookedValue: { USD: 800_000 },
      averageDealSize: { USD: 800_000 },
    });
    expect(row(ae1)?.ae?.previous).toMatchObject({
      leadsOffered: 5,
      claimed: 2,
      speedToClaim: { medianMinutes: 20, sample: 2 },
      won: 1,
      lost: 1,
      winRate: 0.5,
    });
    expect(row(ae1)?.ae?.now).toEqual({
      openLeads: 2,
      openLeadsWithoutValue: 0,
      openPipeline: { USD: 2_000_000 },
      accounts: 2,
      lifetimeValue: { USD: 1_750_000 },
    });
    expect(row(am1)?.am?.current).toMatchObject({
      renewed: 1,
      churned: 1,
      renewalRate: 0.5,
      netRevenueRetention: { USD: 0.75 },
      expansion: { USD: 300_000 },
    });
    expect(row(am1)?.am?.now).toMatchObject({ activeAccounts: 1, renewalsDue: 0 });
    expect(report.totals.sdr.current.leadsCreated).toBe(4);
    expect(report.funnel.current.stages.map((s) => s.count)).toEqual([4, 3, 2, 1, 1]);
    expect(report.funnel.previous.stages.map((s) => s.count)).toEqual([5, 2, 1, 1, 1]);
    const f = report.forecast;
    expect(f.stages.find((s) => s.stage === 'new')).toMatchObject({ closed: 6, won: 2, open: 1 });
    expect(f.stages.find((s) => s.stage === 'claimed')).toMatchObject({ closed: 3, rate: null, open: 1 });
    expect(f.expectedNewRevenue).toEqual({ USD: Math.round(1_000_000 / 3) });
    expect(f.leadsWithoutRate).toBe(2);
    expect(f.renewals).toMatchObject({ decided: 2, rate: null });
  });

  it('buildTeamReport gives the digest the same report without an actor', async () => {
    const window = periodWindow('week', h.clock.now(), t.team.timezone);
    const report = await buildTeamReport(h.deps, t.team.id, window, h.clock.now());
    expect(report.totals.ae.current.claimed).toBe(3);
    expect(report.people.map((r) => r.person.id).sort()).toEqual([sdr1, sdr2, ae1, am1].sort());
  });

  it('lets managers see anyone, others only themselves', async () => {
    const other = await computeKpis(h.deps, { scope: 'person', personId: ae1 }, h.ctx(boss), 'month');
    expect(other.report.roles.ae?.current.won).toBe(2);
    expect(
      (await refusal(computeKpis(h.deps, { scope: 'person', personId: ae1 }, h.ctx(sdr1), 'week'))).code,
    ).toBe('NOT_ALLOWED');
    expect((await refusal(computeKpis(h.deps, { scope: 'team' }, h.ctx(ae1), 'week'))).code).toBe(
      'NOT_ALLOWED',
    );
    expect(
      (await refusal(computeKpis(h.deps, { scope: 'person', personId: 'per_nobody' }, h.ctx(boss), 'week')))
        .code,
    ).toBe('UNKNOWN_PERSON');
    expect((await refusal(computeKpis(h.deps, { scope: 'team' }, h.ctx(), 'week'))).code).toBe(
      'UNKNOWN_PERSON',
    );
  });
});
