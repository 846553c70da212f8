// Who may talk to the bot, and in which language: Slack's signature and timestamp checks (401,
// nothing stored), unknown users, missing roles, Russian speakers, the Home tab and a redelivered
// event, and the single error hook.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  eventCallback,
  postToApp,
  signSlackRequest,
  slashCommand,
  encodeForApp,
  TEST_SIGNING_SECRET,
} from '../../fakes/slack/index.js';
import { LEADS_CHANNEL, startHarness, textOf, type Harness } from './harness.js';

const SDR = 'U0SDR';
const AE = 'U0ANNA';
const IVAN = 'U0IVAN';
const STRANGER = 'U0STRANGER';
const NEWCOMER = 'U0OLGA';

describe('Slack requests: trust, people, languages', () => {
  let h: Harness;
  const leadCount = async () => (await h.app.stores.leads.list({ teamId: h.team.id })).length;
  const replyTo = (user: string) => h.fake.ephemeralsIn(LEADS_CHANNEL).filter((m) => m.ephemeral_to === user);

  beforeAll(async () => {
    h = await startHarness({
      members: [
        { id: SDR, name: 'sam', real_name: 'Sam', roles: ['sdr'] },
        { id: AE, name: 'anna', real_name: 'Anna', roles: ['ae'] },
        {
          id: IVAN,
          name: 'ivan',
          real_name: 'Иван',
          roles: ['sdr'],
          lang: 'ru',
          locale: 'ru-RU',
          tz: 'Europe/Moscow',
        },
      ],
      strangers: [
        { id: STRANGER, name: 'stranger', real_name: 'Stranger' },
        { id: NEWCOMER, name: 'olga', real_name: 'Ольга', locale: 'ru-RU' },
      ],
    });
  });
  afterAll(() => h.close());
  beforeEach(() => h.fake.reset());

  it('refuses a forged signature, a body changed after signing and a stale timestamp with 401, storing nothing', async () => {
    const command = () =>
      slashCommand(h.fake, {
        command: '/lead',
        text: 'Evil Corp; Eve; eve@evil.example',
        user_id: SDR,
        channel_id: LEADS_CHANNEL,
      });
    expect((await postToApp(h.url, 'command', command(), { badSignature: true })).status).toBe(401);
    expect(
      (await postToApp(h.url, 'command', command(), { timestamp: Math.floor(Date.now() / 1000) - 301 }))
        .status,
    ).toBe(401);

    const signed = encodeForApp('command', command());
    const headers = signSlackRequest(TEST_SIGNING_SECRET, signed.body);
    const tampered = signed.body.replace('Evil+Corp', 'Good+Corp');
    const res = await fetch(h.url, {
      method: 'POST',
      headers: { 'Content-Type': signed.contentType, ...headers },
      body: tampered,
    });
    expect(res.status).toBe(401);

    await new Promise((r) => setTimeout(r, 100));
    expect(await leadCount()).toBe(0);
    expect(await h.conn.collection('inbound_journal').countDocuments()).toBe(0);
    expect(h.fake.calls()).toEqual([]);
  });

  it('tells an unknown user how to get added, with their id; in Russian for a Russian Slack locale', async () => {
    await h.command(STRANGER, '/lead', 'Acme; Jane; jane@acme.example');
    await h.command(NEWCOMER, '/kpi');
    await h.settle();
    expect(textOf(replyTo(STRANGER)[0])).toMatch(/not in a Baton team yet.*slack:T0BATON:U0STRANGER/s);
    expect(textOf(replyTo(NEWCOMER)[0])).toMatch(/Вас ещё нет в команде Baton.*slack:T0BATON:U0OLGA/s);
    expect(await leadCount()).toBe(0);
    h.fake.expectNoViolations();
  });

  it('answers help from someone in no team with how to join, then what each command does; in Russian for a Russian locale', async () => {
    await h.command(STRANGER, '/team', 'help');
    await h.command(NEWCOMER, '/lead', 'help');
    await h.settle();
    const en = textOf(replyTo(STRANGER).at(-1));
    expect(en).toMatch(/not in a Baton team yet.*slack:T0BATON:U0STRANGER.*\/team setup/s);
    expect(en).toMatch(/\/lead — hand a new lead.*\/meeting — .*\/team — .*\/kpi — /s);
    const ru = textOf(replyTo(NEWCOMER).at(-1));
    expect(ru).toMatch(/Вас ещё нет в команде Baton.*slack:T0BATON:U0OLGA/s);
    expect(ru).toMatch(/\/lead — передать нового лида.*\/kpi — ваши цифры/s);
  });

  it('tells a person without the needed role which role it takes', async () => {
    await h.command(AE, '/lead', 'Acme; Jane; jane@acme.example');
    await h.settle();
    expect(textOf(replyTo(AE)[0])).toMatch(/needs the SDR/);
    expect(await leadCount()).toBe(0);
  });

  it('answers a Russian-speaking person in Russian', async () => {
    await h.command(IVAN, '/lead', 'Рога и копыта; Пётр Петров; petr@roga.example');
    await h.settle();
    const reply = textOf(replyTo(IVAN)[0]);
    expect(reply).toContain('Рога и копыта');
    expect(reply).toMatch(/[А-Яа-яЁё]{4,}/);
    expect(reply).not.toMatch(/Offered to|is in\./);
    h.fake.expectNoViolations();
  });

  it('publishes the Home tab on app_home_opened, once even when the event is redelivered', async () => {
    const event = eventCallback(h.fake, {
      type: 'app_home_opened',
      user: AE,
      channel: `D${AE}`,
      tab: 'home',
      event_ts: '1.000001',
    });
    expect((await postToApp(h.url, 'event', event)).status).toBe(200);
    expect(
      (await postToApp(h.url, 'event', event, { retryNum: 1, retryReason: 'http_timeout' })).status,
    ).toBe(200);
    // Bolt acknowledges events before the listener runs: wait for the publish and for the
    // redelivery to be recognised.
    await h.fake.waitForCall('views.publish');
    for (let i = 0; i < 250 && !h.logs.some((l) => l.msg === 'slack: repeated event skipped'); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(h.logs.filter((l) => l.msg === 'slack: repeated event skipped')).toHaveLength(1);
    expect(h.fake.calls('views.publish')).toHaveLength(1);
    const home = h.fake.views().find((v) => v.type === 'home' && v.user === AE)!;
    expect(textOf({ blocks: home.blocks })).toContain('Anna');
    h.fake.expectNoViolations();
  });

  it('logs an unexpected failure once with the request id and apologises to the person', async () => {
    const seen = h.logs.length;
    h.fake.failNext('response_url', { status: 500, error: 'fatal_error' });
    const command = slashCommand(h.fake, {
      command: '/lead',
      text: 'help',
      user_id: SDR,
      channel_id: LEADS_CHANNEL,
    });
    await postToApp(h.url, 'command', command);
    // The reply failed; the apology takes the same response_url (ephemeral to the person).
    const apology = await h.fake.waitForCall('response_url', (c) => c.status === 200);
    expect(apology.args).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/Sorry, something went wrong/),
    });
    const failures = h.logs.slice(seen).filter((l) => l.msg === 'slack request failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ requestId: command.trigger_id, code: 'slack_bolt_respond_error' });
    expect(h.logs.slice(seen).filter((l) => (l.level as number) >= 50)).toHaveLength(1);
  });
});
