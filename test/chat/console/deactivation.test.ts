// Deactivation hands a leaving person's work on, and nothing reaches them afterwards.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createConsoleHarness, type ConsoleHarness } from './harness.js';

let h: ConsoleHarness;
beforeAll(async () => {
  h = await createConsoleHarness();
});
afterAll(async () => {
  await h.close();
});

/** Everything printed to `who`'s DM in `out`. */
const dmsTo = (out: string, who: string) => out.split(`→ @${who} (DM):`).length - 1;

describe('/team deactivate (console workspace, real app and database)', () => {
  it('hands leads to routing and accounts to the AM rotation, says what moved, and the person gets nothing after', async () => {
    await h.type(
      'as @boss',
      '/team setup Northwind',
      '/team add Sam Seller @sam sdr',
      '/team add Gus Closer @gus ae,am',
    );
    // Gus owns L-1 (with a meeting tomorrow), won L-2 (his account), and is offered L-3.
    await h.type('as @sam', '/lead Acme; Jane Doe; jane@acme.com');
    await h.type('as @gus', '/lead claim L-1');
    await h.type('as @sam', '/meeting L-1 tomorrow 10:00');

    await h.type('/lead Globex; Hank Scorpio; hank@globex.com');
    await h.type('as @gus', '/lead claim L-2', '/meeting L-2 today 08:30');
    const met = await h.type('clock +1h');
    await h.type(`press ${/\[(\d+) Held\]/.exec(met)?.[1]}`, '/lead won L-2');
    const won = await h.type('30000', 'USD', '1', '', 'Monthly plan.');
    expect(won).toMatch(/→ @gus \(DM\):\n {2}🤝 New account for you: Globex/);
    await h.type('as @sam', '/lead Initech; Bill Lumbergh; bill@initech.com');
    await h.type('as @boss', '/team add Anna Closer @anna ae', '/team add Fiona Farmer @fiona am');

    // A successor must be able to take everything: Anna is no AM, and Gus has an account.
    expect(await h.type('/team deactivate @gus --to @anna')).toMatch(/Successor: @anna is not an AM/);
    expect(await h.type('/team list')).not.toMatch(/Gus Closer.*inactive/);

    const out = await h.type('/team deactivate @gus');
    expect(out).toMatch(/Gus Closer is deactivated and out of the rotation\./);
    expect(out).toMatch(/• L-1 Acme → @anna/);
    expect(out).toMatch(/• L-3 Initech → offered to @anna/);
    expect(out).toMatch(/• account Globex → @fiona/);
    expect(out).toMatch(/→ @anna \(DM\):\n {2}.*L-1 Acme/);
    expect(out).toMatch(/→ @anna \(DM\):\n {2}New lead for you: L-3 Initech/);
    expect(out).toMatch(/→ @fiona \(DM\):\n {2}🤝 Globex is yours now \(it was @gus’s\)/);
    expect(dmsTo(out, 'gus')).toBe(0);

    // Three weeks on: the meeting reminders, the renewal nudges and every digest go to the new
    // owners; Gus receives nothing.
    const later = await h.type('clock +21d');
    expect(later).toMatch(/→ @anna \(DM\):\n {2}⏰ Meeting with Acme \(L-1\) in 1 hour/);
    expect(later).toMatch(/→ @fiona \(DM\):\n {2}🔔 Globex renews in \d+ days/);
    expect(dmsTo(later, 'gus')).toBe(0);
    // And the lead's held/no-show question is Anna's.
    expect(later).toMatch(/→ @anna \(DM\):\n {2}How did the meeting with Acme \(L-1\)/);
  }, 120_000);

  it('with --to: everything goes to the named person', async () => {
    await h.type('as @boss', '/team add Hank Closer @hank ae,am');
    const out = await h.type('/team deactivate @anna --to @hank');
    expect(out).toMatch(/Anna Closer is deactivated/);
    expect(out).toMatch(/• L-1 Acme → @hank/);
    // L-3 waits in the team queue since Anna let it run out: not hers to hand on.
    expect(out).not.toMatch(/L-3/);
    expect(out).toMatch(/→ @hank \(DM\):\n {2}.*L-1 Acme/);
    expect(dmsTo(out, 'anna')).toBe(0);
    // In Russian, with nothing to hand on.
    await h.type('/team add Ivan Ivanov @ivan ae lang=ru');
    await h.type('/team lang ru');
    expect(await h.type('/team отключить @ivan')).toMatch(
      /Открытых лидов и клиентов у него \(неё\) не было\./,
    );
  }, 60_000);
});
