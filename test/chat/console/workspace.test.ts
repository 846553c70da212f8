import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseClockTarget } from '../../../src/chat/console/time-travel.js';
import { button, createConsoleHarness, type ConsoleHarness } from './harness.js';

let h: ConsoleHarness;
beforeAll(async () => {
  h = await createConsoleHarness();
});
afterAll(async () => {
  await h.close();
});

describe('console workspace (in-process, real app and database)', () => {
  it('answers unknown words and commands without calling the bot', async () => {
    expect(await h.type('bogus')).toMatch(/Unknown command "bogus"\. Bot commands start with \//);
    expect(await h.type('/bogus now')).toMatch(/Unknown command \/bogus: the bot knows \/lead \/meeting/);
    expect(await h.type('press 99')).toBe('There is no button [99].');
    expect(await h.type('# a comment', '', 'echo hello')).toBe('hello');
    expect(await h.type('help')).toMatch(/as @anna .*act as @anna/);
  });

  it('acts as anyone: unknown people are told how to join; the first one sets the team up', async () => {
    expect(await h.type('as @boss')).toMatch(
      /You are @boss, whom the bot does not know yet \(console:boss\)/,
    );
    expect(await h.type('/lead Acme; Jane; jane@acme.com')).toMatch(/not in a Baton team yet.*console:boss/s);
    expect(await h.type('/team setup Northwind')).toMatch(/Northwind team is ready/);
    const added = await h.type(
      '/team add Sam Seller @sam sdr',
      '/team add Anna Closer @anna ae',
      '/team add Boris Closer @boris ae',
      '/team add Fiona Farmer @fiona am',
    );
    expect(added).toMatch(/Added Sam Seller \(@sam\) as SDR/);
    // Each new member with a console account is welcomed in their DM.
    expect(added).toMatch(/→ @anna \(DM\):\n {2}.*Anna Closer/);
    expect(await h.type('as sam')).toBe('You are @sam (Sam Seller: sdr).');
    expect(await h.type('/team weight @anna 2')).toMatch(/needs the manager or admin role/);
  });

  it('prints the reply, then the notices by recipient, with numbered buttons that act as the current person', async () => {
    const out = await h.type('/lead Globex; Hank Scorpio; hank@globex.com; referral; $40k');
    const ae = /L-1 Globex is in\. Offered to @(\w+)/.exec(out)?.[1];
    expect(ae === 'anna' || ae === 'boris').toBe(true);
    const other = ae === 'anna' ? 'boris' : 'anna';
    // Reply first (indented, no header), then the offer in the AE's DM and the card in #team.
    expect(out.indexOf('is in')).toBeLessThan(out.indexOf(`→ @${ae} (DM):`));
    expect(out).toMatch(/→ #team:\n(.*\n)*.*\[\d+ Claim\]/);
    const claim = button(out, 'Claim', `@${ae} (DM)`);
    expect(button(out, 'Pass', `@${ae} (DM)`)).toBe(claim + 1);

    // Pressed as someone else: the console says whose DM the button was in, the core decides.
    await h.type(`as @${other}`);
    const stolen = await h.type(String(claim));
    expect(stolen).toMatch(new RegExp(`that button was in @${ae}'s DM; pressing it as @${other}`));
    expect(stolen).toMatch(/It’s yours: L-1 Globex/);
    // The cards already sent are edited in place, and the SDR is told.
    expect(stolen).toMatch(/↻ #team, message edited:\n(.*\n)*.*Claimed by @/);
    expect(stolen).toMatch(/→ @sam \(DM\):\n.*claimed your lead L-1 Globex/);
    await h.type(`as @${ae}`);
    expect(await h.type(`press ${claim}`)).toMatch(/Already claimed by \w+ Closer/);
  });

  it('asks a form field by field: defaults, choices by number, "-" to skip, errors re-asked', async () => {
    await h.type('as @sam');
    const opened = await h.type('/lead');
    expect(opened).toMatch(/📝 New lead/);
    expect(opened).toMatch(/\? Company$/m);
    expect(h.ws.prompt()).toBe('  > ');
    expect(await h.type('Initech')).toMatch(/\? Contact name/);
    await h.type('Bill Lumbergh', '-');
    expect(await h.type('not-an-email')).toMatch(/✗ not-an-email is not a valid email address\n\? Email/);
    await h.type('bill@initech.com', '', '');
    const source = await h.type('');
    expect(source).toMatch(/\? Qualified on \(BANT\) \(optional\) — 1 Budget/);
    expect(await h.type('1,3')).toMatch(/\? Estimated deal value \(optional\)/);
    await h.type('12k');
    const done = await h.type('-');
    expect(done).toMatch(/L-2 Initech is in/);
    expect(done).toMatch(/Source: inbound/);
    expect(done).toMatch(/BANT: B✓ A✗ N✓ T✗/);
    expect(h.ws.prompt()).toBe('baton @sam> ');
  });

  it('a /command typed while a form is open cancels the form and runs (a piped script keeps its lines)', async () => {
    await h.type('as @sam');
    expect(await h.type('/lead')).toMatch(/\? Company$/m);
    const out = await h.type('/lead show L-999', '/help lead');
    expect(out).toMatch(/^ {3}Form cancelled: nothing was sent\.\n {2}I can't find lead L-999 in your team\./);
    expect(out).toMatch(/\/lead list — your queue/);
    expect(out).not.toMatch(/choose a number|✗/);
    expect(h.ws.prompt()).toBe('baton @sam> ');
  });

  it('cancels a form without sending anything', async () => {
    await h.type('/lead');
    expect(await h.type('cancel')).toMatch(/Cancelled: nothing was sent/);
    expect(await h.type('/lead show L-3')).toMatch(/can't find lead L-3/);
  });

  it('moves business time forward only, stopping at each due job on the way', async () => {
    const lead = await h.type('/lead Umbrella; Albert Wesker; albert@umbrella.com; inbound');
    const first = /Offered to @(\w+)/.exec(lead)![1]!;
    const out = await h.type('clock +20m');
    // Every unclaimed lead (Initech from the form, too) is reminded at +5 and moved on at +15.
    const at = (time: string) => out.indexOf(`⏱ Mon 6 Sep 2027, ${time} (UTC)`);
    expect(at('08:05')).toBeGreaterThanOrEqual(0);
    expect(out).toMatch(/⏱ Mon 6 Sep 2027, 08:05 \(UTC\) — claim reminder\n/);
    expect(out).toMatch(/⏱ Mon 6 Sep 2027, 08:15 \(UTC\) — re-offer\n/);
    const reminder = out.indexOf(`→ @${first} (DM):\n  ⏰ L-3 Umbrella has been waiting for you`);
    expect(reminder).toBeGreaterThan(at('08:05'));
    expect(reminder).toBeLessThan(at('08:15'));
    expect(out.slice(at('08:15'))).toMatch(/→ @\w+ \(DM\):\n {2}New lead for you: L-3 Umbrella/);
    expect(out).toMatch(/⏱ Business time is now Mon 6 Sep 2027, 08:20 \(UTC\)\.$/);
    expect(await h.type('clock 2027-09-06 08:00')).toMatch(/only moves forward/);
    expect(await h.type('clock yesterday')).toMatch(/Try clock \+2h/);
    expect(await h.type('clock')).toBe('Business time: Mon 6 Sep 2027, 08:20 (UTC).');
  });
});

describe('parseClockTarget', () => {
  const now = new Date('2027-09-06T08:00:00Z');
  it('reads offsets and dates in the given zone', () => {
    expect(parseClockTarget('+2h', now, 'UTC')?.toISOString()).toBe('2027-09-06T10:00:00.000Z');
    expect(parseClockTarget('+1d2h30m', now, 'UTC')?.toISOString()).toBe('2027-09-07T10:30:00.000Z');
    expect(parseClockTarget('+1w', now, 'UTC')?.toISOString()).toBe('2027-09-13T08:00:00.000Z');
    expect(parseClockTarget('2027-09-10 09:00', now, 'Europe/Berlin')?.toISOString()).toBe(
      '2027-09-10T07:00:00.000Z',
    );
    expect(parseClockTarget('2027-09-10', now, 'UTC')?.toISOString()).toBe('2027-09-10T00:00:00.000Z');
    expect(parseClockTarget('soon', now, 'UTC')).toBeNull();
    expect(parseClockTarget('2027-13-40 09:00', now, 'UTC')).toBeNull();
  });
});
