import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { button } from './harness.js';
import { PipedConsole } from './piped-console.js';

const dataDir = mkdtempSync(join(tmpdir(), 'baton-console-'));
let bot: PipedConsole | undefined;
afterAll(() => {
  bot?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start with no chat platform: the console workspace', () => {
  it('runs the whole flow from a piped script: lead, claim, meeting, won deal, renewal nudge and digest', async () => {
    bot = new PipedConsole({ DATA_DIR: dataDir, PORT: '0' });
    // `npm start` compiles first; the embedded database starts in DATA_DIR.
    const start = await bot.step(['clock 2027-09-06 08:00'], 150_000);
    expect(start).toMatch(/Baton console workspace — business time/);
    expect(start).toMatch(/This deployment is empty: type `demo`/);
    expect(start).toMatch(/⏱ Business time is now Mon 6 Sep 2027, 08:00 \(UTC\)\./);
    expect(start).not.toMatch(/"level":/); // logs go to DATA_DIR/baton.log, not onto the console

    expect(await bot.step(['demo'])).toMatch(/"Demo — Northwind Sales" is ready/);

    // An SDR creates a lead; it is offered to an AE by the rotation.
    const lead = await bot.step(['as @sam', '/lead Acme Inc; Jane Doe; jane@acme.com; inbound; $25k']);
    const ae = /L-14 Acme Inc is in\. Offered to @(\w+)/.exec(lead)?.[1];
    expect(['anna', 'ben', 'carlos']).toContain(ae);
    expect(lead).toMatch(new RegExp(`→ @${ae} \\(DM\\):\\n {2}New lead for you: L-14 Acme Inc`));

    // The AE claims it with the card's button; the SDR is told.
    const claim = button(lead, 'Claim', `@${ae} (DM)`);
    const claimed = await bot.step([`as @${ae}`, `press ${claim}`]);
    expect(claimed).toMatch(/It’s yours: L-14 Acme Inc\. Contact: Jane Doe · jane@acme\.com/);
    expect(claimed).toMatch(new RegExp(`→ @sam \\(DM\\):\\n {2}@${ae} claimed your lead L-14 Acme Inc`));

    // The SDR books a meeting; both get it in their DMs.
    const booked = await bot.step(['as @sam', '/meeting L-14 tomorrow 10:00']);
    expect(booked).toMatch(/Booked: L-14 Acme Inc, Tue 7 Sep, 10:00 \(UTC\), 30 min/);
    expect(booked).toMatch(new RegExp(`→ @${ae} \\(DM\\):\\n {2}📅 Meeting for L-14 Acme Inc`));

    // A day later: reminders, the morning digest, then the outcome prompt after the meeting.
    const day = await bot.step(['clock +1d3h']);
    expect(day).toMatch(/⏱ Mon 6 Sep 2027, 10:00 \(UTC\) — meeting reminder/);
    expect(day).toMatch(new RegExp(`→ @${ae} \\(DM\\):\\n {2}⏰ Meeting with Acme Inc \\(L-14\\) in 1 hour`));
    expect(day).toMatch(/⏱ Tue 7 Sep 2027, 09:00 \(UTC\) — .*daily digest/);
    // The morning digest: each person's numbers, and the manager's team digest with its chart.
    const digest = day.slice(day.indexOf('⏱ Tue 7 Sep 2027, 09:00'));
    expect(digest).toMatch(/→ @sam \(DM\):\n {2}Your numbers · 7 Sep 2027\n(.*\n)* {2}Leads created: \d+/);
    expect(digest).toMatch(/→ @maria \(DM\):\n {2}Team digest · 7 Sep 2027/);
    expect(digest).toMatch(/Forecast from the team’s own conversions\n {2}Expected new revenue: \$[\d,.]+/);
    expect(digest).toMatch(/\(image: Funnel .* — .*console-images\/image-\d+\.png\)/);
    expect(day).toMatch(/⏱ Tue 7 Sep 2027, 10:30 \(UTC\) — meeting outcome prompt/);
    const held = button(day, 'Held', `@${ae} (DM)`);

    // The AE records the meeting as held, then the deal as won through the form.
    const outcome = await bot.step([`as @${ae}`, `press ${held}`]);
    expect(outcome).toMatch(/Noted: the meeting with Acme Inc was held/);
    const wonForm = await bot.step([`press ${button(outcome, 'Won')}`], 60_000, /\? Amount.*\n/);
    expect(wonForm).toMatch(/📝 Deal won — L-14 Acme Inc\n/);
    expect(wonForm).toMatch(/\? Amount — \[25000\]/);
    const won = await bot.step(['30000', '', '', '', 'Signed the annual plan.']);
    expect(won).toMatch(/🎉 Recorded: Acme Inc won, \$30,000\. Handed to (\w+ \w+) with your note\./);
    const am = /→ @(fiona|gus) \(DM\):\n {2}🤝 New account for you: Acme Inc/.exec(won)?.[1];
    expect(am).toBeDefined();

    // Next morning: the digest runs again and the Initech renewal nudge reaches its AM.
    const nudge = await bot.step(['clock +1d']);
    expect(nudge).toMatch(/⏱ Wed 8 Sep 2027, 09:00 \(UTC\) — renewal nudge, daily digest\n/);
    expect(nudge).toMatch(/→ @(fiona|gus) \(DM\):\n {2}🔔 Initech renews in 14 days \(22 Sep 2027\)/);
    expect(nudge).toMatch(/\[\d+ On it\] \[\d+ Renewed\] \[\d+ Upsold\] \[\d+ Churned\]/);

    // End of input: everything is delivered and the process exits 0.
    expect(await bot.end()).toBe(0);
    expect(bot.stdout).not.toMatch(/Sorry, something went wrong/);
  }, 240_000);
});
