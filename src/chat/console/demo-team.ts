import { DateTime } from 'luxon';
import type { ManualClock } from '../../core/clock.js';
import { addMember, setupTeam } from '../../core/roster/index.js';
import type { CoreDeps } from '../../core/shared/deps.js';
import { tell, type StoryTeller } from './demo-stories.js';
import { demoStories } from './demo-timeline.js';
import type { Locale } from '../../core/roster/team.js';

/** The demo team's name: always marked as demo data. */
export const DEMO_TEAM_NAME = 'Demo — Northwind Sales';

/** The demo's people: handle, name, roles. The first is the team's founder (admin and manager). */
export const DEMO_PEOPLE = [
  { handle: 'maria', name: 'Maria Lopez', roles: ['admin', 'manager'] },
  { handle: 'sam', name: 'Sam Rivera', roles: ['sdr'] },
  { handle: 'sofia', name: 'Sofia Chen', roles: ['sdr'] },
  { handle: 'anna', name: 'Anna Novak', roles: ['ae'] },
  { handle: 'ben', name: 'Ben Okafor', roles: ['ae'] },
  { handle: 'carlos', name: 'Carlos Diaz', roles: ['ae'] },
  { handle: 'fiona', name: 'Fiona Walsh', roles: ['am'] },
  { handle: 'gus', name: 'Gus Meyer', roles: ['am'] },
] as const;

/** Thrown when the demo cannot be seeded here (the deployment already has a team). */
export class DemoRefused extends Error {}

export type DemoResult = { teamName: string; people: number; leads: number; accounts: number };

/**
 * Seeds the demo team through the real use cases only: `/team setup` as its founder, `/team add`
 * for everyone else, then a year of history (leads, meetings, wins, a loss, a renewal) with the
 * clock set back to when each step happened, so digests and `/kpi` have numbers and renewals are
 * coming up. The team, its people, leads and accounts carry `demo: true`. Only in an empty
 * deployment: setting up a team claims the deployment's first admin. `settle` runs what the
 * back-dated steps scheduled and delivers their messages; the clock ends where it started.
 */
export async function seedDemoTeam(
  deps: { core: CoreDeps; clock: ManualClock; settle: () => Promise<void> },
  opts: { timezone: string; locale: Locale },
): Promise<DemoResult> {
  const { core, clock } = deps;
  const teams = await core.stores.teams.list();
  if (teams.length)
    throw new DemoRefused(
      `this deployment already has a team (${teams.map((t) => t.name).join(', ')}); ` +
        'the demo needs an empty one: start with another DATA_DIR, e.g. DATA_DIR=./demo-data npm start',
    );
  const started = clock.now();
  const t0 = DateTime.fromJSDate(started, { zone: opts.timezone }).startOf('minute');
  const dayOne = t0.minus({ days: 400 }).set({ hour: 9, minute: 0 }).toJSDate();
  clock.set(dayOne);
  const [founder, ...others] = DEMO_PEOPLE;
  const { team, admin } = await setupTeam(
    core,
    {
      teamName: DEMO_TEAM_NAME,
      founder: { address: `console:${founder.handle}`, name: founder.name, username: founder.handle },
      timezone: opts.timezone,
      locale: opts.locale,
      demo: true,
    },
    { source: 'console', key: 'demo:setup', now: dayOne },
  );
  const people = new Map<string, string>([[founder.handle, admin.id]]);
  for (const p of others) {
    const person = await addMember(
      core,
      { name: p.name, handle: p.handle, roles: [...p.roles], address: `console:${p.handle}` },
      { actorId: admin.id, source: 'console', key: `demo:add:${p.handle}`, now: dayOne },
    );
    people.set(p.handle, person.id);
  }
  const teller: StoryTeller = { core, clock, team, t0, people };
  let accounts = 0;
  const stories = demoStories(t0);
  try {
    for (const story of stories) {
      const lead = await tell(teller, story);
      if (lead.deal?.accountId) accounts++;
    }
  } finally {
    clock.set(started);
  }
  await deps.settle();
  return { teamName: team.name, people: DEMO_PEOPLE.length, leads: stories.length, accounts };
}
