import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  blockAction,
  createFakeSlack,
  slashCommand,
  type Delivery,
  type FakeSlack,
  type StoredMessage,
} from '../fakes/slack/index.js';
import { testMongoUri, uniqueDbName } from '../support/db.js';
import { spawnBot, type BotProcess } from '../support/spawn-bot.js';

const APP_TOKEN = 'xapp-1-A0BATON-1-e2e';
const CHANNEL = 'C0LEADS';
const BOSS = 'U0BOSS';
const SAM = 'U0SAM';
const AES = ['U0ANN', 'U0BEN', 'U0CAT', 'U0DAN', 'U0EVE', 'U0FAY'];

/**
 * The composition root in Socket Mode, as a team without a public URL runs it: SLACK_APP_TOKEN
 * set, no signing secret, no inbound HTTP for Slack. The whole flow goes over the fake's
 * WebSocket while it drops and refreshes; every envelope is acknowledged and answered once.
 */
describe('npm start with Slack in Socket Mode', () => {
  let slack: FakeSlack;
  let bot: BotProcess;
  let port: number;
  const dir = mkdtempSync(join(tmpdir(), 'baton-socket-'));

  beforeAll(async () => {
    slack = await createFakeSlack({
      appTokens: [APP_TOKEN],
      users: [
        { id: BOSS, name: 'boss', real_name: 'Boss', tz: 'Europe/Berlin' },
        { id: SAM, name: 'sam', real_name: 'Sam' },
        ...AES.map((id) => ({
          id,
          name: id.slice(2).toLowerCase(),
          real_name: id.slice(2, 3) + id.slice(3).toLowerCase(),
        })),
      ],
    });
    bot = spawnBot({
      PORT: '0',
      DATA_DIR: dir,
      MONGODB_URI: testMongoUri() + uniqueDbName('slack-socket'),
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: slack.url,
      LOG_LEVEL: 'info',
    });
    port = (await bot.waitForRecord((r) => String(r.msg).startsWith('listening'))).port as number;
    await bot.waitForRecord((r) => r.msg === 'slack socket connected');
  }, 120_000);

  afterAll(async () => {
    if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const command = (user: string, name: string, text: string) =>
    slack.socket.deliver(
      'command',
      slashCommand(slack, { command: name, text, user_id: user, channel_id: CHANNEL }),
    );
  const answersTo = (user: string) =>
    slack
      .ephemeralsIn(CHANNEL)
      .filter((m) => m.ephemeral_to === user)
      .map((m) => m.text ?? '');
  /** Every envelope acknowledged, then `done` holds (answers arrive after the ack). */
  async function settled(deliveries: Delivery[], done: () => boolean, what: string) {
    await Promise.all(deliveries.map((d) => d.acked(30_000)));
    await slack.socket
      .waitFor(() => (done() ? true : undefined), what, 30_000)
      .catch((err: Error) => {
        const answers = slack.ephemeralsIn(CHANNEL).map((m) => `${m.ephemeral_to}: ${m.text}`);
        throw new Error(
          [err.message, 'answers:', ...answers, 'bot log:', ...bot.lines.slice(-30)].join('\n'),
        );
      });
  }

  it('connects with the app-level token and reports Socket Mode on /healthz', async () => {
    expect(slack.calls('apps.connections.open')[0]!.token).toBe(APP_TOKEN);
    expect(slack.socket.connections()).toHaveLength(1);
    expect(slack.socket.connections()[0]!.closedAt).toBeUndefined();
    const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as {
      platforms: Record<string, string>;
    };
    expect(health.platforms).toEqual({ slack: 'socket' });
  });

  it('runs /team setup, /team add, /lead, a Claim race and /meeting while the socket drops and refreshes', async () => {
    const setup = command(BOSS, '/team', 'setup Northwind');
    await settled(
      [setup],
      () => answersTo(BOSS).some((t) => /Northwind team is ready/.test(t)),
      'team ready',
    );

    // Seven adds and the channel at once; the connection drops without a word in the middle.
    const adds = [SAM, ...AES].map((id, i) => {
      if (i === 4) slack.socket.drop();
      const name = slack.user(id)!.real_name;
      return command(
        BOSS,
        '/team',
        `add ${name} <@${id}|${slack.user(id)!.name}> ${id === SAM ? 'sdr' : 'ae'}`,
      );
    });
    const channel = command(BOSS, '/team', 'channel');
    const added = () => answersTo(BOSS).filter((t) => t.startsWith('Added '));
    await settled([...adds, channel], () => added().length >= 7, 'seven adds');
    expect(added()).toHaveLength(7);
    for (const id of [SAM, ...AES])
      expect(added().filter((t) => t.startsWith(`Added ${slack.user(id)!.real_name} (`))).toHaveLength(1);
    expect(slack.socket.connections().length).toBeGreaterThanOrEqual(2);

    const lead = command(SAM, '/lead', 'Acme Inc; Jane Doe; jane@acme.com; inbound; $25k');
    const cards = () => slack.messagesIn(CHANNEL).filter((m) => (m.text ?? '').includes('Acme Inc'));
    await settled([lead], () => cards().length > 0 && answersTo(SAM).length > 0, 'the lead card');
    expect(cards()).toHaveLength(1);
    expect(answersTo(SAM)).toHaveLength(1);

    // Everyone clicks Claim at once; Slack asks for a refresh in the middle of it.
    const card: StoredMessage = cards()[0]!;
    const claim = JSON.stringify(card.blocks).match(/"(lead\.claim:[^"]+)"/)![1]!;
    const clicks = AES.map((ae, i) => {
      if (i === 3) slack.socket.disconnect('refresh_requested', { closeAfterMs: 2000 });
      return slack.socket.deliver(
        'interaction',
        blockAction(slack, { user: ae, message: card, actions: [{ action_id: claim }] }),
      );
    });
    await settled(clicks, () => AES.every((ae) => answersTo(ae).length >= 1), 'an answer to every clicker');
    const owners = AES.filter((ae) => answersTo(ae).some((t) => t.startsWith('It’s yours')));
    expect(owners).toHaveLength(1);
    for (const ae of AES) expect(answersTo(ae)).toHaveLength(1);
    await slack.socket.waitFor(
      () =>
        slack.messagesIn(CHANNEL).find((m) => m.ts === card.ts && /Claimed by/.test(JSON.stringify(m.blocks)))
          ? true
          : undefined,
      'the card edited',
      30_000,
    );

    const meeting = command(SAM, '/meeting', 'L-1 tomorrow 15:00');
    await settled([meeting], () => answersTo(SAM).length >= 2, 'the meeting booked');
    expect(answersTo(SAM)[1]).toMatch(/^Booked: L-1 Acme Inc, .* 15:00/);

    expect(slack.socket.envelopes().every((e) => e.state === 'acked')).toBe(true);
    expect(bot.records.filter((r) => r.msg === 'slack request failed')).toEqual([]);
    slack.expectNoViolations();
  }, 90_000);

  it('closes its connection on SIGTERM', async () => {
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toEqual({ code: 0, signal: null });
    // A close frame (1000), not a connection cut by the exit.
    expect(slack.socket.connections().at(-1)).toMatchObject({ closedBy: 'app', closeCode: 1000 });
  });
});
