// A lead a manager gives to the AE it is offered to: their DM says it is theirs now, not that it
// was taken from themselves (found by the month test, test/e2e/team-month.test.ts).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createConsoleHarness, type ConsoleHarness } from '../console/harness.js';

let h: ConsoleHarness;
beforeAll(async () => {
  h = await createConsoleHarness();
});
afterAll(async () => {
  await h.close();
});

describe('the reassigned notice', () => {
  it('names where the lead came from only when it came from someone else', async () => {
    await h.type(
      'as @maria',
      '/team setup Northwind',
      '/team add Sam Seller @sam sdr',
      '/team add Anna Closer @anna ae',
      '/team add Boris Closer @boris ae',
      'as @sam',
      '/lead Globex; Hank Scorpio; hank@globex.com; referral; $40k',
    );
    const lead = await h.type('/lead show L-1');
    const offered = /Offered to @(\w+)/.exec(lead)![1]!;
    const other = offered === 'anna' ? 'boris' : 'anna';
    const name = (handle: string) => (handle === 'anna' ? 'Anna Closer' : 'Boris Closer');

    const toOffered = await h.type('as @maria', `/lead reassign L-1 @${offered}`);
    expect(toOffered).toMatch(
      new RegExp(`→ @${offered} \\(DM\\):\\n {2}L-1 Globex is now yours \\(reassigned by a manager\\)\\.`),
    );
    const onwards = await h.type(`/lead reassign L-1 @${other}`);
    expect(onwards).toMatch(
      new RegExp(
        `→ @${other} \\(DM\\):\\n {2}L-1 Globex is now yours \\(reassigned by a manager from ${name(offered)}\\)\\.`,
      ),
    );
  });
});
