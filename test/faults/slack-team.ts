// Shared by the fault tests: a Slack team seeded through the real use cases on a database of the
// test's own, the fake Slack it talks to, and what to look for afterwards.
import type { Connection } from 'mongoose';
import { slackAddress } from '../../src/chat/slack/ids.js';
import { systemClock } from '../../src/core/clock.js';
import type { Team } from '../../src/core/roster/team.js';
import type { CoreDeps } from '../../src/core/shared/deps.js';
import { addMember, setTeamChannel, setupTeam } from '../../src/core/roster/index.js';
import { createModels, ensureIndexes } from '../../src/store/models.js';
import { createMongoStores } from '../../src/store/mongo-stores.js';
import { createFakeSlack, type FakeSlack } from '../fakes/slack/index.js';
import { textOf } from '../chat/slack/harness.js';

export const LEADS_CHANNEL = 'C0LEADS';
export const SDR = 'U0SAM';
export const AES = ['U0ANNA', 'U0AARON'];

/** The fake Slack with the boss, one SDR and two AEs. */
export function fakeSlackTeam(): Promise<FakeSlack> {
  return createFakeSlack({
    users: [
      { id: 'U0BOSS', name: 'boss', real_name: 'Boss' },
      { id: SDR, name: 'sam', real_name: 'Sam' },
      { id: AES[0]!, name: 'anna', real_name: 'Anna' },
      { id: AES[1]!, name: 'aaron', real_name: 'Aaron' },
    ],
  });
}

/** Sets the team up on `conn` (notices of the seeding go nowhere: no platform is attached yet). */
export async function seedSlackTeam(conn: Connection, fake: FakeSlack): Promise<Team> {
  const models = createModels(conn);
  await ensureIndexes(models);
  const deps: CoreDeps = {
    stores: createMongoStores(models),
    notifier: { notify: () => Promise.resolve() },
    timers: {
      schedule: () => Promise.resolve(),
      scheduleAll: () => Promise.resolve(),
      cancelFor: () => Promise.resolve(),
    },
    clock: systemClock,
    defaults: { timezone: 'UTC', locale: 'en' },
  };
  let n = 0;
  const ctx = (actorId?: string) => ({
    ...(actorId ? { actorId } : {}),
    source: 'cli' as const,
    key: `fault-seed:${++n}`,
    now: new Date(),
  });
  const address = (u: string) => slackAddress(fake.team.id, u);
  const { team, admin } = await setupTeam(
    deps,
    { teamName: 'Sales', founder: { address: address('U0BOSS'), name: 'Boss', username: 'boss' } },
    ctx(),
  );
  await setTeamChannel(deps, { platform: 'slack', id: LEADS_CHANNEL }, ctx(admin.id));
  await addMember(deps, { name: 'Sam', handle: 'sam', roles: ['sdr'], address: address(SDR) }, ctx(admin.id));
  for (const [i, ae] of AES.entries())
    await addMember(
      deps,
      { name: `AE ${i}`, handle: `ae${i}`, roles: ['ae'], address: address(ae) },
      ctx(admin.id),
    );
  return team;
}

/** How many messages about `company` are in a channel or DM, and in the AEs' DMs together. */
export function deliveries(fake: FakeSlack, company: string): { cards: number; offers: number } {
  const about = (list: { text?: string; blocks?: unknown[] }[]) =>
    list.filter((m) => textOf(m).includes(company)).length;
  return {
    cards: about(fake.messagesIn(LEADS_CHANNEL)),
    offers: AES.reduce((sum, ae) => sum + about(fake.messagesIn(ae)), 0),
  };
}

/** Polls `check` every 100 ms until it returns true; throws with `what` after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
