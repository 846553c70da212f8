// Issue 11, item 1, through the console as a new user tries it: the README's own script (read
// from the README, so the two cannot drift) — one unclaimed lead over a week tells a short story:
// offer, reminder, re-offer, escalation, queue; bounded, and done in seconds.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/spawn-bot.js';
import { createConsoleHarness, type ConsoleHarness } from '../chat/console/harness.js';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

/** The README's week script: the quoted lines of the `printf '%s\n' …` after "A week with a lead nobody claims". */
function readmeScript(): string[] {
  const from = readme.indexOf('A week with a lead nobody claims');
  const block = /```sh\n(printf '%s\\n' [\s\S]*?)```/.exec(readme.slice(from))?.[1];
  if (from < 0 || !block) throw new Error('the README has no week script');
  return [...block.split('|')[0]!.matchAll(/'([^']*)'/g)].map((m) => m[1]!).slice(1);
}

/** The README's sample story: its `⏱ <time> — <what>` stops and who each `→ @x:` went to. */
function readmeStory(): { stops: string[]; to: string[] } {
  const sample = readme.slice(readme.indexOf('A week with a lead nobody claims'));
  const lines = /```\n(⏱[\s\S]*?)```/.exec(sample)![1]!.split('\n');
  return {
    stops: lines.filter((l) => l.startsWith('⏱')).map((l) => l.replace(/ {2,}.*$/, '')),
    to: lines.flatMap((l) => [...l.matchAll(/→ (@\w+):/g)].map((m) => m[1]!)),
  };
}

/** The messages of a transcript: "→ @anna (DM)" / "↻ #team" headers with their first line. */
function messages(out: string): string[] {
  return out
    .split(/\n(?=→ |↻ |⏱ )/)
    .filter((m) => /^(→|↻) /.test(m))
    .map((m) => m.split('\n').slice(0, 2).join(' | '));
}

let h: ConsoleHarness;
beforeAll(async () => {
  // The README's sample was run on Monday 7 Dec 2026, the lead typed at 08:58 UTC.
  h = await createConsoleHarness('2026-12-07T08:58:00Z');
});
afterAll(async () => {
  await h.close();
});

describe('the README’s unclaimed week, run through the console', () => {
  it('is offered to each AE once, escalated once, then waits in the queue without another message', async () => {
    const script = readmeScript();
    expect(script.at(-1)).toBe('clock +7d');
    await h.type(...script.slice(0, -1));
    const week = await h.type('clock +7d');

    const stops = week.split('\n').filter((l) => l.startsWith('⏱'));
    expect(stops).toEqual([
      '⏱ Mon 7 Dec 2026, 09:00 (UTC) — daily digest',
      '⏱ Mon 7 Dec 2026, 09:03 (UTC) — claim reminder',
      '⏱ Mon 7 Dec 2026, 09:13 (UTC) — re-offer',
      '⏱ Mon 7 Dec 2026, 09:18 (UTC) — claim reminder',
      '⏱ Mon 7 Dec 2026, 09:28 (UTC) — re-offer',
      '⏱ Mon 7 Dec 2026, 09:33 (UTC) — claim reminder',
      '⏱ Mon 7 Dec 2026, 09:43 (UTC) — re-offer',
      '⏱ Tue 8 Dec 2026, 09:00 (UTC) — daily digest',
      '⏱ Wed 9 Dec 2026, 09:00 (UTC) — daily digest',
      '⏱ Thu 10 Dec 2026, 09:00 (UTC) — daily digest',
      '⏱ Fri 11 Dec 2026, 09:00 (UTC) — daily digest',
      '⏱ Business time is now Mon 14 Dec 2026, 08:58 (UTC).',
    ]);
    // The README's sample story is what this run printed: the same stops, and the same messages
    // to the same people (which AE is first depends on the ids: up to renaming the AEs).
    const sample = readmeStory();
    for (const stop of sample.stops) expect(stops).toContain(stop);
    const about = messages(week).filter((m) => !/Your numbers|Team digest/.test(m));
    const sent = about.filter((m) => m.startsWith('→ ')).map((m) => /^→ (@\w+)/.exec(m)![1]!);
    expect(sent).toHaveLength(sample.to.length);
    const renamed = new Map<string, string>();
    sample.to.forEach((name, i) => renamed.set(name, renamed.get(name) ?? sent[i]!));
    expect(sample.to.map((name) => renamed.get(name))).toEqual(sent);
    expect(new Set(renamed.values()).size).toBe(renamed.size);
    expect(renamed.get('@maria')).toBe('@maria');

    // Two more offers and three reminders, each ended offer edited once (with its reminder), the
    // team card once per change, one escalation to the manager. Nothing after the escalation.
    expect(about.filter((m) => m.includes('New lead for you'))).toHaveLength(2);
    expect(about.filter((m) => m.includes('⏰'))).toHaveLength(3);
    expect(about.filter((m) => m.startsWith('↻ #team'))).toHaveLength(3);
    expect(about.filter((m) => m.startsWith('↻ @'))).toHaveLength(6);
    expect(about.filter((m) => m.includes('⚠️'))).toEqual([
      expect.stringMatching(/^→ @maria \(DM\): \| +⚠️ L-1 Acme Inc is still unclaimed after 45 min/),
    ]);
    // After the escalation nothing new is sent; the cards of that same stop may still be edited
    // (they go out beside the escalation, in whichever order the outbox delivers them), and from the
    // next stop on there is nothing at all.
    const escalation = week.indexOf('⚠️');
    const quiet = (m: string) => !/Your numbers|Team digest/.test(m);
    const sameStop = week.slice(escalation, week.indexOf('⏱', escalation));
    expect(
      messages(sameStop)
        .filter(quiet)
        .filter((m) => !m.startsWith('↻ ')),
    ).toEqual([]);
    expect(messages(week.slice(week.indexOf('⏱', escalation))).filter(quiet)).toEqual([]);
    expect(week.slice(week.lastIndexOf('↻ #team'))).toMatch(
      /Waiting in the team queue — any AE can claim it/,
    );
    // Bounded: the whole week, digests included, is a few hundred lines (how fast lives in the bench).
    expect(week.split('\n').length).toBeLessThan(700);

    // Still claimable by any AE from the queue; the SDR hears who took it.
    const claim = await h.type('as @carlos', '/lead claim L-1');
    expect(claim).toMatch(/It’s yours: L-1 Acme Inc/);
    expect(claim).toMatch(/→ @sam \(DM\):\n.*@carlos claimed your lead L-1 Acme Inc after 7 d/);
  });
});
