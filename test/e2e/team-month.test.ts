// Issue 11, "a month as a test": a model-based test of a team living through weeks. Random command
// sequences (leads, claims, passes, meetings, won/lost, reassignments, deactivations, hours, caps,
// leave, settings, and clock moves from a minute to two weeks across the autumn DST changes) are
// typed into the console workspace on the real app and database; after every step the model and
// the invariants in month/invariants.ts are checked. Seeded: BATON_MONTH_SEED=<n> replays a run
// (the seed is printed on failure), BATON_MONTH_RUNS=<n> runs more.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { leadCommands } from './month/lead-commands.js';
import type { Real } from './month/step.js';
import { initialModel, MANAGER, ROSTER, TEAM_ZONE, type Model } from './month/model.js';
import { clockCommands, teamCommands } from './month/team-commands.js';
import { createWorld } from './month/world.js';

/** Monday 25 Oct 2027, 08:00 in Berlin: Europe leaves summer time on the 31st, the US on 7 Nov. */
const START = '2027-10-25T06:00:00Z';
const SEED = Number(process.env.BATON_MONTH_SEED ?? 20271025);
const RUNS = Number(process.env.BATON_MONTH_RUNS ?? 4);

async function setUp(): Promise<{ model: Model; real: Real }> {
  const w = await createWorld(START);
  const lines = [
    '/team setup Month Team',
    `/team set timezone ${TEAM_ZONE}`,
    `/team tz ${TEAM_ZONE}`,
    ...ROSTER.map(
      (p) =>
        `/team add ${p.name} @${p.handle} ${p.roles.join(',')} tz=${p.zone}${p.cap ? ` cap=${p.cap}` : ''}`,
    ),
  ];
  const out = await w.as(MANAGER, ...lines);
  expect(out).toMatch(/Month Team is ready/);
  expect(out.match(/^ {2}Added /gm)).toHaveLength(ROSTER.length);
  return { model: initialModel(w.clock.now().getTime()), real: { w } };
}

describe('a team’s month, lived through random command sequences', () => {
  it('keeps every invariant after every step', async () => {
    const commands = fc.commands(
      [...leadCommands(), ...leadCommands(), ...teamCommands(), ...clockCommands(), ...clockCommands()],
      {
        maxCommands: 40,
        size: 'max',
      },
    );
    try {
      await fc.assert(
        fc.asyncProperty(commands, async (cmds) => {
          const { model, real } = await setUp();
          try {
            await fc.asyncModelRun(() => ({ model, real }), cmds);
            if (process.env.BATON_MONTH_VERBOSE)
              console.log([...cmds].map((c) => c.toString()).join(', '), model.leads);
          } finally {
            await real.w.close();
          }
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    } catch (err) {
      throw new Error(`month test failed (replay with BATON_MONTH_SEED=${SEED}):\n${String(err)}`, {
        cause: err,
      });
    }
  }, 300_000);
});
