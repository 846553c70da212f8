// Issue 11, item 1, through the console as a new user tries it (the README's script): one
// unclaimed lead over a week tells a short story — offer, reminder, re-offer, escalation, queue.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createConsoleHarness, type ConsoleHarness } from '../chat/console/harness.js';

let h: ConsoleHarness;
beforeAll(async () => {
  h = await createConsoleHarness('2027-09-06T08:58:00Z'); // Monday 08:58 UTC
});
afterAll(async () => {
  await h.close();
});

/** The messages of a transcript: "→ @anna (DM)" / "↻ #team" headers with their first line. */
function messages(out: string): string[] {
  return out
    .split(/\n(?=→ |↻ |⏱ )/)
    .filter((m) => /^(→|↻) /.test(m))
    .map((m) => m.split('\n').slice(0, 2).join(' | '));
}

describe('an unclaimed lead, lived through a week in the console', () => {
  it('is offered to each AE once, escalated once, then waits in the queue without another message', async () => {
    await h.type(
      'as @maria',
      '/team setup Northwind Sales',
      '/team add Sam Rivera @sam sdr',
      '/team add Anna Novak @anna ae',
      '/team add Ben Okafor @ben ae',
      '/team add Carlos Diaz @carlos ae',
      'as @sam',
      '/lead Acme Inc; Jane Doe; jane@acme.com; inbound; $25k',
    );
    const week = await h.type('clock +7d');
    const story = week.split('\n').filter((l) => l.startsWith('⏱'));
    expect(story.slice(0, -1)).toEqual([
      '⏱ Mon 6 Sep 2027, 09:00 (UTC) — daily digest',
      '⏱ Mon 6 Sep 2027, 09:03 (UTC) — claim reminder',
      '⏱ Mon 6 Sep 2027, 09:13 (UTC) — re-offer',
      '⏱ Mon 6 Sep 2027, 09:18 (UTC) — claim reminder',
      '⏱ Mon 6 Sep 2027, 09:28 (UTC) — re-offer',
      '⏱ Mon 6 Sep 2027, 09:33 (UTC) — claim reminder',
      '⏱ Mon 6 Sep 2027, 09:43 (UTC) — re-offer',
      '⏱ Tue 7 Sep 2027, 09:00 (UTC) — daily digest',
      '⏱ Wed 8 Sep 2027, 09:00 (UTC) — daily digest',
      '⏱ Thu 9 Sep 2027, 09:00 (UTC) — daily digest',
      '⏱ Fri 10 Sep 2027, 09:00 (UTC) — daily digest',
    ]);
    expect(story.at(-1)).toBe('⏱ Business time is now Mon 13 Sep 2027, 08:58 (UTC).');
    const about = messages(week).filter((m) => !/Your numbers|Team digest/.test(m));
    // Three offers and three reminders, each ended offer edited once (with its reminder), the team
    // card once per change, one escalation to the manager. Nothing after the escalation.
    expect(about.filter((m) => m.includes('New lead for you'))).toHaveLength(2);
    expect(about.filter((m) => m.includes('⏰'))).toHaveLength(3);
    expect(about.filter((m) => m.startsWith('↻ #team'))).toHaveLength(3);
    expect(about.filter((m) => m.startsWith('↻ @'))).toHaveLength(6);
    expect(about.filter((m) => m.includes('⚠️'))).toEqual([
      expect.stringMatching(/^→ @maria \(DM\): \| +⚠️ L-1 Acme Inc is still unclaimed after 45 min/),
    ]);
    const escalation = week.indexOf('⚠️');
    const after = messages(week.slice(escalation)).filter((m) => !/Your numbers|Team digest/.test(m));
    expect(after).toEqual([]);
    expect(week.slice(week.lastIndexOf('↻ #team'))).toMatch(
      /Waiting in the team queue — any AE can claim it/,
    );
    // Bounded: the whole week, digests included, is a few hundred lines.
    expect(week.split('\n').length).toBeLessThan(700);

    // Still claimable by any AE from the queue; the SDR hears who took it.
    const claim = await h.type('as @carlos', '/lead claim L-1');
    expect(claim).toMatch(/It’s yours: L-1 Acme Inc/);
    expect(claim).toMatch(/→ @sam \(DM\):\n.*@carlos claimed your lead L-1 Acme Inc after 7 d/);
  });
});
