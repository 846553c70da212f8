// Issue 11, item 5: each metric has one definition, used by cards, DMs, /kpi, digests and exports.
import { afterAll, describe, expect, it } from '@jest/globals';
import { leadRow } from '../../src/cli/export-rows.js';
import { createConsoleHarness, type ConsoleHarness } from '../chat/console/harness.js';

let h: ConsoleHarness;
/** A fresh team: Monday 6 Sep 2027, 08:00 UTC (the console team's zone); the digest runs at 09:00. */
async function freshTeam(): Promise<void> {
  if (h) await h.close();
  h = await createConsoleHarness('2027-09-06T08:00:00Z');
  await h.type(
    'as @boss',
    '/team setup Northwind',
    '/team add Sam Seller @sam sdr',
    '/team add Anna Closer @anna ae',
    '/team add Boris Closer @boris ae',
  );
}
afterAll(async () => {
  await h.close();
});

/** The value printed after `label:` in the last block of `out` that has it. */
function field(out: string, label: string): string {
  const all = [...out.matchAll(new RegExp(`${label.replace(/[()]/g, '\\$&')}: ([^\\n]*)`, 'g'))];
  return all.at(-1)?.[1]?.trim() ?? '(missing)';
}

describe('one number, one definition (speed to claim, leads claimed, now included)', () => {
  it('counts the leads created a moment ago', async () => {
    await freshTeam();
    await h.type('as @sam');
    for (let i = 1; i <= 8; i++) await h.type(`/lead Company ${i}; Buyer ${i}; buyer${i}@company${i}.com`);
    const kpi = await h.type('/kpi');
    expect(field(kpi, 'Leads created')).toMatch(/^8\b/);
    const team = await h.type('as @boss', '/kpi team');
    expect(field(team, 'Leads created')).toMatch(/^8\b/);
    // Eight leads offered, each once (not one per offer).
    expect(field(team, 'Leads offered')).toMatch(/^8\b/);
    // Nobody claimed yet, and both numbers say so.
    expect(field(team, 'Leads claimed')).toMatch(/^0\b/);
    expect(field(team, 'Speed to claim (median)')).toBe('no claims yet');
  });

  it('shows the same speed to claim on the card, in the SDR’s DM, in /kpi, in the digest and in the export', async () => {
    await freshTeam();
    await h.type('as @sam');
    const created = await h.type('/lead Globex; Hank Scorpio; hank@globex.com; referral; $40k');
    const first = /L-1 Globex is in\. Offered to @(\w+)/.exec(created)?.[1];
    expect(first === 'anna' || first === 'boris').toBe(true);
    // Not claimed within 15 minutes: offered to the other AE. The first AE then claims it
    // anyway, 20 minutes after it was first offered and 5 after the re-offer.
    const moved = await h.type('clock +16m');
    expect(moved).toMatch(/re-offer/);
    await h.type('clock +4m');
    const claimed = await h.type(`as @${first}`, '/lead claim L-1');
    expect(claimed).toMatch(/It’s yours: L-1 Globex/);
    expect(claimed).toMatch(
      new RegExp(`↻ #team, message edited:\\n(.*\\n)*.*Claimed by @${first} after 20 min`),
    );
    expect(claimed).toMatch(
      new RegExp(`→ @sam \\(DM\\):\\n.*@${first} claimed your lead L-1 Globex after 20 min`),
    );

    const kpi = await h.type('as @boss', '/kpi team');
    expect(field(kpi, 'Leads claimed')).toMatch(/^1\b/);
    expect(field(kpi, 'Speed to claim (median)')).toBe('20 min');
    const mine = await h.type(`as @${first}`, '/kpi');
    expect(field(mine, 'Leads claimed')).toMatch(/^1\b/);
    expect(field(mine, 'Speed to claim (median)')).toBe('20 min');

    // The 09:00 digest: the manager's team digest says the same.
    const digest = await h.type('clock 2027-09-06 09:00');
    const team = digest.slice(digest.indexOf('Team digest')).split(/\n→ /)[0]!;
    expect(field(team, 'Leads claimed')).toMatch(/^1\b/);
    expect(field(team, 'Speed to claim (median)')).toBe('20 min');

    const lead = await h.app.stores.leads.byNumber((await h.app.stores.teams.list())[0]!.id, 1);
    expect(leadRow(lead!, (id) => id ?? '').speed_to_claim_min).toBe('20.0');
  });
});
