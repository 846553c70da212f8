// Every message that shows a meeting follows it when it is rescheduled or cancelled.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createConsoleHarness, type ConsoleHarness } from './harness.js';

let h: ConsoleHarness;
beforeAll(async () => {
  h = await createConsoleHarness();
});
afterAll(async () => {
  await h.close();
});

/** The edits of messages in `where` ("#team", "@anna (DM)") printed in `out`. */
function edits(out: string, where: string): string[] {
  return out.split(/\n(?=→ |↻ |⏱ )/).filter((m) => m.startsWith(`↻ ${where}, message edited:`));
}

let ae = '';

describe('meeting changes reach every message that shows the meeting (console workspace)', () => {
  it('reschedule: the team card, the AE’s card and the booking message show the new time', async () => {
    await h.type(
      'as @boss',
      '/team setup Northwind',
      '/team add Sam Seller @sam sdr',
      '/team add Anna Closer @anna ae',
      '/team add Ben Closer @ben ae',
    );
    const created = await h.type('as @sam', '/lead Acme; Jane Doe; jane@acme.com');
    ae = /Offered to @(\w+)/.exec(created)![1]!;
    await h.type(`as @${ae}`, '/lead claim L-1');
    const booked = await h.type('as @sam', '/meeting L-1 tomorrow 10:00');
    expect(booked).toMatch(/↻ #team, message edited:\n(.*\n)*.*Meeting Tue 7 Sep, 10:00/);

    const moved = await h.type('/meeting reschedule L-1 wed 15:00');
    for (const where of ['#team', `@${ae} (DM)`]) {
      const cards = edits(moved, where).filter((m) => m.includes('L-1 · Acme'));
      expect(cards).toHaveLength(1);
      expect(cards[0]).toMatch(/Meeting Wed 8 Sep, 15:00 \(UTC\) · AE @/);
      expect(cards[0]).not.toMatch(/Tue 7 Sep/);
    }
    // The message that announced the booking to the AE shows the new time too.
    expect(moved).toMatch(new RegExp(`↻ @${ae} \\(DM\\), message edited:\\n {2}📅 .*Wed 8 Sep, 15:00`));
  });

  it('cancel after a reassignment: no card keeps the meeting or its Held / No-show buttons', async () => {
    const other = ae === 'anna' ? 'ben' : 'anna';
    // The other AE now has the lead, with the meeting's buttons in their DM.
    const reassigned = await h.type('as @boss', `/lead reassign L-1 @${other}`);
    expect(reassigned).toMatch(new RegExp(`→ @${other} \\(DM\\):\\n(.*\\n)*.*\\[\\d+ Held\\]`));
    const cancelled = await h.type('as @sam', '/meeting cancel L-1 they went quiet');
    expect(cancelled).toMatch(/Cancelled the meeting for L-1 Acme/);
    const [team] = edits(cancelled, '#team');
    expect(team).not.toMatch(/Meeting|Held|No-show/);
    expect(team).toMatch(/Claimed by @/);
    const dm = edits(cancelled, `@${other} (DM)`);
    expect(dm.length).toBeGreaterThan(0);
    for (const m of dm) expect(m).not.toMatch(/Held|No-show|Meeting Wed/);
    expect(cancelled).toMatch(
      /↻ @\w+ \(DM\), message edited:\n {2}The meeting for L-1 Acme on Wed 8 Sep, 15:00.* was cancelled/,
    );
  });
});
