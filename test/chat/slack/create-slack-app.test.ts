// createSlackApp's wiring: it takes a configuration already whole for its mode, the constructor
// needs no network, the bot's identity is learned with one auth.test at start (never per
// request), and Bolt answers on our HTTP server's POST /slack/events next to /healthz.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from 'mongoose';
import type { Interactions } from '../../../src/chat/interactions/interactions.js';
import { createMongoJournal } from '../../../src/store/mongo-journal.js';
import { createSlackApp } from '../../../src/chat/slack/create-slack-app.js';
import { createHttpServer } from '../../../src/http/server.js';
import { createLogger } from '../../../src/logger.js';
import {
  createFakeSlack,
  postToApp,
  slashCommand,
  TEST_SIGNING_SECRET,
  type FakeSlack,
} from '../../fakes/slack/index.js';
import { dropAndClose, openTestConnection } from '../../support/db.js';

const log = createLogger({ level: 'silent' });

/** Interactions that only echo: this file tests the adapter's wiring, not the product. */
const echo: Interactions = {
  command: (inb, name, text) =>
    Promise.resolve({
      kind: 'message',
      visibility: 'ephemeral',
      message: { summary: `${name} ${text} from ${inb.speaker.address}`, blocks: [] },
    }),
  action: () => Promise.resolve({ reply: { kind: 'none' } }),
  submit: () => Promise.resolve({ kind: 'done', reply: { kind: 'none' } }),
  checkField: () => Promise.resolve(null),
  home: () => Promise.resolve({ summary: 'home', blocks: [] }),
};

describe('createSlackApp', () => {
  let fake: FakeSlack;
  let conn: Connection;

  beforeAll(async () => {
    fake = await createFakeSlack();
    conn = await openTestConnection();
  });
  afterAll(async () => {
    await fake.close();
    await dropAndClose(conn);
  });

  it('takes only a configuration whole for its mode, and refuses HTTP mode without the HTTP server', () => {
    const base = { interactions: echo, journal: createMongoJournal(conn), log };
    const http = createHttpServer({ log });
    // config.ts hands each mode its whole configuration; a half one does not compile.
    const halfConfigs = () => [
      // @ts-expect-error HTTP mode without its signing secret
      createSlackApp({ ...base, config: { botToken: 'xoxb-1', mode: 'http' }, http }),
      // @ts-expect-error Socket Mode without its app token
      createSlackApp({ ...base, config: { botToken: 'xoxb-1', mode: 'socket' } }),
    ];
    expect(halfConfigs).toBeInstanceOf(Function);
    expect(() =>
      createSlackApp({ ...base, config: { botToken: 'xoxb-1', signingSecret: 's', mode: 'http' } }),
    ).toThrow(
      expect.objectContaining({ code: 'SLACK_APP_CONFIG', message: expect.stringMatching(/HTTP server/) }),
    );
  });

  it('calls auth.test once at start, not in the constructor nor per request, and serves /slack/events beside /healthz', async () => {
    const http = createHttpServer({ log });
    http.route('GET', '/healthz', (_req, res) => void res.end('ok'));
    const slack = createSlackApp({
      config: { botToken: 'xoxb-1', signingSecret: TEST_SIGNING_SECRET, apiUrl: fake.url, mode: 'http' },
      interactions: echo,
      journal: createMongoJournal(conn),
      log,
      http,
      retries: 0,
    });
    expect(fake.calls()).toEqual([]);
    await slack.start();
    expect(fake.calls('auth.test')).toHaveLength(1);
    expect(await slack.identity()).toEqual({
      teamId: fake.team.id,
      botId: fake.bot.botId,
      botUserId: fake.bot.userId,
    });

    const port = await http.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${port}/slack/events`;
    for (const text of ['one', 'two']) {
      const res = await postToApp(
        url,
        'command',
        slashCommand(fake, { command: '/kpi', text, user_id: 'U0ANY', channel_id: 'C0ANY' }),
      );
      expect(res.status).toBe(200);
    }
    await fake.waitForCall('response_url', (c) => String(c.args.text).startsWith('kpi two'));
    expect(fake.calls('auth.test')).toHaveLength(1);
    expect(fake.calls('response_url').map((c) => c.args.text)).toEqual([
      `kpi one from slack:${fake.team.id}:U0ANY`,
      `kpi two from slack:${fake.team.id}:U0ANY`,
    ]);
    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).text()).toBe('ok');
    await slack.stop();
    await http.close();
    fake.expectNoViolations();
  });
});
