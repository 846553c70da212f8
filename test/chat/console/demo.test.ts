import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { periodWindow } from '../../../src/core/kpi/period.js';
import { buildTeamReport } from '../../../src/core/kpi/compute-kpis.js';
import { createConsoleHarness, type ConsoleHarness } from './harness.js';

let h: ConsoleHarness;
let seeded: string;
beforeAll(async () => {
  h = await createConsoleHarness('2027-09-06T08:00:00Z');
  seeded = await h.type('demo');
}, 60_000);
afterAll(async () => {
  await h.close();
});

describe('console demo team', () => {
  it('is seeded on request through the use cases, marked as demo data, and makes you its manager', async () => {
    expect(seeded).toMatch(
      /"Demo — Northwind Sales" is ready — demo data: 8 people, 13 leads, 7 won accounts/,
    );
    // The back-dated history is not replayed on screen, and the clock is back where it was.
    expect(seeded).not.toMatch(/→ @/);
    expect(h.clock.now().toISOString()).toBe('2027-09-06T08:00:00.000Z');
    expect(await h.type('whoami')).toBe('You are @maria (Maria Lopez: admin, manager).');

    const { stores } = h.app.core;
    const [team, ...more] = await stores.teams.list();
    expect(more).toHaveLength(0);
    expect(team).toMatchObject({ name: 'Demo — Northwind Sales', demo: true });
    const people = await stores.people.listTeam(team!.id);
    expect(people.map((p) => p.roles.join('+')).sort()).toEqual(
      ['admin+manager', 'ae', 'ae', 'ae', 'am', 'am', 'sdr', 'sdr'].sort(),
    );
    expect(people.every((p) => p.demo === true)).toBe(true);
    const leads = await stores.leads.list({ teamId: team!.id });
    expect(leads).toHaveLength(13);
    expect(leads.every((l) => l.demo === true)).toBe(true);
    const accounts = await stores.accounts.list({ teamId: team!.id });
    expect(accounts).toHaveLength(7);
    expect(accounts.every((a) => a.demo === true && a.amId)).toBe(true);
    // History really is history: every lead was created before "now".
    expect(leads.every((l) => l.createdAt.getTime() < h.clock.now().getTime())).toBe(true);
  });

  it('has numbers for the digest: this week and last week', async () => {
    const team = (await h.app.core.stores.teams.list())[0]!;
    const now = h.clock.now();
    const window = periodWindow('month', now, team.timezone);
    const report = await buildTeamReport(h.app.core, team.id, window, now);
    const { sdr, ae, am } = report.totals;
    expect(sdr.current.leadsCreated + sdr.previous.leadsCreated).toBeGreaterThanOrEqual(5);
    expect(sdr.current.meetingsBooked + sdr.previous.meetingsBooked).toBeGreaterThanOrEqual(4);
    expect(ae.current.won + ae.previous.won).toBeGreaterThanOrEqual(1);
    expect(ae.current.lost + ae.previous.lost).toBeGreaterThanOrEqual(1);
    expect(am.current.decided + am.previous.decided).toBeGreaterThanOrEqual(1);
    expect(am.now.renewalsDue).toBeGreaterThanOrEqual(2);
  });

  it('has renewals coming up: the Globex nudge arrives with tomorrow’s digest', async () => {
    const out = await h.type('clock +1d1h');
    expect(out).toMatch(/⏱ Tue 7 Sep 2027, 09:00 \(UTC\) — meeting reminder, renewal nudge, daily digest\n/);
    expect(out).toMatch(/→ @(fiona|gus) \(DM\):\n {2}🔔 Globex renews in 30 days/);
  });

  it('is refused once the deployment has a team', async () => {
    expect(await h.type('demo')).toMatch(
      /No demo: this deployment already has a team \(Demo — Northwind Sales\)/,
    );
  });
});
