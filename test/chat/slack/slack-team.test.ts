// /team on Slack: a manager adds a Slack user by mentioning them (linked at once, welcomed by DM,
// their Home tab works); someone without the role is told which role it takes.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventCallback, postToApp } from '../../fakes/slack/index.js';
import { LEADS_CHANNEL, startHarness, textOf, type Harness } from './harness.js';

const BOSS = 'U0BOSS';
const AE = 'U0ANNA';
const OLGA = 'U0OLGA';

describe('/team on Slack', () => {
  let h: Harness;
  const replyTo = (user: string) => h.fake.ephemeralsIn(LEADS_CHANNEL).filter((m) => m.ephemeral_to === user);

  beforeAll(async () => {
    h = await startHarness({
      members: [{ id: AE, name: 'anna', real_name: 'Anna', roles: ['ae'] }],
      strangers: [{ id: OLGA, name: 'olga', real_name: 'Olga Ivanova', tz: 'Europe/Moscow' }],
    });
  });
  afterAll(() => h.close());

  it('refuses /team add to an AE, naming the roles it takes', async () => {
    await h.command(AE, '/team', `add Olga Ivanova <@${OLGA}|olga> ae`);
    await h.settle();
    expect(textOf(replyTo(AE)[0])).toMatch(/needs the manager or admin role/);
    expect(await h.app.stores.people.byAddress(`slack:${h.fake.team.id}:${OLGA}`)).toBeNull();
  });

  it('adds a mentioned Slack user with roles: linked, welcomed, listed, and their Home tab shows their queue', async () => {
    await h.command(BOSS, '/team', `add Olga Ivanova <@${OLGA}|olga> ae,am cap=5 tz=Europe/Moscow`);
    await h.settle();
    expect(textOf(replyTo(BOSS).at(-1))).toMatch(/Added Olga Ivanova \(@olga\) as AE, AM/);
    const olga = await h.app.stores.people.byAddress(`slack:${h.fake.team.id}:${OLGA}`);
    expect(olga).toMatchObject({
      name: 'Olga Ivanova',
      roles: ['ae', 'am'],
      cap: 5,
      timezone: 'Europe/Moscow',
    });
    expect(textOf(h.fake.lastMessageTo(OLGA))).toMatch(/Welcome to Baton, Olga Ivanova/);

    await h.command(BOSS, '/team');
    await h.settle();
    expect(textOf(replyTo(BOSS).at(-1))).toContain('Olga Ivanova');

    const opened = eventCallback(h.fake, {
      type: 'app_home_opened',
      user: OLGA,
      channel: `D${OLGA}`,
      tab: 'home',
      event_ts: '1.000002',
    });
    await postToApp(h.url, 'event', opened);
    // Bolt acknowledges events before the listener runs: wait for the publish itself.
    await h.fake.waitForCall('views.publish', (c) => c.args.user_id === OLGA);
    const home = h.fake.views().find((v) => v.type === 'home' && v.user === OLGA)!;
    expect(textOf({ blocks: home.blocks })).toMatch(/Offered to you[\s\S]*Next renewals/);
    h.fake.expectNoViolations();
  });
});
